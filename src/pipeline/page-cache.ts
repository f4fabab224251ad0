/**
 * The page cache (`.cache/pages/`, a folder CI can keep): every page a production build writes is
 * stored under the fingerprint of everything that made it (its data, the templates, the code, the
 * options, the content's other files). A warm build renders only pages whose fingerprint is new and
 * copies the rest, so one edited article costs its own page and the lists that show it.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeCare } from "../care.ts";
import { pagePrints } from "../model/fingerprint.ts";
import type { PortalData } from "../model/load.ts";
import type { WorkList } from "../model/shards.ts";
import type { PortalOptions } from "../options.ts";
import { outputFileOf } from "./steps.ts";

/** Bumped when the cache's layout or meaning changes. */
const CACHE_FORMAT = "pages-v1";

/** Regular files below `dir`, relative, sorted; links are never followed (a link to `..` must not make this endless). */
function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(path.join(dir, entry.name), relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

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

/**
 * Stores freshly rendered pages, from memory, in the render process that made them (so the
 * work is spread over the workers): `pages` are output files relative to the site with their
 * final HTML. Returns how many were stored.
 */
export function storePages(store: PageStore, pages: Iterable<{ file: string; html: string }>): number {
  const made = new Set<string>();
  let stored = 0;
  for (const { file, html } of pages) {
    const print = store.prints[file];
    if (!print) continue;
    const target = storedPath(store.dir, print);
    const folder = path.dirname(target);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    // Written under a private name, then renamed: two builds sharing a cache never read half a page.
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, html);
    renameSync(temporary, target);
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
  /** Writes the cached pages (and their 关怀版 copies) into `siteDir`, drops entries no page uses; returns the files written. */
  complete(siteDir: string): string[];
}

export function openPageCache(options: PortalOptions, portal: PortalData): PageCache {
  const dir = path.join(options.cacheDir, "pages");
  const prints = pagePrints(portal, renderSalt(options)).pages;
  const stored = (print: string) => storedPath(dir, print);
  const cached = new Set<string>();
  for (const print of prints.values()) if (existsSync(stored(print))) cached.add(print);
  const work: WorkList = { articles: [], listings: [] };
  portal.articles.forEach((article, index) => cached.has(prints.get(article.url) ?? "") || work.articles.push(index));
  portal.listings.forEach((listing, index) => cached.has(prints.get(listing.url) ?? "") || work.listings.push(index));
  const reused = portal.articles.length + portal.listings.length - work.articles.length - work.listings.length;
  const byFile: Record<string, string> = {};
  for (const [url, print] of prints) byFile[outputFileOf(url)] = print;

  return {
    work,
    reused,
    store: { dir, prints: byFile },
    complete(siteDir) {
      const written: string[] = [];
      const made = new Set<string>();
      const careMade = new Set<string>();
      for (const [url, print] of prints) {
        if (!cached.has(print)) continue;
        const file = outputFileOf(url);
        const target = path.join(siteDir, file);
        const folder = path.dirname(target);
        if (!made.has(folder)) mkdirSync(folder, { recursive: true });
        made.add(folder);
        // Read once, written twice: the page and its 关怀版 copy (src/care.ts).
        const html = readFileSync(stored(print), "utf8");
        writeFileSync(target, html);
        written.push(file, path.relative(siteDir, writeCare(siteDir, file, html, options.pathPrefix, careMade)).split(path.sep).join("/"));
      }
      // Keep the cache the size of one site: entries no page of this build uses are dropped.
      const used = new Set([...prints.values()].map((print) => path.relative(dir, stored(print)).split(path.sep).join("/")));
      for (const entry of listFiles(dir)) {
        if (entry.endsWith(".html") && !used.has(entry)) rmSync(path.join(dir, entry), { force: true });
      }
      return written;
    },
  };
}
