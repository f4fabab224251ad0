/**
 * Writes an article's files beside its page: attachments and originals are copied; photos are
 * encoded by @11ty/eleventy-img (sharp) through a persistent cache, so an unchanged photo is never
 * encoded twice. The cache is keyed by the source's bytes and the encoder settings, and is shared
 * by every worker process of a build: each file is written under a temporary name and renamed
 * into place, so a reader never sees half a file and two workers encoding the same photo at once
 * only waste a little time.
 */
import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
import { loadEleventyImage, loadSharp } from "./libvips.ts";
import type { PublishJob } from "./views.ts";

export interface PublishStats {
  /** Renditions encoded by sharp in this run. */
  encoded: number;
  /** Renditions taken from the cache. */
  reused: number;
  /** Files copied as they are (attachments, originals, GIF and SVG). */
  copied: number;
  /** Every file written (or found up to date) beside the pages, absolute paths, sorted. */
  files: string[];
}

/**
 * Encoder settings: part of every cache key, so changing one re-encodes instead of serving stale
 * files. Quality 80 is sharp's default and eleventy-img's; progressive JPEG draws early on slow links.
 */
const ENCODER = {
  version: 1,
  jpeg: { quality: 80, progressive: true },
  webp: { quality: 80 },
  png: { compressionLevel: 9 },
} as const;

/** The encoder settings with sharp's version, as the cache keys carry them. */
async function encoderKey(): Promise<string> {
  // In the order the keys always had, so existing caches stay valid.
  const { version, ...encoders } = ENCODER;
  return JSON.stringify({ version, sharp: (await loadSharp()).versions.sharp ?? "", ...encoders });
}

type Counts = Omit<PublishStats, "files">;
const totals: Counts = { encoded: 0, reused: 0, copied: 0 };

/** What this process has done since it started (tests count encodes with it). */
export function publishTotals(): Counts {
  return { ...totals };
}

export interface Publisher {
  /** Queues the jobs of one page, to be written below `pageDir`; returns at once. */
  request(jobs: readonly PublishJob[], pageDir: string): void;
  /** Waits for everything queued; throws one error naming every job that failed. */
  finish(): Promise<PublishStats>;
}

export interface PublisherOptions {
  /** The image cache folder, e.g. `.cache/images`. */
  cacheDir: string;
  /** Sources encoded at once; sharp itself uses every core for each. */
  concurrency?: number;
  /** Development: copy only when the source is newer than the copy (npm start rebuilds often). */
  incremental?: boolean;
}

type EncodeJob = Extract<PublishJob, { kind: "encode" }>;

export function createPublisher(options: PublisherOptions): Publisher {
  const limit = pLimit(options.concurrency ?? 2);
  const requested = new Set<string>();
  let pending: Promise<void>[] = [];
  let errors: string[] = [];
  let stats: Counts = { encoded: 0, reused: 0, copied: 0 };
  const count = (key: keyof Counts, by = 1) => {
    stats[key] += by;
    totals[key] += by;
  };

  const track = (label: string, task: () => Promise<void>) => {
    pending.push(
      limit(task).catch((error: unknown) => {
        errors.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }),
    );
  };

  return {
    request(jobs, pageDir) {
      const fresh = jobs.filter((job) => {
        const destination = path.join(pageDir, job.to);
        if (requested.has(destination)) return false;
        requested.add(destination);
        return true;
      });
      const bySource = new Map<string, EncodeJob[]>();
      for (const job of fresh) {
        if (job.kind === "copy") {
          track(job.to, async () => {
            if (await copyInto(job.from, path.join(pageDir, job.to), options.incremental ?? false)) count("copied");
          });
        } else {
          const list = bySource.get(job.from) ?? [];
          list.push(job);
          bySource.set(job.from, list);
        }
      }
      for (const [source, group] of bySource) {
        track(source, async () => {
          const result = await encodeThroughCache(source, group, options.cacheDir);
          count("encoded", result.encoded);
          count("reused", result.reused);
          await Promise.all(group.map((job) => copyInto(result.files.get(job.to) ?? "", path.join(pageDir, job.to), false)));
        });
      }
    },
    async finish() {
      // Jobs may still be queued while earlier ones settle; wait until none are left.
      while (pending.length > 0) {
        const batch = pending;
        pending = [];
        await Promise.all(batch);
      }
      const failed = errors;
      const done = { ...stats, files: [...requested].sort() };
      errors = [];
      stats = { encoded: 0, reused: 0, copied: 0 };
      requested.clear();
      if (failed.length > 0) throw new Error(`${failed.length} file(s) could not be published:\n${failed.join("\n")}`);
      return done;
    },
  };
}

