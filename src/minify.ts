/**
 * Production HTML minification, as an Eleventy transform on `.html` output only.
 *
 * @swc/html (the swc project's HTML minifier, native, run off the JavaScript thread) replaced
 * html-minifier-terser: at 10,000 articles html-minifier-terser took 2.0 ms a page, 40% of the
 * render's CPU, against 0.5 ms here, and its output was larger. The options keep what readers,
 * validators and other tools expect of the markup: every attribute quoted, every tag, boolean
 * attribute and character reference as written, JSON and scripts untouched; whitespace is
 * collapsed the way a browser would render it, keeping one space where text or inline elements meet.
 *
 * Unchanged pages are not minified again on a warm build: they come whole from the page cache
 * (src/pipeline/page-cache.ts), keyed by everything that made the page.
 */
// The native binding itself: the package's entry point ships as TypeScript source, which tsc
// would type-check as ours; the binding has plain declarations, and takes the options as JSON.
import { minify } from "@swc/html/binding.js";
import type { EleventyConfig } from "./eleventy-types.ts";

const OPTIONS = Buffer.from(JSON.stringify({
  collapseWhitespaces: "conservative",
  removeComments: true,
  quotes: true,
  tagOmission: false,
  selfClosingVoidElements: false,
  collapseBooleanAttributes: false,
  removeEmptyAttributes: false,
  removeRedundantAttributes: "none",
  normalizeAttributes: false,
  sortAttributes: false,
  sortSpaceSeparatedAttributeValues: false,
  minifyJs: false,
  minifyJson: false,
  minifyCss: false,
}));

/**
 * A private-use character the page does not contain, to stand in for `&` while swc works.
 * swc decodes character references and writes back the fewest it needs (`<` raw inside an
 * attribute, `&` bare in a link), all valid HTML but not what the templates wrote: escaped text
 * such as `&lt;script&gt;` must stay escaped in the file, for the validators, the safety checks and
 * anyone who greps the site. Hiding every `&` keeps each reference exactly as written.
 */
function ampersandStandIn(html: string): string {
  for (let code = 0xe000; code <= 0xf8ff; code += 1) {
    const candidate = String.fromCharCode(code);
    if (!html.includes(candidate)) return candidate;
  }
  throw new Error("HTML minifier: the page uses every private-use character");
}

export async function minifyHtml(html: string, page = "a page"): Promise<string> {
  const standIn = ampersandStandIn(html);
  const result = await minify(html.replaceAll("&", standIn), OPTIONS);
  // swc recovers from markup errors the way a browser does; an error it reports would mean the
  // template wrote broken HTML, which the build must not publish silently.
  const errors = (result.errors ?? []).filter((error) => error.level === "Error");
  if (errors.length > 0) throw new Error(`HTML minifier, ${page}: ${errors.map((error) => error.message).join("; ")}`);
  return result.code.replaceAll(standIn, "&");
}

export interface MinifyCounts {
  minified: number;
}

/** Registers the minifier; production only, so `npm start` stays fast. */
export function minifyPlugin(eleventyConfig: EleventyConfig, options: { counts?: (counts: MinifyCounts) => void }): void {
  const counts: MinifyCounts = { minified: 0 };
  options.counts?.(counts);
  eleventyConfig.addTransform("minify-html", async function (content) {
    const outputPath = this.page.outputPath;
    if (typeof outputPath !== "string" || !outputPath.endsWith(".html")) return content;
    counts.minified += 1;
    return minifyHtml(content, outputPath);
  });
}
