/**
 * The Eleventy plugin that hands the portal model to the templates as the `portal` global data,
 * with the slice of pages this render writes (`portal.render`), and the filters that turn model
 * paths into links.
 */
import type { EleventyConfig, ServerMiddleware } from "./eleventy-types.ts";
import type { PortalData } from "./model/load.ts";
import type { ArticleView } from "./model/types.ts";
import { renderSlice, type RenderSlice } from "./model/shards.ts";
import { newsArticle, scriptSafeJson } from "./metadata.ts";
import type { PortalOptions } from "./options.ts";
import { absoluteUrl, withPrefix } from "./urls.ts";

export interface PortalPluginOptions {
  options: PortalOptions;
  /** The model, computed before Eleventy starts (the build) or on every rebuild (npm start). */
  portal: PortalData | (() => Promise<PortalData>);
  /** The pages to write; all of them unless a shard is rendering. */
  slice?: (portal: PortalData) => RenderSlice;
  /** npm start: told which files changed before each rebuild. */
  onChangedFiles?: (files: string[]) => void;
  /** npm start: request handlers the server runs before serving a file (the problems banner). */
  serverMiddleware?: ServerMiddleware[];
}

export type RenderedPortal = PortalData & { render: RenderSlice };

export function portalPlugin(eleventyConfig: EleventyConfig, { options, portal, slice, onChangedFiles, serverMiddleware }: PortalPluginOptions): void {
  if (onChangedFiles) eleventyConfig.on("eleventy.beforeWatch", (changed: string[]) => onChangedFiles(changed));
  if (serverMiddleware) eleventyConfig.setServerOptions({ middleware: serverMiddleware });
  const withSlice = (data: PortalData): RenderedPortal =>
    // Frozen so Eleventy's data merge passes the model by reference instead of deep-copying it
    // into every page's data.
    Object.freeze({ ...data, render: (slice ?? ((whole) => renderSlice(whole, undefined)))(data) });
  if (typeof portal === "function") {
    eleventyConfig.addWatchTarget(options.contentDir);
    // A saved file is taken once its size has held for 50 ms (Eleventy waits 150 ms): editors
    // write an article in one go, and a rebuild that caught half a file is followed by another.
    eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });
  }
  eleventyConfig.addGlobalData("portal", typeof portal === "function" ? async () => withSlice(await portal()) : withSlice(portal));

  /** `{{ url | href }}`: a site-root path under the path prefix. */
  eleventyConfig.addFilter("href", (path: string) => withPrefix(path, options.pathPrefix));
  /** `{{ url | absoluteUrl(portal.site.url) }}`: canonical links and Open Graph. */
  eleventyConfig.addFilter("absoluteUrl", (path: string, siteUrl: string) => absoluteUrl(path, siteUrl, options.pathPrefix));
  /** `{{ article | articleJsonLd(portal) | safe }}`: the NewsArticle JSON-LD, escaped for <script>. */
  eleventyConfig.addFilter("articleJsonLd", (article: ArticleView, portal: PortalData) => scriptSafeJson(newsArticle(article, portal.site)));
}