/** Copies `from` to `to`, creating folders; in incremental mode skips an up-to-date copy. Returns whether it copied. */
async function copyInto(from: string, to: string, incremental: boolean): Promise<boolean> {
  if (incremental) {
    const [source, target] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
    if (target && target.size === source.size && target.mtimeMs >= source.mtimeMs) return false;
  }
  await mkdir(path.dirname(to), { recursive: true });
  await copyFile(from, to, constants.COPYFILE_FICLONE);
  return true;
}

/** The cache folder of one source: its bytes and the encoder settings, hashed. */
export async function cacheKey(bytes: Buffer): Promise<string> {
  return createHash("sha256").update(await encoderKey()).update(bytes).digest("hex").slice(0, 32);
}

/**
 * Ensures every rendition of `jobs` (all from one source) is in the cache, encoding only the
 * missing ones, and returns the cached file of each job.
 */
async function encodeThroughCache(source: string, jobs: readonly EncodeJob[], cacheDir: string): Promise<{ files: Map<string, string>; encoded: number; reused: number }> {
  const bytes = await readFile(source);
  const folder = path.join(cacheDir, await cacheKey(bytes));
  const cached = (job: { width: number; format: string }) => path.join(folder, `${job.width}.${job.format}`);
  const files = new Map(jobs.map((job) => [job.to, cached(job)]));

  const missing: EncodeJob[] = [];
  for (const job of jobs) {
    if (!(await exists(cached(job)))) missing.push(job);
  }
  const byFormat = new Map<string, number[]>();
  for (const job of missing) byFormat.set(job.format, [...new Set([...(byFormat.get(job.format) ?? []), job.width])]);
  let encoded = 0;
  for (const [format, widths] of byFormat) {
    const Image = await loadEleventyImage();
    const results = await Image(bytes, {
      widths,
      formats: [format],
      dryRun: true,
      useCache: false,
      sharpJpegOptions: ENCODER.jpeg,
      sharpWebpOptions: ENCODER.webp,
      sharpPngOptions: ENCODER.png,
      // eleventy-img turns libvips' errors off: a photo cut short would be published half grey.
      // The check refuses such files first (src/media/integrity.ts); this stops any it missed.
      sharpOptions: { failOn: "truncated" },
    });
    for (const result of results[format] ?? []) {
      if (!result.buffer || !widths.includes(result.width)) continue;
      await writeAtomically(cached({ width: result.width, format }), result.buffer);
      encoded += 1;
    }
    for (const width of widths) {
      if (!(await exists(cached({ width, format })))) throw new Error(`eleventy-img produced no ${width}px ${format}`);
    }
  }
  return { files, encoded, reused: jobs.length - missing.length };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes under a unique temporary name, then renames: readers see the whole file or none. */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * The files beside pages that a warm build took from its page cache instead of rendering: written
 * from the image cache (encoded only if that cache lost them). Returns them relative to `siteDir`.
 */
export async function publishBesideCopiedPages(owners: readonly { url: string; media: { jobs: readonly PublishJob[] } }[], copiedPages: readonly string[], siteDir: string, cacheDir: string): Promise<string[]> {
  const copied = new Set(copiedPages);
  const publisher = createPublisher({ cacheDir: path.join(cacheDir, "images") });
  for (const owner of owners) {
    const page = `${owner.url.replace(/^\//, "")}index.html`;
    if (owner.media.jobs.length > 0 && copied.has(page)) publisher.request(owner.media.jobs, path.join(siteDir, path.dirname(page)));
  }
  const { files } = await publisher.finish();
  return files.map((file) => path.relative(siteDir, file).split(path.sep).join("/"));
}
