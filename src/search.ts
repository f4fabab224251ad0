/**
 * 站内搜索: Pagefind indexes of the built site, one per year of publication (a big year in parts
 * of 5,000 articles, src/model/search-sections.ts), written to `pagefind/<section>/` inside it.
 * Pagefind's extended binary (npm `@pagefind/<platform>`, nothing downloaded at run time)
 * segments Chinese, so an unspaced query such as 乌兰浩特 finds its pages.
 *
 * One index per year, not one for the site, because Pagefind cannot update an index: a single
 * index is rebuilt whole for one changed article (11 s at 10,000 articles) and grows worse than
 * linearly (over 500 s at 100,000). A section's index is rebuilt only when one of its pages
 * changed (the others come from `<cacheDir>/search/`), sections are indexed in parallel, and none
 * holds more than 5,000 articles. The search page loads the newest section's index and merges the
 * others into it (Pagefind's `mergeIndex`, one WebAssembly module for all); a date sort walks the
 * sections in order (templates/assets/search.js).
 *
 * Only what the article template marks `data-pagefind-body` is indexed (the article's text; the
 * headline is Pagefind's title); its 栏目 and 年份 filters, date sort key and meta are attributes
 * of the <article>. Lists, static pages and the 关怀版 copies are not handed to Pagefind.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pLimit from "p-limit";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { BuildMode } from "./options.ts";
import { indexThroughService } from "./pagefind-service.ts";
import { isRegularFile, linkTree, listFiles } from "./pipeline/links.ts";
import { leftByGoneProcess } from "./pipeline/output.ts";

/** The folder inside the site that holds the indexes (also a reserved URL). */
export const SEARCH_INDEX_DIR = "pagefind";

/** Bumped when the layout or meaning of a cached index changes. */
const CACHE_FORMAT = "search-v1";

/** The article pages of one section, indexed together into `pagefind/<name>/`. */
export interface SearchSection {
  /** `2024`, or `2024-2` for the second part of a big year. */
  name: string;
  /** Page files relative to the site folder, forward slashes, sorted. */
  files: string[];
}

export interface SearchIndexReport {
  /** Pages that carried an indexed body. */
  pages: number;
  /** Sections indexed, and how many of them came unchanged from the cache. */
  sections: number;
  reused: number;
  /** Files and bytes written under pagefind/. */
  files: number;
  bytes: number;
  seconds: number;
}

export interface SearchIndexSettings {
  /** Where indexes of unchanged sections are kept between builds; none: every section is indexed. */
  cacheDir?: string;
  /** How many sections Pagefind indexes at once. */
  concurrency: number;
  /** Stops the indexing (Ctrl-C): running Pagefind processes are ended and waiting sections never start. */
  signal?: AbortSignal;
}

/**
 * Pagefind's ready-made search interfaces, written beside each index. The site draws its own
 * results (templates/assets/search.js), so these are not published.
 */
const UNUSED_UI = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;

/** Newest first: by year, then by part (`2024-2` before `2024-1`). */
function newestSectionFirst(a: string, b: string): number {
  const [yearA = "", partA = "0"] = a.split("-");
  const [yearB = "", partB = "0"] = b.split("-");
  return yearA !== yearB ? (yearA < yearB ? 1 : -1) : Number(partB) - Number(partA);
}

/** The article pages grouped by section, newest section first (the order the search page merges them in). */
export function searchSections(pages: readonly { file: string; section: string }[]): SearchSection[] {
  const bySection = new Map<string, string[]>();
  for (const { file, section } of pages) {
    const files = bySection.get(section) ?? [];
    files.push(file);
    bySection.set(section, files);
  }
  return [...bySection].sort(([a], [b]) => newestSectionFirst(a, b)).map(([name, files]) => ({ name, files: files.sort() }));
}

const require = createRequire(import.meta.url);

