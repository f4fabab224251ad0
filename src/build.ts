/**
 * The production build, as a pipeline of named steps:
 *
 *   guard output → lock → validate + model → render (N shards) → post-write steps → swap
 *
 * Every step takes its options as arguments; nothing here reads the environment, installs signal
 * handlers or exits (src/cli/build.ts does). A failed, stopped or killed build leaves the previous
 * output exactly as it was, and its temporary folder is removed.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { ContentError, findContentError } from "./content/problems.ts";
import { loadPortal, type PortalData } from "./model/load.ts";
import { everyPage, planShards, type ShardPlan, type WorkList } from "./model/shards.ts";
import type { PortalOptions } from "./options.ts";
import { TEMP_MARK, TRASH_MARK, OutputError, checkOutputFolder, describeWriteFailure, freshFolder, protectedFolders, lockOutput, markSite, pruneEmptyFolders, removeInBackground, removeNowOrLater, swapIn } from "./pipeline/output.ts";
import { publishBesideCopiedPages } from "./media/publish.ts";
import { hasPageCache, openPageCache, type PageStore } from "./pipeline/page-cache.ts";
import { defaultSteps, StepError, type PostWriteStep } from "./pipeline/steps.ts";
import { RenderError, renderInWorkers, startRenderWorkers, type RenderWorkers, type ShardReport } from "./pipeline/workers.ts";

export interface BuildSettings {
  options: PortalOptions;
  /** The published folder (absolute, or relative to options.rootDir). */
  outputDir: string;
  /** Render worker processes; 0 renders in this process (tests, small sites). */
  workers: number;
  /** Most pages one Eleventy run holds at once; bigger sites are cut into more shards. */
  pagesPerShard?: number;
  /** Below this many pages to render, worker processes cost more than they save (default 600). */
  inProcessBelowPages?: number;
  /** Whether unchanged pages come from the page cache under options.cacheDir (and rendered ones are stored there). */
  useCache?: boolean;
  steps?: PostWriteStep[];
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface StepTiming {
  name: string;
  seconds: number;
}

export interface BuildStats {
  /** Files written (pages, feeds, sitemaps, assets). */
  fileCount: number;
  seconds: number;
  steps: StepTiming[];
  shardCount: number;
  /** Peak RSS per process, MB: this process first, then each worker. */
  peakRssMb: { process: string; mb: number }[];
  /** Pages minified by this build (the rest came from the page cache). */
  minified: number;
  /** Pages copied from the page cache instead of rendered. */
  pagesFromCache: number;
  /** Whether the build filled the folders of the site the build before it replaced (`<output>.spare`) instead of making new ones. */
  spareReused: boolean;
  /** Waits until the replaced site and the spare's emptied files are deleted; that happens in the background, after `seconds`. */
  previousRemoved: () => Promise<void>;
}

export type BuildResult =
  | ({ ok: true } & BuildStats)
  | { ok: false; seconds: number; contentError?: ContentError; /** One line: what stopped the build. */ failure?: string; stopped?: boolean; error?: unknown };

export const DEFAULT_PAGES_PER_SHARD = 4000;
/** Below this many pages, starting worker processes costs more than it saves: render in-process. */
export const IN_PROCESS_BELOW_PAGES = 600;

/** Workers for `npm run build`: every core by default. */
export function defaultWorkers(): number {
  return availableParallelism();
}

class Stopped extends Error {}

/** Runs named steps in order, timing each, stopping between steps when `signal` aborts. */
function stepRunner(signal: AbortSignal | undefined, timings: StepTiming[]) {
  return async <T>(name: string, step: () => Promise<T> | T): Promise<T> => {
    if (signal?.aborted) throw new Stopped();
    const started = performance.now();
    const result = await step();
    timings.push({ name, seconds: Math.round(performance.now() - started) / 1000 });
    if (signal?.aborted) throw new Stopped();
    return result;
  };
}

/** How many shards a site of `pageCount` pages is cut into for `workers` processes. */
export function shardCountFor(pageCount: number, workers: number, pagesPerShard = DEFAULT_PAGES_PER_SHARD): number {
  const slots = Math.max(1, workers);
  const rounds = Math.max(1, Math.ceil(pageCount / (slots * pagesPerShard)));
  return slots * rounds;
}

