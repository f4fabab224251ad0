/**
 * 站内搜索: a Pagefind index of the built site, written to `pagefind/` inside it. Pagefind's
 * extended binary (npm `@pagefind/linux-x64`, nothing downloaded at run time) segments Chinese,
 * so an unspaced query such as 乌兰浩特 finds its pages.
 *
 * Only what the article template marks `data-pagefind-body` is indexed (the article's text; the
 * headline is Pagefind's title); its 栏目 and 年份 filters, date sort key and meta are attributes
 * of the <article>. Pages without the mark (lists, static pages, the 关怀版 copies) are left out,
 * and so are navigation and footers.
 */
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import * as pagefind from "pagefind";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { BuildMode } from "./options.ts";

/** The folder inside the site that holds the index (also a reserved URL). */
export const SEARCH_INDEX_DIR = "pagefind";

export interface SearchIndexReport {
  /** Pages that carried an indexed body. */
  pages: number;
  /** Files and bytes written under pagefind/. */
  files: number;
  bytes: number;
  seconds: number;
}

/**
 * Pagefind's ready-made search interfaces, written beside the index. The site draws its own
 * results (templates/assets/search.js), so these are not published.
 */
const UNUSED_UI = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;

/** Pages whose body Pagefind indexed: pagefind-entry.json counts them per language (the add response counts every file read). */
function indexedPages(siteDir: string): number {
  const entry = JSON.parse(readFileSync(path.join(siteDir, SEARCH_INDEX_DIR, "pagefind-entry.json"), "utf8")) as { languages?: Record<string, { page_count?: number }> };
  return Object.values(entry.languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
}

function folderSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const stats = statSync(path.join(dir, entry));
    if (!stats.isFile()) continue;
    files += 1;
    bytes += stats.size;
  }
  return { files, bytes };
}

/**
 * The article pages of a site whose articles live at /<column-slug>/<slug>/: handing Pagefind
 * only these spares it parsing every list page (at 10,000 articles: a quarter less time, 870 MB
 * instead of 1.26 GB of memory).
 */
export function articlePagesGlob(columnSlugs: readonly string[]): string {
  return columnSlugs.length === 1 ? `${columnSlugs[0]}/*/index.html` : `{${columnSlugs.join(",")}}/*/index.html`;
}

/**
 * Indexes the HTML pages of a built site folder (those `glob` matches; every page by default) and
 * writes the index to `<siteDir>/pagefind/`. Throws with Pagefind's own messages when it reports
 * errors, so a build never swaps in a site whose search is broken.
 */
export async function writeSearchIndex(siteDir: string, glob?: string): Promise<SearchIndexReport> {
  const started = performance.now();
  const created = await pagefind.createIndex({});
  const index = created.index;
  if (!index || created.errors.length > 0) throw new Error(`search index: ${created.errors.join("; ") || "Pagefind did not start"}`);
  try {
    const added = await index.addDirectory({ path: path.resolve(siteDir), ...(glob ? { glob } : {}) });
    if (added.errors.length > 0) throw new Error(`search index: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: path.join(path.resolve(siteDir), SEARCH_INDEX_DIR) });
    if (written.errors.length > 0) throw new Error(`search index: ${written.errors.join("; ")}`);
    for (const name of readdirSync(path.join(siteDir, SEARCH_INDEX_DIR))) if (UNUSED_UI.test(name)) rmSync(path.join(siteDir, SEARCH_INDEX_DIR, name));
  } finally {
    // Frees the index in Pagefind's service process; the process itself is shared and unref'd,
    // so it neither keeps Node alive nor restarts for the next build.
    await index.deleteIndex();
  }
  return { pages: indexedPages(siteDir), ...folderSize(path.join(siteDir, SEARCH_INDEX_DIR)), seconds: Math.round(performance.now() - started) / 1000 };
}

/**
 * `npm start`: indexes the development output once, after the first build, in the background,
 * so the server is not held up; later rebuilds keep that index (restart to re-index). Production
 * builds index in their post-write step instead (src/pipeline/steps.ts).
 */
export function searchPlugin(eleventyConfig: EleventyConfig, options: { mode: BuildMode; log?: (line: string) => void }): void {
  if (options.mode !== "development") return;
  const log = options.log ?? ((line: string) => console.warn(line));
  let indexed = false;
  eleventyConfig.on("eleventy.after", (event: { directories: { output: string }; runMode: string }) => {
    // Only under the dev server: a one-off development build (tests, previews) gets no index.
    if (indexed || event.runMode === "build") return;
    indexed = true;
    writeSearchIndex(event.directories.output).then(
      (report) => log(`[portal] search index: ${report.pages} articles in ${report.seconds.toFixed(1)} s (npm start indexes once; restart to include new articles)`),
      (error: unknown) => log(`[portal] search index failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
}
