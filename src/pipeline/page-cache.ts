/**
 * The page cache (`.cache/pages/`, a folder CI can keep): every page a production build writes is
 * stored under the fingerprint of everything that made it (its data, the templates, the code, the
 * options, the content's other files), with its 关怀版 copy beside it. A warm build renders only
 * pages whose fingerprint is new and takes the rest, so one edited article costs its own page and
 * the lists that show it.
 *
 * Files move between the cache and the site as hard links (./links.ts): a page is one file with
 * two names rather than two writes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { CARE_DIR } from "../care.ts";
import { pagePrints } from "../model/fingerprint.ts";
import type { PortalData } from "../model/load.ts";
import type { WorkList } from "../model/shards.ts";
import type { PortalOptions } from "../options.ts";
import { isRegularFile, linkOrCopy, listFiles } from "./links.ts";
import { leftByGoneProcess } from "./output.ts";
import { outputFileOf } from "./steps.ts";

/** Bumped when the cache's layout or meaning changes. */
const CACHE_FORMAT = "pages-v2";

/**
 * Everything outside the model that shapes a page: templates and code by content, the lockfile,
 * the options, and the content folder's files other than Markdown (photos, attachments) by size
 * and time, so a changed photo renders its pages again.
 */
export function renderSalt(options: PortalOptions): string {
  const hash = createHash("sha256").update(CACHE_FORMAT);
  for (const folder of ["templates", "src"]) {
    for (const file of listFiles(path.join(options.rootDir, folder))) {
      hash.update(`${folder}/${file}\n`).update(readFileSync(path.join(options.rootDir, folder, file)));
    }
  }
  for (const file of [".eleventy.ts", "package-lock.json"]) {
    const full = path.join(options.rootDir, file);
    if (existsSync(full)) hash.update(file).update(readFileSync(full));
  }
  hash.update(JSON.stringify({ mode: options.mode, pathPrefix: options.pathPrefix, siteUrl: options.siteUrl ?? "" }));
  for (const file of listFiles(options.contentDir)) {
    if (file.endsWith(".md")) continue;
    const stat = statSync(path.join(options.contentDir, file));
    hash.update(`${file}|${stat.size}|${stat.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** Where a render stores the pages it wrote: the cache folder and each page's fingerprint by output file. */
export interface PageStore {
  dir: string;
  prints: Record<string, string>;
}

function storedPath(dir: string, print: string): string {
  return path.join(dir, print.slice(0, 2), `${print.slice(2)}.html`);
}

/** Where the 关怀版 copy of a stored page is kept. */
function storedCarePath(dir: string, print: string): string {
  return path.join(dir, print.slice(0, 2), `${print.slice(2)}.care.html`);
}

/** Adds a site file to the cache: under a private name, then renamed, so two builds sharing a cache never read half a page. */
function storeFile(siteFile: string, target: string): void {
  const temporary = `${target}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  linkOrCopy(siteFile, temporary);
  renameSync(temporary, target);
}

/**
 * Stores freshly rendered pages and their 关怀版 copies, in the render process that wrote them
 * into `siteDir` (so the work is spread over the workers): `files` are output files relative to
 * the site. Returns how many were stored.
 */
export function storePages(store: PageStore, siteDir: string, files: Iterable<string>): number {
  const made = new Set<string>();
  let stored = 0;
  for (const file of files) {
    const print = store.prints[file];
    if (!print) continue;
    const target = storedPath(store.dir, print);
    const folder = path.dirname(target);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    // The copy first: a page is taken from the cache only when both are there.
    storeFile(path.join(siteDir, CARE_DIR, file), storedCarePath(store.dir, print));
    storeFile(path.join(siteDir, file), target);
    stored += 1;
  }
  return stored;
}

export interface PageCache {
  /** The pages to render: those the cache does not hold. */
  work: WorkList;
  /** How many pages come from the cache. */
  reused: number;
  /** What the render needs to store the pages it writes. */
  store: PageStore;
  /** Puts the cached article pages into `siteDir` (first, so the search index can start); returns the files written. */
  writeArticles(siteDir: string): string[];
  /**
   * Writes the cached list pages and the 关怀版 copies of every cached page, yielding to the event
   * loop as it goes (a search index running alongside needs it), and drops cache entries no page
   * uses; returns the files written.
   */
  writeRest(siteDir: string): Promise<string[]>;
}

/** Yield to the event loop every this many files. */
const FILES_PER_TURN = 200;

/** Whether a page cache exists under options.cacheDir (a first build has none and renders every page). */
export function hasPageCache(options: PortalOptions): boolean {
  return existsSync(path.join(options.cacheDir, "pages"));
}

export function openPageCache(options: PortalOptions, portal: PortalData): PageCache {
  const dir = path.join(options.cacheDir, "pages");
  // A cache made by this build alone holds only what it uses: nothing to drop (25,000 entries to list at 10,000 articles).
  const existed = existsSync(dir);
  const prints = pagePrints(portal, renderSalt(options)).pages;
  const stored = (print: string) => storedPath(dir, print);
  const cached = new Set<string>();
  for (const print of prints.values()) if (isRegularFile(stored(print)) && isRegularFile(storedCarePath(dir, print))) cached.add(print);
  const work: WorkList = { articles: [], listings: [] };
  portal.articles.forEach((article, index) => cached.has(prints.get(article.url) ?? "") || work.articles.push(index));
  portal.listings.forEach((listing, index) => cached.has(prints.get(listing.url) ?? "") || work.listings.push(index));
  const reused = portal.articles.length + portal.listings.length - work.articles.length - work.listings.length;
  const byFile: Record<string, string> = {};
  for (const [url, print] of prints) byFile[outputFileOf(url)] = print;
  const cachedUrls = (urls: readonly string[]) => urls.filter((url) => cached.has(prints.get(url) ?? ""));
  const articleUrls = cachedUrls(portal.articles.map((article) => article.url));
  const listingUrls = cachedUrls(portal.listings.map((listing) => listing.url));
  const made = new Set<string>();
  const ensureFolder = (file: string) => {
    const folder = path.dirname(file);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
  };
  const fromCache = (siteDir: string, url: string, care: boolean): string => {
    const print = prints.get(url) ?? "";
    const file = care ? `${CARE_DIR}/${outputFileOf(url)}` : outputFileOf(url);
    ensureFolder(path.join(siteDir, file));
    linkOrCopy(care ? storedCarePath(dir, print) : stored(print), path.join(siteDir, file));
    return file;
  };

  return {
    work,
    reused,
    store: { dir, prints: byFile },
    writeArticles(siteDir) {
      return articleUrls.map((url) => fromCache(siteDir, url, false));
    },
    async writeRest(siteDir) {
      const written: string[] = [];
      let sinceTurn = 0;
      const turn = async () => {
        sinceTurn += 1;
        if (sinceTurn % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      };
      for (const url of listingUrls) {
        written.push(fromCache(siteDir, url, false), fromCache(siteDir, url, true));
        await turn();
      }
      for (const url of articleUrls) {
        written.push(fromCache(siteDir, url, true));
        await turn();
      }
      // Keep the cache the size of one site: entries no page of this build uses are dropped.
      if (!existed) return written;
      const used = new Set([...prints.values()].flatMap((print) => [stored(print), storedCarePath(dir, print)].map((file) => path.relative(dir, file).split(path.sep).join("/"))));
      for (const entry of listFiles(dir)) {
        if ((entry.endsWith(".html") && !used.has(entry)) || leftByGoneProcess(entry)) rmSync(path.join(dir, entry), { force: true });
      }
      return written;
    },
  };
}
