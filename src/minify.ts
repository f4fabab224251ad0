/** Production HTML minification, as an Eleventy transform on `.html` output only. */
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

export async function minifyHtml(html: string): Promise<string> {
  return minify(html, OPTIONS);
}

/** Registers the minifier; call it only for production builds so `npm start` stays fast. */
export function minifyPlugin(eleventyConfig: EleventyConfig): void {
  eleventyConfig.addTransform("minify-html", async function (content) {
    const outputPath = this.page.outputPath;
    return typeof outputPath === "string" && outputPath.endsWith(".html") ? minifyHtml(content) : content;
  });
}
