/**
 * Composition root: registers the plugins from src/ and names the folders. No logic lives here.
 * Eleventy 3 does not look for .eleventy.ts itself: package.json passes --config=.eleventy.ts
 * and runs it through tsx.
 */
import type { EleventyConfig } from "./src/eleventy-types.ts";
import { assetsPlugin } from "./src/assets.ts";
import { carePlugin } from "./src/care.ts";
import { datesPlugin } from "./src/dates.ts";
import { markdownPlugin } from "./src/markdown.ts";
import { minifyPlugin } from "./src/minify.ts";
import { resolveOptions } from "./src/options.ts";
import { portalPlugin } from "./src/portal.ts";
import { searchPlugin } from "./src/search.ts";
import { sharePlugin } from "./src/share.ts";
import { templatesPlugin } from "./src/templates.ts";

export default function (eleventyConfig: EleventyConfig) {
  const options = resolveOptions(process.env);

  // Content: articles, pages and site data, validated and modelled once per build.
  eleventyConfig.addPlugin(portalPlugin, options);
  // Rendering: Nunjucks settings, Markdown policy, dates in the site's zone, assets.
  eleventyConfig.addPlugin(templatesPlugin);
  eleventyConfig.addPlugin(markdownPlugin, { pathPrefix: options.pathPrefix });
  eleventyConfig.addPlugin(datesPlugin);
  eleventyConfig.addPlugin(assetsPlugin, options);
  // Readers: share links and QR codes; 关怀版 links (and copies, under npm start); search under npm start.
  eleventyConfig.addPlugin(sharePlugin, { pathPrefix: options.pathPrefix });
  eleventyConfig.addPlugin(carePlugin, options);
  eleventyConfig.addPlugin(searchPlugin, options);
  // Production only: minified HTML.
  if (options.mode === "production") eleventyConfig.addPlugin(minifyPlugin);

  return {
    // Output: _site/ by default (Eleventy's own), _dev/ for npm start, a fresh folder in src/build.ts.
    dir: { input: "templates", includes: "partials", layouts: "layouts", data: "_data" },
    pathPrefix: options.pathPrefix,
    templateFormats: ["njk"],
  };
}
