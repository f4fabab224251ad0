/**
 * Content folder → the portal model: read and validate every file (every problem at once, before
 * any page is written), then compute listings, feeds and sitemaps once per build.
 *
 * Articles are data, not Eleventy templates: an editor's `{{ }}` is never run as Nunjucks, each
 * file is read once, and the schema sees the raw YAML text.
 */
import { loadContent, type ContentCache } from "../content/load.ts";
import { ContentError, errorsIn, formatProblem, type Problem } from "../content/problems.ts";
import { buildFeeds, type FeedView } from "../feeds.ts";
import type { SiteImages } from "../media/site-files.ts";
import { inspectPublished } from "../inspect/index.ts";
import type { PortalOptions } from "../options.ts";
import { buildSitemaps, type SitemapFile } from "../sitemap.ts";
import { buildPortal } from "./portal.ts";
import { SITE_PATHS } from "./routes.ts";
import type { Portal } from "./types.ts";

export interface PortalData extends Portal {
  feeds: FeedView[];
  sitemaps: SitemapFile[];
  /** The fixed URLs, for the templates' permalinks. */
  paths: typeof SITE_PATHS;
  /** Every problem of the load (warnings included), for reports. */
  allProblems: readonly Problem[];
  /** favicon, masthead logo and 公安备案 badge from content/static/, when present. */
  siteImages: SiteImages;
}

/**
 * Loads, validates and models the content. Production throws ContentError listing every problem.
 * Development (npm start) keeps serving while an editor fixes a file: broken files are left out
 * and their problems kept in allProblems (npm start shows them on every page); only a broken
 * site.json stops it.
 */
export async function loadPortal(options: PortalOptions, log: (line: string) => void, cache?: ContentCache): Promise<PortalData> {
  const content = await loadContent({ ...options, cache });
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
  if (drafts.length + future.length > 0) {
    log(`[portal] held back from this build: ${drafts.length} draft(s), ${future.length} article(s) dated in the future`);
    for (const file of drafts) log(`  draft: ${file}`);
    for (const file of future) log(`  future: ${file}`);
  }
  const model = { ...portal, feeds: buildFeeds(portal), sitemaps: buildSitemaps(portal) };
  // Production also runs the inspection (错敏词, columns, links, 信息公开): its errors stop the build too.
  const inspection = development ? [] : (await inspectPublished({ ...content, site }, model, options)).findings;
  for (const finding of inspection) if (finding.severity === "warning") log(formatProblem(finding));
  if (errorsIn(inspection).length > 0) throw new ContentError([...content.problems, ...inspection]);
  return { ...model, paths: SITE_PATHS, allProblems: [...content.problems, ...inspection], siteImages: content.siteImages };
}