/** Renders the given shards into `siteDir`, in workers or in this process; returns every shard's report. */
async function renderShards(settings: BuildSettings, portal: PortalData, work: WorkList, plans: readonly ShardPlan[], siteDir: string, pageStore?: PageStore, started?: RenderWorkers): Promise<{ shards: ShardReport[]; workerPeakMb: number[] }> {
  const pageCount = work.articles.length + work.listings.length;
  if (settings.workers > 0 && pageCount >= (settings.inProcessBelowPages ?? IN_PROCESS_BELOW_PAGES)) return renderInWorkers(settings.options, portal, work, plans, siteDir, settings.workers, pageStore, settings.signal, started);
  // Eleventy is loaded only here: a build that renders in workers, or stops at a problem, never needs it in this process (about 0.7 s of CPU).
  const { renderPages } = await import("./render.ts");
  const shards: ShardReport[] = [];
  for (const plan of plans) {
    if (settings.signal?.aborted) throw new Stopped();
    const result = await renderPages({ options: settings.options, portal, outputDir: siteDir, plan, work, pageStore });
    shards.push({ index: plan.index, files: result.files, minify: result.minify });
  }
  return { shards, workerPeakMb: [] };
}

/** A failure as one line, or undefined when it is not one the build knows how to word. */
function describeFailure(error: unknown): string | undefined {
  if (error instanceof OutputError || error instanceof StepError) return error.message;
  const write = describeWriteFailure(errnoIn(error));
  if (write) return write;
  if (error instanceof RenderError) return `rendering failed: ${error.message.split("\n")[0]}`;
  return undefined;
}

/** The first error in a cause chain that carries a file-system code. */
function errnoIn(error: unknown): unknown {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    if (typeof (current as { code?: unknown }).code === "string" && /^E[A-Z]+$/.test((current as { code: string }).code)) return current;
    seen.add(current);
    const record = current as { originalError?: unknown; cause?: unknown };
    current = record.originalError ?? record.cause;
  }
  return error;
}

interface Prepared {
  outputDir: string;
  shown: string;
}

function prepare(settings: BuildSettings): Prepared {
  const outputDir = path.resolve(settings.options.rootDir, settings.outputDir);
  const shown = path.relative(settings.options.rootDir, outputDir) || outputDir;
  return { outputDir, shown };
}


/**
 * Shared frame of the build, a shard render and a merge: guard, lock, validate + model, then
 * `produce` fills a fresh folder, then post-write steps and the swap.
 */
type Produce = (
  portal: PortalData,
  siteDir: string,
  run: ReturnType<typeof stepRunner>,
  /** Call once every article page is in the folder: steps that need only those start then. */
  articlePagesWritten: (filesSoFar: readonly string[]) => void,
) => Promise<{ files: string[]; shards: number; workerPeakMb: number[]; minified: number; reused?: number }>;

interface Frame {
  runSteps: boolean;
  /**
   * Runs once the output is guarded and locked, before the model: where render workers are
   * started ahead, so a build refused at the guard or the lock never starts them.
   */
  onLocked?: () => void;
  /** Build in the folders of the site the last build replaced (`<output>.spare`), and keep the one this build replaces for the next. */
  reuseSpare?: boolean;
}

