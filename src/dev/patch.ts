/**
 * `npm start`'s fast path for the everyday edit: an article whose address, column, date, tags and
 * 头条 flag stay the same (its title, text, summary, editor line, photos changed). Such an edit
 * moves nothing in the model: every list keeps its order and its members. So the last model is
 * patched instead of computed again — the article's file is read and checked alone, its page data
 * replaced, and its one shared summary object (which every list, prev/next link and 相关阅读 holds)
 * updated in place — and the pages that show it are named exactly, without fingerprinting every
 * page. Anything else (a new, moved or deleted file, a changed date or tag, a problem, site data,
 * static pages) returns undefined, and the caller loads and fingerprints everything as usual.
 */
import path from "node:path";
import { loadArticleFile, type ContentLocation } from "../content/load.ts";
import { errorsIn, type Problem } from "../content/problems.ts";
import { buildFeeds } from "../feeds.ts";
import { listSiteFiles } from "../media/site-files.ts";
import type { PortalData } from "../model/load.ts";
import { summaryOf, toView } from "../model/portal.ts";
import type { RenderSlice } from "../model/shards.ts";
import type { ArticleSummary, ArticleView, ColumnRef, ListingPage, TagRef } from "../model/types.ts";
import type { PortalOptions } from "../options.ts";

/** Where each article sits in a model, computed once per full load. */
export interface ModelIndex {
  /** Article position in portal.articles by its project-relative file. */
  byFile: Map<string, number>;
  /** The one summary object lists share, by article URL. */
  summaries: Map<string, ArticleSummary>;
}

export function indexModel(portal: PortalData): ModelIndex {
  const byFile = new Map(portal.articles.map((article, index) => [article.file, index]));
  const summaries = new Map<string, ArticleSummary>();
  // Every article is on a page of its column's list, so this finds each article's summary.
  for (const listing of portal.listings) if (listing.kind === "column") for (const item of listing.items) summaries.set(item.url, item);
  return { byFile, summaries };
}

export interface Patched {
  portal: PortalData;
  /** Exactly the pages that show what changed. */
  slice: RenderSlice;
  /** The edited files' warnings (errors never reach here). */
  warnings: Problem[];
}

/** What decides where an article appears and in what order: the patch applies only when none of it changed. */
function placement(article: Pick<ArticleView, "file" | "url" | "slug" | "date" | "featured"> & { column: string; tags: readonly string[] }): string {
  return JSON.stringify([article.file, article.url, article.slug, article.column, article.date, article.tags, article.featured]);
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Patches `portal` for the edited article files (absolute paths), or returns undefined when the
 * edit is not one the patch covers. The summaries of `portal` are updated in place, so `portal`
 * must be the newest model and is not used again once patched.
 */
export async function patchEdited(portal: PortalData, index: ModelIndex, files: readonly string[], options: PortalOptions): Promise<Patched | undefined> {
  const location: ContentLocation = { contentDir: options.contentDir, rootDir: options.rootDir };
  const relative = (absolute: string) => path.relative(options.rootDir, absolute).split(path.sep).join("/");
  const positions = files.map((file) => index.byFile.get(relative(file)));
  if (files.length === 0 || positions.some((position) => position === undefined)) return undefined;

  const siteFiles = await listSiteFiles(options.contentDir);
  const columns = new Map<string, ColumnRef>(portal.columns.map((column) => [column.name, column]));
  const articles = [...portal.articles];
  const warnings: Problem[] = [];
  const edits: { before: ArticleView; after: ArticleView; summary: ArticleSummary; summaryChanged: boolean }[] = [];
  for (const [at, file] of files.entries()) {
    const position = positions[at] as number;
    const before = articles[position] as ArticleView;
    const { record, problems } = await loadArticleFile(file, location, portal.site, siteFiles);
    if (!record || errorsIn(problems).length > 0) return undefined;
    const now = { ...record, column: record.column.name, date: record.data.date, tags: record.data.tags, featured: record.data.featured ?? false };
    if (placement(now) !== placement({ ...before, column: before.column.name, tags: before.tags.map((tag) => tag.name) })) return undefined;
    const summary = index.summaries.get(before.url);
    if (!summary) return undefined;
    const tags = new Map<string, TagRef>(before.tags.map((tag) => [tag.name, tag]));
    // Its placement (date, column) is unchanged, so is its search section.
    const after: ArticleView = { ...toView(record, portal.site, columns, tags, options.mode), prev: before.prev, next: before.next, related: before.related, searchSection: before.searchSection };
    articles[position] = after;
    warnings.push(...problems);
    edits.push({ before, after, summary, summaryChanged: !sameJson(summaryOf(after), summary) });
  }

  // Lists hold the one summary object per article: updating it updates every list that shows it.
  const moved = new Set<ArticleSummary>();
  for (const edit of edits) {
    if (!edit.summaryChanged) continue;
    Object.assign(edit.summary, summaryOf(edit.after));
    moved.add(edit.summary);
  }
  const shows = (items: readonly (ArticleSummary | null)[]) => items.some((item) => item !== null && moved.has(item));
  const editedUrls = new Set(edits.map((edit) => edit.after.url));
  const pageArticles = moved.size === 0 ? articles.filter((article) => editedUrls.has(article.url)) : articles.filter((article) => editedUrls.has(article.url) || shows([article.prev, article.next, ...article.related]));
  const listings: ListingPage[] = moved.size === 0 ? [] : portal.listings.filter((listing) => shows(listing.items));
  const home = moved.size > 0 && shows([...portal.home.headlines, ...portal.home.latest, ...portal.home.columns.flatMap((block) => block.items)]);

  const next: PortalData = { ...portal, articles };
  next.feeds = buildFeeds(next);
  const feeds = next.feeds.filter((feed, at) => !sameJson(feed, portal.feeds[at]));
  const editedFiles = new Set(edits.map((edit) => edit.after.file));
  next.allProblems = [...portal.allProblems.filter((problem) => !editedFiles.has(problem.file)), ...warnings];
  return {
    portal: next,
    slice: { articles: pageArticles, listings, pages: [], feeds, sitemaps: [], singles: home, once: home ? [true] : [] },
    warnings,
  };
}
