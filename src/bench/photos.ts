/**
 * The photo benchmark behind `npm run bench:photos`: production builds of the bundled site and of
 * a generated site with N photo articles (one distinct 3000×2000 photo each), each built cold (empty
 * image cache) and warm (cache kept), plus the cost of one AVIF and one WebP encode of a photo for
 * comparison. Speed figures live here, never in timed tests.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Image from "@11ty/eleventy-img";
import sharp from "sharp";
import { buildSite } from "../build.ts";
import { publishTotals } from "../media/publish.ts";
import { portalOptions } from "../options.ts";

export interface PhotoBenchSettings {
  rootDir: string;
  photos: number;
  workers: number;
  log: (line: string) => void;
}

export interface BuildTiming {
  seconds: number;
  /** Renditions encoded and taken from the cache (counted in this process: in-process renders only). */
  encoded: number;
  reused: number;
}

export interface PhotoBenchReport {
  photos: number;
  bundled: { cold: BuildTiming; warm: BuildTiming };
  fixture: { cold: BuildTiming; warm: BuildTiming };
  /** One 3000×2000 photo to the three body widths, seconds per format. */
  encode: Record<"jpeg" | "webp" | "avif", number>;
}

/** A photo-like 3000×2000 JPEG: smooth shapes under fine grain, different for every `seed`. */
async function photo(seed: number, grain: Buffer): Promise<Buffer> {
  const x = 300 + ((seed * 397) % 2200);
  const y = 200 + ((seed * 211) % 1400);
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="2000"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},45%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},35%,35%)"/></linearGradient></defs><rect width="3000" height="2000" fill="url(#g)"/><circle cx="${x}" cy="${y}" r="420" fill="hsl(${(hue + 200) % 360},60%,45%)"/><rect x="${3000 - x}" y="${2000 - y - 300}" width="700" height="600" fill="#333" opacity="0.6"/></svg>`;
  return sharp(Buffer.from(svg))
    .composite([{ input: grain, raw: { width: 3000, height: 2000, channels: 3 }, blend: "overlay" }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Fine grain (blurred noise), shared by every generated photo so generating stays quick. */
async function grainLayer(): Promise<Buffer> {
  const noise = Buffer.alloc(3000 * 2000 * 3);
  let state = 7;
  for (let index = 0; index < noise.length; index += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    noise[index] = 96 + (state >> 25);
  }
  return sharp(noise, { raw: { width: 3000, height: 2000, channels: 3 } }).blur(0.8).raw().toBuffer();
}

function writePhotoContent(rootDir: string, contentDir: string, photos: readonly Buffer[]): void {
  cpSync(path.join(rootDir, "content", "_data"), path.join(contentDir, "_data"), { recursive: true });
  cpSync(path.join(rootDir, "content", "pages"), path.join(contentDir, "pages"), { recursive: true });
  cpSync(path.join(rootDir, "content", "static"), path.join(contentDir, "static"), { recursive: true });
  const site = JSON.parse(readFileSync(path.join(contentDir, "_data", "site.json"), "utf8")) as { columns: { name: string; slug: string }[] };
  photos.forEach((bytes, index) => {
    const column = site.columns[index % site.columns.length] as { name: string; slug: string };
    const dir = path.join(contentDir, "articles", column.slug, `photo-${index}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "photo.jpg"), bytes);
    const day = `2024-${String((index % 12) + 1).padStart(2, "0")}-${String((index % 28) + 1).padStart(2, "0")}`;
    writeFileSync(
      path.join(dir, "index.md"),
      `---\ntitle: 第${index}号图片新闻：社区开展主题活动\ndate: ${day}\ncolumn: ${column.name}\neditor: 王伟\n---\n\n近日，某社区组织开展主题活动，居民踊跃参与。\n\n![活动现场](photo.jpg "活动现场（示意图）")\n\n活动现场气氛热烈，取得了良好效果。\n`,
    );
  });
}

async function timeBuild(rootDir: string, contentDir: string, cacheDir: string, outputDir: string, workers: number): Promise<BuildTiming> {
  const options = portalOptions({ rootDir, contentDir, now: "2026-01-01T00:00:00+08:00", cacheDir });
  const before = publishTotals();
  const result = await buildSite({ options, outputDir, workers, log: () => {} });
  if (!result.ok) throw result.contentError ?? new Error(result.failure ?? String(result.error));
  const after = publishTotals();
  return { seconds: result.seconds, encoded: after.encoded - before.encoded, reused: after.reused - before.reused };
}

async function encodeSeconds(bytes: Buffer, format: string): Promise<number> {
  const started = performance.now();
  await Image(bytes, { widths: [480, 800, 1200], formats: [format], dryRun: true, useCache: false });
  return Math.round(performance.now() - started) / 1000;
}

export async function runPhotoBench(settings: PhotoBenchSettings): Promise<PhotoBenchReport> {
  const workDir = mkdtempSync(path.join(tmpdir(), "portal-bench-photos-"));
  try {
    const log = settings.log;
    log("bundled site: cold, then warm");
    const bundledCold = await timeBuild(settings.rootDir, path.join(settings.rootDir, "content"), path.join(workDir, "cache-bundled"), path.join(workDir, "bundled"), settings.workers);
    const bundledWarm = await timeBuild(settings.rootDir, path.join(settings.rootDir, "content"), path.join(workDir, "cache-bundled"), path.join(workDir, "bundled"), settings.workers);

    log(`generating ${settings.photos} photos (3000×2000 JPEG)`);
    const grain = await grainLayer();
    const photos: Buffer[] = [];
    for (let index = 0; index < settings.photos; index += 1) photos.push(await photo(index, grain));
    const contentDir = path.join(workDir, "content");
    writePhotoContent(settings.rootDir, contentDir, photos);
    log(`${settings.photos}-photo site: cold, then warm`);
    const cold = await timeBuild(settings.rootDir, contentDir, path.join(workDir, "cache"), path.join(workDir, "site"), settings.workers);
    const warm = await timeBuild(settings.rootDir, contentDir, path.join(workDir, "cache"), path.join(workDir, "site"), settings.workers);

    log("one photo, three widths, per format");
    const sample = photos[0] ?? (await photo(0, grain));
    const encode = { jpeg: await encodeSeconds(sample, "jpeg"), webp: await encodeSeconds(sample, "webp"), avif: await encodeSeconds(sample, "avif") };
    return { photos: settings.photos, bundled: { cold: bundledCold, warm: bundledWarm }, fixture: { cold, warm }, encode };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