async function atomically(settings: BuildSettings, produce: Produce, { runSteps, onLocked, reuseSpare = false }: Frame): Promise<BuildResult> {
  const started = performance.now();
  const seconds = () => Math.round(performance.now() - started) / 1000;
  const { outputDir, shown } = prepare(settings);
  const timings: StepTiming[] = [];
  const run = stepRunner(settings.signal, timings);
  let lock: { release(): void } | undefined;
  let siteDir: string | undefined;
  const steps = runSteps ? (settings.steps ?? defaultSteps()) : [];
  // Steps started before the writing ended: step → its run, and when it started.
  const early = new Map<PostWriteStep, { running: Promise<void>; started: number }>();
  // Folders left to delete in the background (the files emptied out of the spare).
  const removals: (() => Promise<void>)[] = [];
  try {
    await run("guard output", () => checkOutputFolder(outputDir, protectedFolders(settings.options)));
    lock = await run("lock", () => lockOutput(outputDir, shown));
    onLocked?.();
    const portal = await run("validate + model", () => loadPortal(settings.options, settings.log));
    siteDir = `${outputDir}${TEMP_MARK}${process.pid}-${Date.now()}`;
    const fresh = siteDir;
    const taken = reuseSpare ? await run("folders from the spare", () => freshFolder(outputDir, fresh, `${outputDir}${TRASH_MARK}${process.pid}-${Date.now()}-spare`)) : (mkdirSync(fresh), { reused: false, toRemove: [] });
    const reused = taken.reused;
    for (const folder of taken.toRemove) removals.push(removeInBackground(folder));
    const context = (files: readonly string[]) => ({ siteDir: fresh, options: settings.options, portal, files, useCache: settings.useCache !== false, signal: settings.signal, log: settings.log });
    const articlePagesWritten = (filesSoFar: readonly string[]) => {
      for (const step of steps) {
        if (!step.needsOnlyArticlePages || early.has(step) || settings.signal?.aborted) continue;
        const running = step.run(context(filesSoFar));
        running.catch(() => {}); // Awaited below, in step order; this only keeps it from counting as unhandled meanwhile.
        early.set(step, { running, started: performance.now() });
      }
    };
    const produced = await produce(portal, fresh, run, articlePagesWritten);
    for (const step of steps) {
      const started = early.get(step);
      if (!started) {
        await run(step.name, () => step.run(context(produced.files)));
        continue;
      }
      await run(`${step.name} (waited for)`, () => started.running);
      timings.push({ name: `${step.name} (from its early start)`, seconds: Math.round(performance.now() - started.started) / 1000 });
    }
    if (reused) await run("folders left empty removed", () => pruneEmptyFolders(fresh));
    markSite(fresh);
    const swapped = await run("swap", () => swapIn(fresh, outputDir, reuseSpare));
    const previousRemoved = async () => {
      await Promise.all([swapped.previousRemoved(), ...removals.map((removed) => removed())]);
    };
    siteDir = undefined;
    return {
      ok: true,
      fileCount: produced.files.length,
      seconds: seconds(),
      steps: timings,
      shardCount: produced.shards,
      peakRssMb: [{ process: "main", mb: Math.round(process.resourceUsage().maxRSS / 1024) }, ...produced.workerPeakMb.map((mb, index) => ({ process: `worker ${index + 1}`, mb }))],
      minified: produced.minified,
      previousRemoved,
      pagesFromCache: produced.reused ?? 0,
      spareReused: reused,
    };
  } catch (error) {
    if (error instanceof Stopped || settings.signal?.aborted) return { ok: false, seconds: seconds(), stopped: true, failure: `stopped; ${shown} is unchanged` };
    const contentError = findContentError(error);
    if (contentError) return { ok: false, seconds: seconds(), contentError };
    const failure = describeFailure(error);
    return failure ? { ok: false, seconds: seconds(), failure } : { ok: false, seconds: seconds(), error };
  } finally {
    // A step still writing into the folder must finish before the folder is removed.
    await Promise.allSettled([...early.values()].map((step) => step.running));
    try {
      if (siteDir) removeNowOrLater(siteDir, `${outputDir}${TRASH_MARK}${process.pid}-${Date.now()}-failed`);
    } finally {
      lock?.release();
    }
  }
}

function totals(shards: readonly ShardReport[]) {
  return {
    files: shards.flatMap((shard) => shard.files),
    minified: shards.reduce((sum, shard) => sum + shard.minify.minified, 0),
  };
}

/**
 * Render workers started before the model is computed, so their start-up overlaps it: when every
 * page will be rendered (no page cache yet, or none used) on more than one core, and the content
 * holds articles enough for the render to fork at all. A warm build renders a few pages in this
 * process, and a small site all of its pages; started for them, each worker would only cost
 * about 2 s of CPU.
 */
export function startsWorkersAhead(settings: Pick<BuildSettings, "options" | "workers" | "inProcessBelowPages">, everyPageRenders: boolean): boolean {
  if (settings.workers <= 1 || !everyPageRenders) return false;
  // Every article is at least one page; the listings come on top, so half the threshold in articles is a safe guess.
  const articlesEnough = Math.floor((settings.inProcessBelowPages ?? IN_PROCESS_BELOW_PAGES) / 2);
  return holdsMarkdownFiles(path.join(settings.options.contentDir, "articles"), articlesEnough);
}

/** Render workers to start once the output is locked (`start`), if any; `close` stops those left unused. */
function workersAhead(settings: BuildSettings, everyPageRenders: boolean) {
  let started: RenderWorkers | undefined;
  return {
    start: () => {
      if (startsWorkersAhead(settings, everyPageRenders)) started = startRenderWorkers(settings.options.rootDir, settings.workers);
    },
    started: () => started,
    close: async () => started?.close(),
  };
}

/** Whether `folder` and its subfolders hold at least `enough` `.md` files; stops counting there, never follows links. */
function holdsMarkdownFiles(folder: string, enough: number): boolean {
  let found = 0;
  const reaches = (dir: string): boolean => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      if (entry.isDirectory() ? reaches(path.join(dir, entry.name)) : entry.isFile() && entry.name.endsWith(".md") && ++found >= enough) return true;
    }
    return false;
  };
  return found >= enough || reaches(folder);
}

