/**
 * 关怀版 (elder mode): a parallel copy of every page under /care/, for readers who need large
 * type, strong contrast and big tap targets, with or without JavaScript.
 *
 * The copies are made from the rendered pages, not by rendering the templates a second time:
 * the page is the same, only marked `class="care"` on <html> (site.css does the rest), and every
 * link to another page of the site points into /care/, so the mode holds as the reader moves on.
 * The template's 关怀版 switch already links to /care/<this page>, and the same toggle turns it
 * into the way back. Copying costs a string pass per page instead of a second render and minify.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { BuildMode } from "./options.ts";
import { withPrefix } from "./urls.ts";

/** The folder, below the path prefix, that holds the 关怀版 pages (also a reserved URL). */
export const CARE_DIR = "care";

/** `/dangfeng/x/` → `/care/dangfeng/x/`: the 关怀版 of a site-root page URL (prefix not included). */
export function careUrl(url: string): string {
  return `/${CARE_DIR}${url.startsWith("/") ? url : `/${url}`}`;
}

const LINK = /\b(href|action)="([^"]*)"/g;
/** A page of the site, not a file: a path ending in `/` or `.html`, before any query or fragment. */
const PAGE_PATH = /^(?:[^?#]*\/|[^?#]*\.html)?(?:[?#].*)?$/;

/**
 * The 关怀版 of one rendered page: `class="care"` on <html>, links and form targets under the
 * path prefix toggled between the standard and the /care/ copy (assets, feeds and the search
 * index keep their address), and no `data-pagefind-body`, so copies never enter the search index.
 */
export function carePage(html: string, pathPrefix: string): string {
  const prefix = pathPrefix.endsWith("/") ? pathPrefix : `${pathPrefix}/`;
  const careRoot = `${prefix}${CARE_DIR}/`;
  return html
    .replace(/<html\b/, '<html class="care"')
    // Inside a start tag only: text that merely mentions the attribute is escaped (`&lt;`) and kept.
    .replace(/(<[a-z][^<>]*?) data-pagefind-body(?:="")?(?=[\s/>])/g, "$1")
    .replace(LINK, (whole, attribute: string, url: string) => {
      if (!url.startsWith(prefix) || !PAGE_PATH.test(url.slice(prefix.length))) return whole;
      const toggled = url.startsWith(careRoot) ? prefix + url.slice(careRoot.length) : careRoot + url.slice(prefix.length);
      return `${attribute}="${toggled}"`;
    });
}

/** The HTML files of a built site, relative to it, leaving out an existing /care/ and the search index. */
function htmlFiles(siteDir: string): string[] {
  return (readdirSync(siteDir, { recursive: true }) as string[])
    .map((entry) => entry.split(path.sep).join("/"))
    .filter((entry) => entry.endsWith(".html") && !entry.startsWith(`${CARE_DIR}/`) && !entry.startsWith("pagefind/"))
    .sort();
}

/** Writes the 关怀版 of one page (`relative` to the site) and returns the copy's absolute path. */
export function writeCare(siteDir: string, relative: string, html: string, pathPrefix: string, made = new Set<string>()): string {
  const target = path.join(siteDir, CARE_DIR, relative);
  const folder = path.dirname(target);
  if (!made.has(folder)) mkdirSync(folder, { recursive: true });
  made.add(folder);
  writeFileSync(target, carePage(html, pathPrefix));
  return target;
}

/** Writes the 关怀版 of every HTML page of a built site under `<siteDir>/care/`; returns how many. */
export function writeCarePages(siteDir: string, pathPrefix: string): number {
  const files = htmlFiles(siteDir);
  const made = new Set<string>();
  for (const relative of files) writeCare(siteDir, relative, readFileSync(path.join(siteDir, relative), "utf8"), pathPrefix, made);
  return files.length;
}

/**
 * `{{ page.url | careHref }}`: the 关怀版 switch's link, and the copies themselves, written from
 * each render's results while the pages are still in memory: in production by every render
 * worker for its own pages (the page cache writes those of cached pages), under npm start after
 * each rebuild, so an edited page gets a fresh 关怀版 at once. `onFiles` is told what was written.
 */
export function carePlugin(eleventyConfig: EleventyConfig, options: { mode: BuildMode; pathPrefix: string; onFiles?: (files: string[]) => void }): void {
  eleventyConfig.addFilter("careHref", (url: string) => withPrefix(careUrl(url), options.pathPrefix));
  eleventyConfig.on("eleventy.after", (event: { directories: { output: string }; runMode: string; results: { outputPath: string | false; content: string }[] }) => {
    // A one-off development build (tests, previews) gets no copies; only npm start and production do.
    if (options.mode === "development" && event.runMode === "build") return;
    const outputDir = path.resolve(event.directories.output);
    const made = new Set<string>();
    const written: string[] = [];
    for (const result of event.results) {
      if (typeof result.outputPath !== "string" || !result.outputPath.endsWith(".html")) continue;
      const relative = path.relative(outputDir, path.resolve(result.outputPath)).split(path.sep).join("/");
      if (relative.startsWith("..") || relative.startsWith(`${CARE_DIR}/`)) continue;
      written.push(writeCare(outputDir, relative, result.content, options.pathPrefix, made));
    }
    options.onFiles?.(written);
  });
}
