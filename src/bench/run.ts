/**
 * The benchmark behind `npm run bench`: a synthetic corpus built cold, optionally warm (cache kept,
 * one article changed), and optionally beside Hugo on the same articles. Speed targets live here,
 * never in timed tests.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSite, type BuildStats } from "../build.ts";
import { portalOptions } from "../options.ts";
import { articleSource, writeBenchContent, writeHugoSite } from "./corpus.ts";

export interface BenchSettings {
  rootDir: string;
  articles: number;
  workers: number;
  warm: boolean;
  /** Path of a Hugo binary to time beside the build, or undefined. */
  hugo: string | undefined;
  log: (line: string) => void;
}

export interface BuildFigures {
  seconds: number;
  pagesPerSecond: number;
  htmlPages: number;
  files: number;
  averagePageKiB: number;
  /** The Pagefind bundle under pagefind/ (index, fragments, its scripts and WebAssembly). */
  searchIndexKiB: number;
  peakRssMb: BuildStats["peakRssMb"];
  minified: number;
  pagesFromCache: number;
  /** Whether the build filled the replaced site's folders instead of making new ones. */
  spareReused: boolean;
  steps: BuildStats["steps"];
  /** CPU seconds (user + system) of the build: this process and the children it waited for (render workers, Pagefind); undefined off Linux. */
  cpu?: CpuSeconds;
}

export interface CpuSeconds {
  /** This process: the model, the post-write steps, the swap. */
  main: number;
  /** The processes it started and waited for: render workers and Pagefind. */
  children: number;
}

export interface BenchReport {
  articles: number;
  workers: number;
  /** Where both builds wrote, and that folder's file system type (Hugo takes twice as long on this machine's ext4 disk as on tmpfs). */
  folder: string;
  fileSystem: string;
  cold: BuildFigures;
  /** One article changed after the cold build: the page and search caches kept, every folder made anew. */
  warm?: BuildFigures;
  /** Another article changed: as `warm`, and into the folders of the site the warm build replaced (`_site.spare`), as every later build on the same machine. */
  warmAgain?: BuildFigures;
  hugo?: { cold: number; warm?: number; pages: number; coldCpu?: number; warmCpu?: number };
}

/** Files, and the rendered HTML pages: the 关怀版 copies under care/ are counted as files only. */
function folderStats(dir: string): { files: number; htmlFiles: number; htmlBytes: number; searchIndexBytes: number } {
  let files = 0;
  let htmlFiles = 0;
  let htmlBytes = 0;
  let searchIndexBytes = 0;
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const stat = statSync(path.join(dir, entry));
    if (!stat.isFile()) continue;
    files += 1;
    if (entry.startsWith(`pagefind${path.sep}`)) searchIndexBytes += stat.size;
    if (entry.endsWith(".html") && !entry.startsWith(`care${path.sep}`)) {
      htmlFiles += 1;
      htmlBytes += stat.size;
    }
  }
  return { files, htmlFiles, htmlBytes, searchIndexBytes };
}

/** Hugo's version as [major, minor], from `hugo version` (e.g. "hugo v0.111.3+extended ..."). */
export function hugoVersion(hugo: string): [number, number] {
  const said = spawnSync(hugo, ["version"], { encoding: "utf8" }).stdout ?? "";
  const match = /v(\d+)\.(\d+)\./.exec(said);
  if (!match) throw new Error(`hugo version: no version in "${said.trim()}"`);
  return [Number(match[1]), Number(match[2])];
}