/** A production build of the content into `settings.outputDir`, atomically. */
export async function buildSite(settings: BuildSettings): Promise<BuildResult> {
  const ahead = workersAhead(settings, settings.useCache === false || !hasPageCache(settings.options));
  try {
    return await buildSiteWith(settings, ahead);
  } finally {
    await ahead.close();
  }
}

async function buildSiteWith(settings: BuildSettings, ahead: ReturnType<typeof workersAhead>): Promise<BuildResult> {
  return atomically(
    settings,
    async (portal, siteDir, run, articlePagesWritten) => {
      const cache = settings.useCache === false ? undefined : await run("page cache", () => openPageCache(settings.options, portal));
      const work = cache?.work ?? everyPage(portal);
      const pages = work.articles.length + work.listings.length;
      const count = shardCountFor(pages, pages < (settings.inProcessBelowPages ?? IN_PROCESS_BELOW_PAGES) ? 1 : settings.workers, settings.pagesPerShard);
      const plans = planShards(work.articles.length, work.listings.length, count);
      const rendered = await run("render", () => renderShards(settings, portal, work, plans, siteDir, cache?.store, ahead.started()));
      const sum = totals(rendered.shards);
      const copiedArticles = cache ? await run("article pages from the cache", () => cache.writeArticles(siteDir)) : [];
      articlePagesWritten([...sum.files, ...copiedArticles]);
      const copied = cache ? [...copiedArticles, ...(await run("other pages and 关怀版 copies from the cache", () => cache.writeRest(siteDir)))] : [];
      // Photos and attachments of pages taken from the cache (rendered pages wrote their own).
      const besideCopied = copied.length > 0 ? await run("files of cached pages", () => publishBesideCopiedPages(portal.articles, copied, siteDir, settings.options.cacheDir)) : [];
      return { ...sum, files: [...sum.files, ...copied, ...besideCopied], shards: plans.length, workerPeakMb: rendered.workerPeakMb, reused: cache?.reused ?? 0 };
    },
    // With the page cache the replaced site's pages are the cache's files, so keeping it costs its folders only.
    { runSteps: true, onLocked: ahead.start, reuseSpare: settings.useCache !== false },
  );
}

/** The manifest each shard folder carries, for the merge. */
export interface ShardManifest {
  index: number;
  count: number;
  /** A digest of the model: shards of different content never merge. */
  model: string;
  files: string[];
}

export const SHARD_MANIFEST = ".portal-shard.json";

/** A shard's manifest, checked: a file that does not parse, or a listed path that would leave the site, is a refusal naming it. */
function readShardManifest(folder: string, shown: string): ShardManifest {
  const file = path.join(folder, SHARD_MANIFEST);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new StepError(`${shown} is not a shard folder (no ${SHARD_MANIFEST})`);
    throw new StepError(`${path.join(shown, SHARD_MANIFEST)} cannot be read (${code ?? "not JSON"}): rebuild the shard`);
  }
  const { index, count, model, files } = (manifest ?? {}) as Partial<ShardManifest>;
  const shapeOk = Number.isInteger(index) && Number.isInteger(count) && typeof model === "string" && Array.isArray(files) && files.every((entry) => typeof entry === "string");
  if (!shapeOk) throw new StepError(`${path.join(shown, SHARD_MANIFEST)} is not a shard manifest: rebuild the shard`);
  // Relative, forward slashes, no `..` or empty segment: a listed file stays inside the shard and the site.
  const outside = (files as string[]).find((entry) => entry.startsWith("/") || entry.includes("\\") || entry.split("/").some((segment) => segment === "" || segment === "." || segment === ".."));
  if (outside !== undefined) throw new StepError(`${path.join(shown, SHARD_MANIFEST)} lists "${outside}", a path outside the site: rebuild the shard`);
  return manifest as ShardManifest;
}

function lstatSyncOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** A hard link (the shard keeps its file); a copy across file systems, where a link cannot be made. */
function placeFile(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    copyFileSync(from, to);
  }
}

/** A digest of what the model says about URLs and content, equal on every machine for the same input. */
function modelDigest(portal: PortalData): string {
  const hash = createHash("sha256");
  for (const article of portal.articles) hash.update(`${article.url}\n${article.title}\n${article.date.iso}\n${article.body}\n`);
  for (const listing of portal.listings) hash.update(`${listing.url}\n${listing.items.length}\n`);
  hash.update(JSON.stringify(portal.site));
  return hash.digest("hex").slice(0, 16);
}

