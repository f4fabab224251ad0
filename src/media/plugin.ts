/**
 * The Eleventy side of media: the `body` filter renders an article's Markdown with its files and
 * queues those files for the page being written; whichever process renders the page writes them
 * (so a build split over worker processes encodes each photo in the worker that renders its
 * article). Everything queued is written before Eleventy reports the build done.
 */
import path from "node:path";
import type { EleventyConfig } from "../eleventy-types.ts";
import { renderMarkdown } from "../markdown.ts";
import type { BuildMode } from "../options.ts";
import { withPrefix } from "../urls.ts";
import { createPublisher, type PublishStats } from "./publish.ts";
import { attachmentsHtml } from "./render.ts";
import { EMPTY_MEDIA_VIEW, type MediaView } from "./views.ts";

export interface MediaPluginOptions {
  mode: BuildMode;
  pathPrefix: string;
  /** The persistent cache root (`.cache`); photos are cached in its `images/` folder. */
  cacheDir: string;
  /** Told once per build what was encoded, reused and copied. */
  log?: (line: string) => void;
  /** Told once per build every file written beside the pages (absolute paths). */
  onFiles?: ((files: string[]) => void) | undefined;
}

interface FilterThis {
  page?: { outputPath?: string | false };
}

export function mediaPlugin(eleventyConfig: EleventyConfig, options: MediaPluginOptions): void {
  const publisher = createPublisher({ cacheDir: path.join(options.cacheDir, "images"), incremental: options.mode === "development" });

  /** `{{ article.body | body(article.media) | safe }}`: the body's HTML; its files go beside the page. */
  eleventyConfig.addFilter("body", function (this: FilterThis, source: string, media: MediaView | undefined) {
    const view = media ?? EMPTY_MEDIA_VIEW;
    const outputPath = this.page?.outputPath;
    if (view.jobs.length > 0 && typeof outputPath === "string") publisher.request(view.jobs, path.dirname(outputPath));
    return renderMarkdown(source ?? "", { pathPrefix: options.pathPrefix, media: view }) + attachmentsHtml(view.attachments, (url) => withPrefix(url, options.pathPrefix));
  });

  /** `{{ entry.body | feedBody(entry.media, entry.url) }}`: the same body with every URL absolute. */
  eleventyConfig.addFilter("feedBody", (source: string, media: MediaView | undefined, absoluteUrl: string) => {
    const view = media ?? EMPTY_MEDIA_VIEW;
    const absolute = (url: string) => new URL(withPrefix(url, options.pathPrefix), absoluteUrl).href;
    return renderMarkdown(source ?? "", { pathPrefix: options.pathPrefix, media: view, absoluteBase: absoluteUrl }) + attachmentsHtml(view.attachments, absolute);
  });

  eleventyConfig.on("eleventy.after", async () => {
    const stats: PublishStats = await publisher.finish();
    options.onFiles?.(stats.files);
    if (stats.encoded + stats.reused + stats.copied > 0) {
      options.log?.(`[portal] photos and files: ${stats.encoded} encoded, ${stats.reused} from the cache, ${stats.copied} copied`);
    }
  });
}
