/**
 * The Eleventy plugin that turns the content folder into the `portal` global data: content is
 * read and validated here (every problem at once, before any page is written), and the listings,
 * feeds and sitemaps are computed once per build.
 *
 * Articles are data, not Eleventy templates: an editor's `{{ }}` is never run as Nunjucks, each
 * file is read once, and the schema sees the raw YAML text.
 */
import { buildPortal, type ArticleView, type Portal } from "./collections.ts";
import { loadContent } from "./content/load.ts";
import { ContentError, errorsIn, formatProblem } from "./content/problems.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import { buildFeeds, type FeedView } from "./feeds.ts";
import { newsArticle, scriptSafeJson } from "./metadata.ts";
import type { SiteImages } from "./media/site-files.ts";
import type { PortalOptions } from "./options.ts";
import { buildSitemaps, type SitemapFile } from "./sitemap.ts";
import { absoluteUrl, withPrefix } from "./urls.ts";

export interface PortalData extends Portal {
  feeds: FeedView[];
  sitemaps: SitemapFile[];
  /** Development only: the content problems, shown on every page until they are fixed. */
  problems: string[];
  /** favicon, masthead logo and 公安备案 badge from content/static/, when present. */
  siteImages: SiteImages;
}

/**
 * Loads, validates and models the content. Production throws ContentError listing every problem.
 * Development (npm start) keeps serving while an editor fixes a file: broken files are left out
 * and their problems are shown on every page; only a broken site.json stops it.
 */
export async function loadPortal(options: PortalOptions, log: (line: string) => void = (line) => console.warn(line)): Promise<PortalData> {
  const content = await loadContent(options);
  const warnings = content.problems.filter((problem) => problem.severity === "warning");
  for (const warning of warnings) log(formatProblem(warning));
  const errors = errorsIn(content.problems);
  const development = options.mode === "development";
  if (!content.site || (errors.length > 0 && !development)) throw new ContentError(content.problems);
  if (errors.length > 0) {
    log(`[portal] ${errors.length} problem(s); these files are left out until they are fixed:`);
    for (const error of errors) log(formatProblem(error));
  }
  const broken = new Set(errors.map((error) => error.file));
  const usable = { articles: content.articles.filter((item) => !broken.has(item.file)), pages: content.pages.filter((item) => !broken.has(item.file)) };

  const site = { ...content.site, url: options.siteUrl ?? content.site.url, pathPrefix: options.pathPrefix };
  const portal = buildPortal({ ...content, ...usable, site }, { includeDrafts: development, includeFuture: development, now: options.now, mode: options.mode });
  const { drafts, future } = portal.heldBack;
  if (drafts + future > 0) log(`[portal] held back from this build: ${drafts} draft(s), ${future} article(s) dated in the future`);
  // Frozen so Eleventy's data merge passes the model by reference instead of deep-copying it
  // into every page's data.
  return Object.freeze({ ...portal, siteImages: content.siteImages, feeds: buildFeeds(portal), sitemaps: buildSitemaps(portal), problems: errors.map(formatProblem) });
}

export function portalPlugin(eleventyConfig: EleventyConfig, options: PortalOptions): void {
  eleventyConfig.addWatchTarget(options.contentDir);
  // A caller that already loaded the portal (the production build validates before Eleventy
  // starts) hands it over as global data; otherwise it is loaded here, once per build.
  if (!("portal" in eleventyConfig.globalData)) eleventyConfig.addGlobalData("portal", () => loadPortal(options));

  /** `{{ url | href }}`: a site-root path under the path prefix. */
  eleventyConfig.addFilter("href", (path: string) => withPrefix(path, options.pathPrefix));
  /** `{{ url | absoluteUrl(portal.site.url) }}`: canonical links and Open Graph. */
  eleventyConfig.addFilter("absoluteUrl", (path: string, siteUrl: string) => absoluteUrl(path, siteUrl, options.pathPrefix));
  /** `{{ article | articleJsonLd(portal) | safe }}`: the NewsArticle JSON-LD, escaped for <script>. */
  eleventyConfig.addFilter("articleJsonLd", (article: ArticleView, portal: PortalData) => scriptSafeJson(newsArticle(article, portal.site)));
}
