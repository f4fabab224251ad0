/**
 * Post-write steps: work over the whole freshly written site, after every shard has rendered and
 * before the site is swapped in (checks, indexes, reports). A new capability adds a step here
 * instead of editing the build function.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { minifyAssets } from "../assets.ts";
import type { PortalData } from "../model/load.ts";
import type { PortalOptions } from "../options.ts";
import { searchSections, writeSearchIndexes } from "../search.ts";

export interface StepContext {
  /** The fresh output folder, not yet swapped in. */
  siteDir: string;
  options: PortalOptions;
  portal: PortalData;
  /** Whether the build keeps its caches under options.cacheDir (false: everything is made afresh). */
  useCache: boolean;
  /** The build's stop signal (Ctrl-C): a step that runs long or starts processes stops on it. */
  signal?: AbortSignal;
  /** Every file the render wrote, relative to siteDir, forward slashes. */
  files: readonly string[];
  log: (line: string) => void;
}

export interface PostWriteStep {
  name: string;
  /**
   * The step reads only the article pages, so the build may start it as soon as they are all
   * written, alongside the rest of the writing (its context's `files` are then the files written
   * so far). The swap still waits for it.
   */
  needsOnlyArticlePages?: boolean;
  run(context: StepContext): Promise<void>;
}

/** A step failing for a reason an editor or operator can act on; the build prints it as one line. */
export class StepError extends Error {
  override name = "StepError";
}

/** The output file of a site-root URL: `/dangfeng/` → `dangfeng/index.html`. */
export function outputFileOf(url: string): string {
  const relative = url.replace(/^\//, "");
  return relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
}

/** Every URL the model promises: articles, listings, static pages, feeds, sitemaps and the fixed pages. */
export function expectedFiles(portal: PortalData): string[] {
  const urls = [
    ...portal.articles.map((article) => article.url),
    ...portal.listings.map((listing) => listing.url),
    ...portal.pages.map((page) => page.url),
    ...portal.feeds.map((feed) => feed.path),
    ...portal.sitemaps.map((sitemap) => sitemap.path),
    ...Object.entries(portal.paths).filter(([name]) => name !== "assets").map(([, url]) => url),
  ];
  return urls.map(outputFileOf);
}

/** Every page the model promises was written, and no file was written by two shards. */
export const everyPageOnce: PostWriteStep = {
  name: "every page written once",
  async run({ siteDir, portal, files }) {
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const file of files) (seen.has(file) ? twice : seen).add(file);
    if (twice.size > 0) throw new StepError(`${twice.size} file(s) written by more than one shard, e.g. ${[...twice][0]}: the shards overlap`);
    const missing = expectedFiles(portal).filter((file) => !seen.has(file) || !existsSync(path.join(siteDir, file)));
    if (missing.length > 0) throw new StepError(`${missing.length} page(s) were not written, e.g. ${missing.slice(0, 3).join(", ")}: a shard is missing or failed`);
  },
};

/** Style sheets and scripts minified in place (src/assets.ts). */
export const minifiedAssets: PostWriteStep = {
  name: "minify assets",
  async run({ siteDir }) {
    minifyAssets(siteDir);
  },
};

/** The 站内搜索 indexes of the article pages, one per year or part of a big year, in pagefind/<section>/ (src/search.ts). */
export const searchIndex: PostWriteStep = {
  name: "search index",
  needsOnlyArticlePages: true,
  async run({ siteDir, portal, options, useCache, signal, log }) {
    const sections = searchSections(portal.articles.map((article) => ({ file: outputFileOf(article.url), section: article.searchSection })));
    const report = await writeSearchIndexes(siteDir, sections, {
      cacheDir: useCache ? path.join(options.cacheDir, "search") : undefined,
      concurrency: availableParallelism(),
      signal,
    });
    log(`[portal] search index: ${report.pages} articles in ${report.sections} index(es), ${report.reused} unchanged from the cache; ${report.files} files, ${(report.bytes / 1024).toFixed(0)} KiB`);
  },
};

/** The steps every production build runs, in order. */
export function defaultSteps(): PostWriteStep[] {
  return [everyPageOnce, minifiedAssets, searchIndex];
}
