/**
 * `npm run bench [-- N]`: generates N synthetic articles (default 2000) in a temporary folder,
 * runs the production build on them, and prints build time, pages/s and peak memory.
 * Speed targets live here, never in timed tests.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSite } from "../build.ts";

const count = Number(process.argv[2] ?? process.env.BENCH_ARTICLES ?? 2000);
if (!Number.isInteger(count) || count < 1) throw new Error(`usage: npm run bench -- <number of articles>, got ${process.argv[2]}`);

const rootDir = process.cwd();
const workDir = mkdtempSync(path.join(tmpdir(), "portal-bench-"));
const contentDir = path.join(workDir, "content");
const outputDir = path.join(workDir, "_site");

/** Deterministic pseudo-random numbers, so every run builds the same corpus. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function generate(): void {
  cpSync(path.join(rootDir, "content", "_data"), path.join(contentDir, "_data"), { recursive: true });
  cpSync(path.join(rootDir, "content", "pages"), path.join(contentDir, "pages"), { recursive: true });
  const site = JSON.parse(readFileSync(path.join(contentDir, "_data", "site.json"), "utf8")) as { columns: { name: string; slug: string }[] };
  const tags = ["基层治理", "党建引领", "作风建设", "廉政教育", "普法宣传", "垃圾分类", "加装电梯", "网格化管理", "家风建设", "民生监督", "为民服务", "小微权力"];
  const paragraph = "近年来，某区坚持以党建引领基层治理，推动资源下沉、服务前移，群众的获得感、幸福感、安全感不断增强。社区党组织牵头召开居民议事会，收集意见建议，逐项推动解决。";
  const random = lcg(42);
  for (let index = 0; index < count; index += 1) {
    const column = site.columns[index % site.columns.length] as { name: string; slug: string };
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000).toISOString().slice(0, 10);
    const picked = [tags[Math.floor(random() * tags.length)], tags[Math.floor(random() * tags.length)]];
    const reprint = index % 2 === 0 ? `source: 新华网\noriginalUrl: https://www.gov.cn/xinwen/${day.replace(/-/g, "")}/${index}.html\n` : "";
    const dir = path.join(contentDir, "articles", column.slug);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `bench-${index}.md`),
      `---\ntitle: 第${index}号测试文章：党建引领基层治理见实效\ndate: ${day}\ncolumn: ${column.name}\neditor: 王伟\nproofreader: 李晓艳\n${reprint}tags: [${picked.join(", ")}]\n---\n\n${Array.from({ length: 6 }, () => paragraph).join("\n\n")}\n`,
    );
  }
}

function folderStats(dir: string): { files: number; htmlFiles: number; htmlBytes: number } {
  let files = 0;
  let htmlFiles = 0;
  let htmlBytes = 0;
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, entry);
    if (!statSync(full).isFile()) continue;
    files += 1;
    if (entry.endsWith(".html")) {
      htmlFiles += 1;
      htmlBytes += statSync(full).size;
    }
  }
  return { files, htmlFiles, htmlBytes };
}

try {
  const generateStart = performance.now();
  generate();
  console.log(`generated ${count} articles in ${((performance.now() - generateStart) / 1000).toFixed(1)} s`);
  const result = await buildSite({ rootDir, outputDir, env: { ...process.env, PORTAL_CONTENT: contentDir, PORTAL_NOW: "2026-01-01T00:00:00+08:00" }, log: () => {} });
  if (!result.ok) throw result.contentError ?? result.error;
  const stats = folderStats(outputDir);
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`articles:      ${count}`);
  console.log(`files written: ${stats.files} (${stats.htmlFiles} HTML pages)`);
  console.log(`build time:    ${result.seconds.toFixed(2)} s`);
  console.log(`pages/s:       ${Math.round(stats.htmlFiles / result.seconds)}`);
  console.log(`peak memory:   ${peakMb} MB (max RSS)`);
  console.log(`average page:  ${(stats.htmlBytes / stats.htmlFiles / 1024).toFixed(1)} KiB of HTML`);
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