/**
 * Renders shard `index` of `count` (`npm run build -- --shard 2/8`) into its own folder, for a CI
 * matrix; `mergeShards` combines the folders. Within the machine it still uses `workers`.
 */
export async function buildShard(settings: BuildSettings, index: number, count: number): Promise<BuildResult> {
  const ahead = workersAhead(settings, true);
  try {
    return await buildShardWith(settings, index, count, ahead);
  } finally {
    await ahead.close();
  }
}

async function buildShardWith(settings: BuildSettings, index: number, count: number, ahead: ReturnType<typeof workersAhead>): Promise<BuildResult> {
  return atomically(
    settings,
    async (portal, siteDir, run) => {
      const pages = portal.articles.length + portal.listings.length;
      const local = shardCountFor(Math.ceil(pages / count), settings.workers, settings.pagesPerShard);
      // The machine's shard is `local` consecutive pieces of a plan of count × local pieces.
      const plans = planShards(portal.articles.length, portal.listings.length, count * local).slice((index - 1) * local, index * local);
      const rendered = await run("render", () => renderShards(settings, portal, everyPage(portal), plans, siteDir, undefined, ahead.started()));
      const sum = totals(rendered.shards);
      const manifest: ShardManifest = { index, count, model: modelDigest(portal), files: sum.files };
      writeFileSync(path.join(siteDir, SHARD_MANIFEST), JSON.stringify(manifest));
      return { ...sum, shards: plans.length, workerPeakMb: rendered.workerPeakMb };
    },
    { runSteps: false, onLocked: ahead.start },
  );
}

/**
 * Combines shard folders (`<shardsDir>/<i>/`, each made by buildShard) into the output: checks
 * that every shard of one plan is there, made from the same content, that no file was written
 * twice and every page once, runs the post-write steps once, and swaps the result in.
 */
export async function mergeShards(settings: BuildSettings, shardsDir: string): Promise<BuildResult> {
  const shardsRoot = path.resolve(settings.options.rootDir, shardsDir);
  return atomically(
    settings,
    async (portal, siteDir) => {
      if (!existsSync(shardsRoot)) throw new StepError(`no shard folders in ${shardsDir}: run npm run build -- --shard I/N for each shard first`);
      // Folders only, never a link to one: a shard is what --shard wrote here.
      const folders = readdirSync(shardsRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort((a, b) => Number(a) - Number(b));
      const manifests = folders.map((name) => ({ folder: path.join(shardsRoot, name), manifest: readShardManifest(path.join(shardsRoot, name), path.join(shardsDir, name)) }));
      const count = manifests[0]?.manifest.count ?? 0;
      const digest = modelDigest(portal);
      const have = new Set(manifests.map(({ manifest }) => manifest.index));
      const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !have.has(index));
      if (count === 0 || missing.length > 0) throw new StepError(`shard(s) ${missing.join(", ") || "all"} of ${count || "?"} missing from ${shardsDir}`);
      for (const { manifest } of manifests) {
        if (manifest.count !== count) throw new StepError(`shard ${manifest.index} was made for ${manifest.count} shards, the others for ${count}`);
        if (manifest.model !== digest) throw new StepError(`shard ${manifest.index} was built from different content than this checkout: rebuild it`);
      }
      // Every check before the first file is placed; then files are linked, not moved, so the
      // shards stay whole for another merge whether this one succeeds or fails.
      const owner = new Map<string, number>();
      for (const { folder, manifest } of manifests) {
        for (const file of manifest.files) {
          const earlier = owner.get(file);
          if (earlier !== undefined) throw new StepError(`${file} was written by shard ${earlier} and shard ${manifest.index}`);
          owner.set(file, manifest.index);
          if (!lstatSyncOrUndefined(path.join(folder, file))?.isFile()) throw new StepError(`shard ${manifest.index} lists ${file}, which is not a file in ${path.relative(settings.options.rootDir, folder) || folder}: rebuild the shard`);
        }
      }
      const files: string[] = [];
      for (const { folder, manifest } of manifests) {
        for (const file of manifest.files) {
          const target = path.join(siteDir, file);
          mkdirSync(path.dirname(target), { recursive: true });
          placeFile(path.join(folder, file), target);
          files.push(file);
        }
      }
      return { files, shards: count, workerPeakMb: [], minified: 0 };
    },
    { runSteps: true },
  );
}