/** The extended Pagefind binary of this platform (the plain one cannot segment Chinese). */
export function pagefindBinary(): { file: string; version: string } {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@pagefind/${platform}-${process.arch}`;
  try {
    const file = require.resolve(`${name}/bin/pagefind_extended${platform === "windows" ? ".exe" : ""}`);
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(file), "..", "package.json"), "utf8")) as { version?: string };
    return { file, version: manifest.version ?? "" };
  } catch {
    throw new Error(`search index: Pagefind's extended binary for ${platform}-${process.arch} (${name}) is not installed: run npm ci`);
  }
}

/** The environment Pagefind runs in: no PAGEFIND_* variables, so a user's shell cannot change what the build writes. */
function pagefindEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("PAGEFIND_")));
}

/**
 * What Pagefind is given of an article page: the <html> tag (its language) and the <article> (the
 * h1 that is the result's title, the filter, meta and sort attributes, the indexed body) up to its
 * 上一篇/下一篇 links, as a document of its own. Pagefind writes the same index from it as from
 * the whole page (tested) and parses a fifth of the bytes. The links and the 相关阅读 list show
 * other articles' titles and are not indexed: left out, editing one article does not re-index the
 * sections its title is shown in. A page without the markers is given whole.
 */
export function indexedDocument(html: string): string {
  const start = html.indexOf("<article");
  const links = html.indexOf('<nav class="prev-next"', start);
  const end = links >= 0 ? links : html.indexOf("</article>", start);
  if (start < 0 || end < 0) return html;
  return `<!doctype html>${/<html\b[^>]*>/.exec(html)?.[0] ?? "<html>"}<body>${html.slice(start, end)}</article></body></html>`;
}

/** Pagefind's input for a section (each page's indexed document, by the page's own path, so the URLs stay) and the key of the index made from it. */
function sectionInput(siteDir: string, section: SearchSection, version: string): { key: string; documents: Map<string, string> } {
  const hash = createHash("sha256").update(`${CACHE_FORMAT}\n${version}\n${section.name}\n`);
  const documents = new Map<string, string>();
  for (const file of section.files) {
    const document = indexedDocument(readFileSync(path.join(siteDir, file), "utf8"));
    hash.update(`${file}\n${document.length}\n`).update(document);
    documents.set(file, document);
  }
  return { key: hash.digest("hex"), documents };
}

