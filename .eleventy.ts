/**
 * Composition root: registers the plugins from src/ and names the folders. No logic lives here.
 * Eleventy 3 does not look for .eleventy.ts itself: package.json passes --config=.eleventy.ts
 * and runs it through tsx.
 */
import type { EleventyConfig } from "./src/eleventy-types.ts";
import { assetsPlugin } from "./src/assets.ts";
import { datesPlugin } from "./src/dates.ts";
import { markdownPlugin } from "./src/markdown.ts";
import { mediaPlugin } from "./src/media/plugin.ts";
import { siteFilesPlugin } from "./src/media/site-files.ts";
import { minifyPlugin } from "./src/minify.ts";
import { resolveOptions } from "./src/options.ts";
import { portalPlugin } from "./src/portal.ts";
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
  // Photos and attachments beside their pages (encoded in production), and content/static/.
  eleventyConfig.addPlugin(mediaPlugin, options);
  eleventyConfig.addPlugin(siteFilesPlugin, options);
  // Production only: minified HTML.
  if (options.mode === "production") eleventyConfig.addPlugin(minifyPlugin);

  return {
    // Output: _site/ by default (Eleventy's own), _dev/ for npm start, a fresh folder in src/build.ts.
    dir: { input: "templates", includes: "partials", layouts: "layouts", data: "_data" },
    pathPrefix: options.pathPrefix,
    templateFormats: ["njk"],
  };
}
