/**
 * The page cache (`.cache/pages/`, a folder CI can keep): every page a production build writes is
 * stored under the fingerprint of everything that made it (its data, the templates, the code, the
 * options, the content's other files). A warm build renders only pages whose fingerprint is new and
 * copies the rest, so one edited article costs its own page and the lists that show it.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
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

export interface PageCache {
  /** The pages to render: those the cache does not hold. */
  work: WorkList;
  /** How many pages come from the cache. */
  reused: number;
  /** Copies the cached pages into `siteDir`, stores the rendered ones, drops entries no page uses; returns the copied files. */
  complete(siteDir: string, renderedFiles: readonly string[]): string[];
}

export function openPageCache(options: PortalOptions, portal: PortalData): PageCache {
  const dir = path.join(options.cacheDir, "pages");
  const prints = pagePrints(portal, renderSalt(options)).pages;
  const stored = (print: string) => path.join(dir, print.slice(0, 2), `${print.slice(2)}.html`);
  const cached = new Set<string>();
  for (const print of prints.values()) if (existsSync(stored(print))) cached.add(print);
  const work: WorkList = { articles: [], listings: [] };
  portal.articles.forEach((article, index) => cached.has(prints.get(article.url) ?? "") || work.articles.push(index));
  portal.listings.forEach((listing, index) => cached.has(prints.get(listing.url) ?? "") || work.listings.push(index));
  const reused = portal.articles.length + portal.listings.length - work.articles.length - work.listings.length;

  return {
    work,
    reused,
    complete(siteDir, renderedFiles) {
      const rendered = new Set(renderedFiles);
      const copied: string[] = [];
      const made = new Set<string>();
      const ensureDir = (folder: string) => {
        if (!made.has(folder)) mkdirSync(folder, { recursive: true });
        made.add(folder);
      };
      for (const [url, print] of prints) {
        const file = outputFileOf(url);
        const target = path.join(siteDir, file);
        if (rendered.has(file)) {
          ensureDir(path.dirname(stored(print)));
          // Stored under a private name, then renamed: two builds sharing a cache never read half a page.
          const temporary = `${stored(print)}.${process.pid}.tmp`;
          copyFileSync(target, temporary);
          renameSync(temporary, stored(print));
        } else if (cached.has(print)) {
          ensureDir(path.dirname(target));
          copyFileSync(stored(print), target);
          copied.push(file);
        }
      }
      // Keep the cache the size of one site: entries no page of this build uses are dropped.
      const used = new Set([...prints.values()].map((print) => path.relative(dir, stored(print)).split(path.sep).join("/")));
      for (const entry of listFiles(dir)) {
        if (entry.endsWith(".html") && !used.has(entry)) rmSync(path.join(dir, entry), { force: true });
      }
      return copied;
    },
  };
}