/** The type of the file system holding `dir` (the longest mount point above it in /proc/mounts), or "unknown". */
export function fileSystemOf(dir: string): string {
  let mounts: string;
  try {
    mounts = readFileSync("/proc/mounts", "utf8");
  } catch {
    return "unknown";
  }
  let best = { point: "", type: "unknown" };
  for (const line of mounts.split("\n")) {
    const [, point, type] = line.split(" ");
    if (!point || !type) continue;
    const inside = dir === point || dir.startsWith(point.endsWith("/") ? point : `${point}/`);
    if (inside && point.length > best.point.length) best = { point, type };
  }
  return best.type;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/**
 * CPU so far of this process and of its children that have exited and been waited for, from
 * /proc/self/stat (utime, stime, cutime, cstime): Node has no API for the children's share.
 * Undefined where there is no /proc.
 */
export function cpuSoFar(): CpuSeconds | undefined {
  const stat = readProcStat();
  return stat === undefined ? undefined : cpuFromProcStat(stat);
}

/** The CPU times of a /proc/<pid>/stat line; undefined when it does not hold them. */
export function cpuFromProcStat(stat: string): CpuSeconds | undefined {
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  const [utime, stime, cutime, cstime] = [fields[11], fields[12], fields[13], fields[14]];
  if ([utime, stime, cutime, cstime].some((value) => value === undefined || !Number.isFinite(value))) return undefined;
  return { main: ((utime as number) + (stime as number)) / TICKS_PER_SECOND, children: ((cutime as number) + (cstime as number)) / TICKS_PER_SECOND };
}

function readProcStat(): string | undefined {
  try {
    return readFileSync("/proc/self/stat", "utf8");
  } catch {
    return undefined;
  }
}

/** CPU spent between two readings, rounded to a tenth of a second. */
export function cpuBetween(before: CpuSeconds | undefined, after: CpuSeconds | undefined): CpuSeconds | undefined {
  if (!before || !after) return undefined;
  const tenth = (seconds: number) => Math.round(seconds * 10) / 10;
  return { main: tenth(after.main - before.main), children: tenth(after.children - before.children) };
}

function timeHugo(hugo: string, siteDir: string): { seconds: number; cpu: number | undefined } {
  const before = cpuSoFar();
  const started = performance.now();
  const run = spawnSync(hugo, ["--minify", "--quiet", "--source", siteDir, "--destination", path.join(siteDir, "public")], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`hugo failed: ${run.stderr}`);
  return { seconds: Math.round(performance.now() - started) / 1000, cpu: cpuBetween(before, cpuSoFar())?.children };
}

export async function runBench(settings: BenchSettings): Promise<BenchReport> {
  const workDir = mkdtempSync(path.join(tmpdir(), "portal-bench-"));
  try {
    const contentDir = path.join(workDir, "content");
    const outputDir = path.join(workDir, "_site");
    const articles = writeBenchContent(settings.rootDir, contentDir, settings.articles);
    const options = portalOptions({ rootDir: settings.rootDir, contentDir, now: "2026-01-01T00:00:00+08:00", cacheDir: path.join(workDir, "cache") });
    const build = async (): Promise<BuildFigures> => {
      const before = cpuSoFar();
      const result = await buildSite({ options, outputDir, workers: settings.workers, log: () => {} });
      if (!result.ok) throw result.contentError ?? new Error(result.failure ?? String(result.error));
      // Before the background removal below, which is not the build's.
      const cpu = cpuBetween(before, cpuSoFar());
      // The replaced site is deleted in the background once the new one is in place; the next
      // build (and the clean-up) should not race it, and it is not part of the build's time.
      await result.previousRemoved();
      const stats = folderStats(outputDir);
      return {
        seconds: result.seconds,
        pagesPerSecond: Math.round(stats.htmlFiles / result.seconds),
        htmlPages: stats.htmlFiles,
        files: stats.files,
        averagePageKiB: Math.round((stats.htmlBytes / Math.max(1, stats.htmlFiles) / 1024) * 10) / 10,
        searchIndexKiB: Math.round(stats.searchIndexBytes / 1024),
        peakRssMb: result.peakRssMb,
        minified: result.minified,
        pagesFromCache: result.pagesFromCache,
        spareReused: result.spareReused,
        steps: result.steps,
        cpu,
      };
    };
    settings.log(`building ${settings.articles} articles with ${settings.workers} worker(s)…`);
    const report: BenchReport = { articles: settings.articles, workers: settings.workers, folder: workDir, fileSystem: fileSystemOf(workDir), cold: await build() };
    const edited = articles[Math.floor(articles.length / 2)];
    if (settings.warm && edited) {
      writeFileSync(path.join(contentDir, "articles", edited.column.slug, edited.file), articleSource(edited, "（修订）"));
      report.warm = await build();
      const again = articles[Math.floor(articles.length / 3)];
      if (again) writeFileSync(path.join(contentDir, "articles", again.column.slug, again.file), articleSource(again, "（修订）"));
      report.warmAgain = await build();
    }
    if (settings.hugo) {
      const hugoDir = path.join(workDir, "hugo");
      const site = JSON.parse(readFileSync(path.join(contentDir, "_data", "site.json"), "utf8")) as { columns: { name: string; slug: string }[] };
      writeHugoSite(hugoDir, articles, site.columns, hugoVersion(settings.hugo));
      const cold = timeHugo(settings.hugo, hugoDir);
      let warm: ReturnType<typeof timeHugo> | undefined;
      if (settings.warm && edited) {
        writeFileSync(path.join(hugoDir, "content", edited.column.slug, edited.file), readFileSync(path.join(hugoDir, "content", edited.column.slug, edited.file), "utf8").replace("见实效", "见实效（修订）"));
        warm = timeHugo(settings.hugo, hugoDir);
      }
      report.hugo = { cold: cold.seconds, warm: warm?.seconds, pages: folderStats(path.join(hugoDir, "public")).htmlFiles, coldCpu: cold.cpu, warmCpu: warm?.cpu };
    }
    return report;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
