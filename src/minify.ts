/**
 * Production HTML minification, as an Eleventy transform on `.html` output only, with a
 * persistent cache keyed by the page's content hash: a warm rebuild minifies only changed pages.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { minify, type Options } from "html-minifier-terser";
import type { EleventyConfig } from "./eleventy-types.ts";

const OPTIONS: Options = {
  collapseWhitespace: true,
  // Keeps one space where whitespace separated inline elements, so words never run together.
  conservativeCollapse: true,
  removeComments: true,
  removeRedundantAttributes: true,
  removeScriptTypeAttributes: true,
  removeStyleLinkTypeAttributes: true,
  useShortDoctype: true,
  // sortAttributes/sortClassName only help gzip a little and nearly triple the time per page.
};

/** Bumped when OPTIONS or the minifier change, so an old cache is never reused. */
const CACHE_VERSION = "htmlmin-7-v1";

export async function minifyHtml(html: string): Promise<string> {
  return minify(html, OPTIONS);
}

export interface MinifyCounts {
  minified: number;
  fromCache: number;
}

/** A minifier that keeps its results under `cacheDir` (undefined: no cache). */
export function cachedMinifier(cacheDir: string | undefined): { minify: (html: string) => Promise<string>; counts: MinifyCounts } {
  const counts: MinifyCounts = { minified: 0, fromCache: 0 };
  const folder = cacheDir ? path.join(cacheDir, "minify") : undefined;
  const made = new Set<string>();
  return {
    counts,
    async minify(html: string) {
      if (!folder) {
        counts.minified += 1;
        return minifyHtml(html);
      }
      const key = createHash("sha256").update(CACHE_VERSION).update(html).digest("hex");
      const dir = path.join(folder, key.slice(0, 2));
      const file = path.join(dir, `${key.slice(2)}.html`);
      try {
        const cached = readFileSync(file, "utf8");
        counts.fromCache += 1;
        return cached;
      } catch {
        // Not cached yet: minify below.
      }
      const result = await minifyHtml(html);
      counts.minified += 1;
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      // Written under a private name, then renamed: shards running at once never read half a file.
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, result);
      renameSync(temporary, file);
      return result;
    },
  };
}

/** Registers the minifier; production only, so `npm start` stays fast. */
export function minifyPlugin(eleventyConfig: EleventyConfig, options: { cacheDir: string | undefined; counts?: (counts: MinifyCounts) => void }): void {
  const minifier = cachedMinifier(options.cacheDir);
  options.counts?.(minifier.counts);
  eleventyConfig.addTransform("minify-html", async function (content) {
    const outputPath = this.page.outputPath;
    return typeof outputPath === "string" && outputPath.endsWith(".html") ? minifier.minify(content) : content;
  });
}
