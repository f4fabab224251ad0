/**
 * Composition root: registers the plugins from src/ and names the folders. No logic lives here.
 * Eleventy 3 does not look for .eleventy.ts itself, and the options are arguments, not the
 * environment: the CLIs in src/cli/ (build, serve, the render workers) and the tests call
 * `configurePortal` through Eleventy's programmatic API.
 */
import type { EleventyConfig } from "./src/eleventy-types.ts";
import { assetsPlugin } from "./src/assets.ts";
import { carePlugin } from "./src/care.ts";
import { datesPlugin } from "./src/dates.ts";
import { inspectPlugin } from "./src/inspect/plugin.ts";
import { markdownPlugin } from "./src/markdown.ts";
import { mediaPlugin } from "./src/media/plugin.ts";
import { siteFilesPlugin } from "./src/media/site-files.ts";
import { minifyPlugin, type MinifyCounts } from "./src/minify.ts";
import { portalPlugin, type PortalPluginOptions } from "./src/portal.ts";
import { searchPlugin } from "./src/search.ts";
import { sharePlugin } from "./src/share.ts";
import { templatesPlugin } from "./src/templates.ts";

export interface ConfigureOptions extends PortalPluginOptions {
  /** Whether this render writes the one-off files (assets); false in all shards but the first. */
  writesSingles?: boolean;
  onMinifyCounts?: (counts: MinifyCounts) => void;
  /** Told the files written outside Eleventy's own output (photos, attachments, site files, 关怀版 copies), absolute paths, after the render. */
  onMediaFiles?: (files: string[]) => void;
}

export function configurePortal(eleventyConfig: EleventyConfig, settings: ConfigureOptions): void {
  const { options } = settings;
  eleventyConfig.setIncludesDirectory("partials");
  eleventyConfig.setLayoutsDirectory("layouts");
  eleventyConfig.setTemplateFormats(["njk"]);

  // Content: the portal model (validated before any page is written) and its link filters.
  eleventyConfig.addPlugin(portalPlugin, settings);
  // Rendering: Nunjucks settings, Markdown policy, dates in the site's zone, assets.
  eleventyConfig.addPlugin(templatesPlugin);
  eleventyConfig.addPlugin(markdownPlugin, { pathPrefix: options.pathPrefix });
  eleventyConfig.addPlugin(datesPlugin);
  // 网页标签 and the footer's identity line (备案, 网站标识码, 纠错), computed in src/inspect/.
  eleventyConfig.addPlugin(inspectPlugin);
  eleventyConfig.addPlugin(assetsPlugin, { rootDir: options.rootDir, mode: options.mode, copy: settings.writesSingles ?? true });
  // Photos and attachments beside the pages that show them (encoded in production through
  // options.cacheDir/images), and the site's own files from content/static/.
  eleventyConfig.addPlugin(mediaPlugin, { mode: options.mode, pathPrefix: options.pathPrefix, cacheDir: options.cacheDir, onFiles: settings.onMediaFiles });
  eleventyConfig.addPlugin(siteFilesPlugin, { contentDir: options.contentDir, copy: settings.writesSingles ?? true, onFiles: settings.onMediaFiles });
  // Readers: share links and QR codes, the 关怀版 switch and copies; under npm start also the search index.
  eleventyConfig.addPlugin(sharePlugin, { pathPrefix: options.pathPrefix });
  eleventyConfig.addPlugin(carePlugin, { mode: options.mode, pathPrefix: options.pathPrefix, onFiles: settings.onMediaFiles });
  eleventyConfig.addPlugin(searchPlugin, { mode: options.mode });
  // Production only: minified HTML (unchanged pages come from the page cache, not minified again).
  if (options.mode === "production") eleventyConfig.addPlugin(minifyPlugin, { counts: settings.onMinifyCounts });
}
