/**
 * `npm run check` as a function: load and validate the content, model what a production build
 * would publish, and inspect it. Every problem of the run comes back at once, as findings.
 */
import { buildPortal } from "../model/portal.ts";
import { loadContent, type LoadedContent } from "../content/load.ts";
import { errorsIn } from "../content/problems.ts";
import { buildFeeds } from "../feeds.ts";
import type { PortalOptions } from "../options.ts";
import { buildSitemaps } from "../sitemap.ts";
import type { ColumnStatus } from "./columns.ts";
import { loadInspectionData, runInspection } from "./index.ts";
import { asFindings, type Finding } from "./items.ts";

export interface SiteCheck {
  content: LoadedContent;
  /** The loader's problems and the inspection's findings, in that order. */
  findings: Finding[];
  /** Empty when site.json itself could not be read. */
  columns: ColumnStatus[];
  today: string;
  /** Published articles (drafts and future-dated ones left out, as in production). */
  publishedCount: number;
}

export async function checkSite(options: Pick<PortalOptions, "contentDir" | "rootDir" | "siteUrl" | "pathPrefix" | "now">): Promise<SiteCheck> {
  const content = await loadContent(options);
  const loaderFindings = asFindings(content.problems);
  if (!content.site) return { content, findings: loaderFindings, columns: [], today: "", publishedCount: 0 };
  // Files with errors are left out of the model, so the rest is still inspected in the same run.
  const broken = new Set(errorsIn(content.problems).map((problem) => problem.file));
  const site = { ...content.site, url: options.siteUrl ?? content.site.url, pathPrefix: options.pathPrefix };
  const usable = { ...content, site, articles: content.articles.filter((item) => !broken.has(item.file)), pages: content.pages.filter((item) => !broken.has(item.file)) };
  const portal = buildPortal(usable, { includeDrafts: false, includeFuture: false, now: options.now });
  const model = { ...portal, feeds: buildFeeds(portal), sitemaps: buildSitemaps(portal) };
  const result = runInspection({ content: usable, model, data: await loadInspectionData(options), now: options.now });
  return { content, findings: [...loaderFindings, ...result.findings], columns: result.columns, today: result.today, publishedCount: portal.articles.length };
}