function pageCount(indexDir: string): number {
  const entry = JSON.parse(readFileSync(path.join(indexDir, "pagefind-entry.json"), "utf8")) as { languages?: Record<string, { page_count?: number }> };
  return Object.values(entry.languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
}

/**
 * Writes the index of each section to `<siteDir>/pagefind/<name>/`: from the cache when the
 * section's pages are byte for byte what it was made from, otherwise by Pagefind (then stored in
 * the cache). Throws with Pagefind's messages when it fails, so a build never swaps in a site
 * whose search is broken.
 */
export async function writeSearchIndexes(siteDir: string, sections: readonly SearchSection[], settings: SearchIndexSettings): Promise<SearchIndexReport> {
  const started = performance.now();
  const binary = pagefindBinary();
  const root = path.join(siteDir, SEARCH_INDEX_DIR);
  mkdirSync(root, { recursive: true });
  const used = new Set<string>();
  let reused = 0;
  const limit = pLimit(Math.max(1, settings.concurrency));
  // The biggest sections first, so the last one to finish is a small one.
  const order = [...sections].sort((a, b) => b.files.length - a.files.length || newestSectionFirst(a.name, b.name));
  {
    // Every section settles before the step ends, even when one fails: no Pagefind is left writing into the site.
    const settled = await Promise.allSettled(
      order.map((section) =>
        limit(async () => {
          settings.signal?.throwIfAborted();
          const target = path.join(root, section.name);
          const { key, documents } = sectionInput(siteDir, section, binary.version);
          const stored = settings.cacheDir ? path.join(settings.cacheDir, key) : undefined;
          used.add(key);
          if (stored && isRegularFile(path.join(stored, "pagefind-entry.json"))) {
            try {
              linkTree(stored, target);
              reused += 1;
              return;
            } catch {
              // Removed meanwhile by another build's clean-up, or not a whole index: made again below.
              rmSync(target, { recursive: true, force: true });
            }
          }
          // Its working folder holds no pagefind.yml: a user's configuration cannot change the index either.
          await indexThroughService(binary.file, [...documents].map(([file, html]) => ({ file, html })), target, { cwd: root, env: pagefindEnv(), signal: settings.signal });
          for (const name of readdirSync(target)) if (UNUSED_UI.test(name)) rmSync(path.join(target, name));
          if (stored) {
            // Stored under a private name, then renamed: two builds sharing a cache never read half an index.
            const temporary = `${stored}.${process.pid}.tmp`;
            rmSync(temporary, { recursive: true, force: true });
            linkTree(target, temporary);
            try {
              // An entry that is not a whole index (the hit above failed on it) makes way for this one.
              if (existsSync(stored) && !isRegularFile(path.join(stored, "pagefind-entry.json"))) rmSync(stored, { recursive: true, force: true });
              renameSync(temporary, stored);
            } catch {
              rmSync(temporary, { recursive: true, force: true }); // Another build stored the same index first.
            }
          }
        }),
      ),
    );
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  }
  // Keep the cache the size of one site: indexes no section of this build uses are dropped.
  if (settings.cacheDir && existsSync(settings.cacheDir)) {
    for (const name of readdirSync(settings.cacheDir)) if ((/^[0-9a-f]{64}$/.test(name) && !used.has(name)) || leftByGoneProcess(name)) rmSync(path.join(settings.cacheDir, name), { recursive: true, force: true });
  }
  const files = listFiles(root);
  return {
    pages: sections.reduce((sum, section) => sum + pageCount(path.join(root, section.name)), 0),
    sections: sections.length,
    reused,
    files: files.length,
    bytes: files.reduce((sum, file) => sum + statSync(path.join(root, file)).size, 0),
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

/** The section of an article page, from the attribute the article template gives Pagefind as its 分卷 filter. */
const ARTICLE_SECTION = /<article\b[^>]*\sdata-section="([0-9-]+)"/;

/**
 * `npm start`: indexes the development output once, after the first build, in the background,
 * so the server is not held up; later rebuilds keep that index (restart to re-index). Production
 * builds index in their post-write step instead (src/pipeline/steps.ts).
 */
export function searchPlugin(eleventyConfig: EleventyConfig, options: { mode: BuildMode; log?: (line: string) => void }): void {
  if (options.mode !== "development") return;
  const log = options.log ?? ((line: string) => console.warn(line));
  let indexed = false;
  eleventyConfig.on("eleventy.after", (event: { directories: { output: string }; runMode: string; results: { outputPath: string | false; content: string }[] }) => {
    // Only under the dev server: a one-off development build (tests, previews) gets no index.
    if (indexed || event.runMode === "build") return;
    indexed = true;
    const outputDir = path.resolve(event.directories.output);
    const pages: { file: string; section: string }[] = [];
    for (const result of event.results) {
      if (typeof result.outputPath !== "string" || !result.content.includes("data-pagefind-body")) continue;
      const section = ARTICLE_SECTION.exec(result.content)?.[1];
      if (section) pages.push({ file: path.relative(outputDir, path.resolve(result.outputPath)).split(path.sep).join("/"), section });
    }
    rmSync(path.join(outputDir, SEARCH_INDEX_DIR), { recursive: true, force: true });
    writeSearchIndexes(outputDir, searchSections(pages), { concurrency: 1 }).then(
      (report) => log(`[portal] search index: ${report.pages} articles in ${report.seconds.toFixed(1)} s (npm start indexes once; restart to include new articles)`),
      (error: unknown) => log(`[portal] search index failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
}
