/**
 * `npm run bench [-- --articles N] [--workers N] [--warm] [--hugo] [--dev] [--json]`: builds N synthetic
 * articles (default 10,000) in a temporary folder and prints wall time, pages/s, peak RSS per
 * process and page weight; `--dev` times an edit in `npm start` instead; `--warm` builds again with the cache kept and one article changed;
 * `--hugo` times Hugo (`apt-get install -y hugo`) on the same articles. Cleans up after itself.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { defaultWorkers } from "../build.ts";
import { runDevBench } from "../bench/dev.ts";
import { runBench, type BuildFigures } from "../bench/run.ts";

const { values } = parseArgs({
  options: { dev: { type: "boolean" }, articles: { type: "string", default: "10000" }, workers: { type: "string" }, warm: { type: "boolean" }, hugo: { type: "boolean" }, json: { type: "boolean" } },
});
const articles = Number(values.articles);
const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
if (!Number.isInteger(articles) || articles < 1 || !Number.isInteger(workers) || workers < 0) {
  console.error("usage: npm run bench -- [--articles N] [--workers N] [--warm] [--hugo] [--json]");
  process.exit(2);
}
let hugo: string | undefined;
if (values.hugo) {
  hugo = spawnSync("sh", ["-c", "command -v hugo"], { encoding: "utf8" }).stdout.trim();
  if (!hugo) {
    console.error("--hugo needs Hugo: apt-get install -y hugo");
    process.exit(2);
  }
}

if (values.dev) {
  const figures = await runDevBench(process.cwd(), articles);
  if (values.json) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log(`npm start with ${figures.articles} articles: first build ${figures.firstBuildSeconds.toFixed(1)} s (search index ready at ${figures.searchIndexSeconds.toFixed(1)} s); an edited article visible ${figures.editVisibleSeconds.toFixed(2)} s after saving (median of ${figures.edits.map((seconds) => seconds.toFixed(2)).join(", ")})`);
  }
  process.exit(0);
}
let report;
try {
  report = await runBench({ rootDir: process.cwd(), articles, workers, warm: values.warm ?? false, hugo, log: (line) => console.error(line) });
} catch (error) {
  console.error(`npm run bench: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exit(1);
}
if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const show = (label: string, figures: BuildFigures) => {
    console.log(`${label}: ${figures.seconds.toFixed(2)} s, ${figures.pagesPerSecond} pages/s, ${figures.htmlPages} HTML pages (${figures.files} files), ${figures.averagePageKiB} KiB per page, search index ${figures.searchIndexKiB} KiB`);
    console.log(`  peak RSS: ${figures.peakRssMb.map((entry) => `${entry.process} ${entry.mb} MB`).join(", ")}`);
    if (figures.cpu) console.log(`  CPU: ${(figures.cpu.main + figures.cpu.children).toFixed(1)} s (this process ${figures.cpu.main.toFixed(1)} s, render workers and Pagefind ${figures.cpu.children.toFixed(1)} s)`);
    console.log(`  pages from the page cache ${figures.pagesFromCache}, minified ${figures.minified}, folders ${figures.spareReused ? "of the replaced site reused" : "made anew"}; steps: ${figures.steps.map((step) => `${step.name} ${step.seconds}s`).join(", ")}`);
  };
  console.log(`articles: ${report.articles}, workers: ${report.workers}, built in ${report.folder} (${report.fileSystem}; TMPDIR moves it)`);
  show("cold build", report.cold);
  if (report.warm) show("warm build (cache kept, one article changed)", report.warm);
  if (report.warmAgain) show("warm again (another article changed, the replaced site's folders reused)", report.warmAgain);
  if (report.hugo) {
    const hugoCpu = (cpu: number | undefined) => (cpu === undefined ? "" : ` (CPU ${cpu.toFixed(1)} s)`);
    console.log(`hugo --minify: cold ${report.hugo.cold.toFixed(2)} s${hugoCpu(report.hugo.coldCpu)}${report.hugo.warm !== undefined ? `, warm ${report.hugo.warm.toFixed(2)} s${hugoCpu(report.hugo.warmCpu)}` : ""} (${report.hugo.pages} HTML pages)`);
    const hugoWarm = report.hugo.warm;
    const warmRatios = hugoWarm ? [report.warm, report.warmAgain].flatMap((figures) => (figures ? [`${(figures.seconds / hugoWarm).toFixed(1)}×`] : [])).join(", again ") : "";
    const coldCpu = report.cold.cpu;
    const cpuRatio = coldCpu && report.hugo.coldCpu ? `; CPU, cold: ${((coldCpu.main + coldCpu.children) / report.hugo.coldCpu).toFixed(1)}×` : "";
    console.log(`ratio to Hugo: cold ${(report.cold.seconds / report.hugo.cold).toFixed(1)}×${warmRatios ? `, warm ${warmRatios}` : ""}${cpuRatio}`);
  }
}
