/**
 * The portal model, computed once per build from validated content: articles in order, by column,
 * by tag, by year and month, prev/next, related articles, listing pages with pagers, the home page.
 */
import type { ArticleRecord, LoadedContent, PageRecord } from "../content/load.ts";
import { disclosureView } from "../inspect/disclosure.ts";
import { firstParagraphText } from "../markdown.ts";
import { mediaView } from "../media/views.ts";
import type { BuildMode } from "../options.ts";
import type { Site } from "../site/schema.ts";
import { buildPager, pageUrl, paginate } from "./pager.ts";
import { linkArticles, newestFirst } from "./related.ts";
import { assignSearchSections } from "./search-sections.ts";
import { assignTagSlugs } from "./tags.ts";
import type { ArchiveYear, ArticleSummary, ArticleView, ColumnRef, Crumb, ListingPage, ModelOptions, PageView, Portal, TagCount, TagRef } from "./types.ts";

const HOME_HEADLINES = 5;
const HOME_LATEST = 12;
const HOME_PER_COLUMN = 8;

function listingPages(
  base: Omit<ListingPage, "url" | "items" | "pager" | "lastDay">,
  rootUrl: string,
  items: readonly ArticleSummary[],
  size: number,
): ListingPage[] {
  const chunks = paginate(items, size);
  const lastDay = items[0]?.date.day ?? "";
  return chunks.map((chunk, index) => ({
    ...base,
    url: pageUrl(rootUrl, index + 1),
    items: chunk,
    pager: buildPager(rootUrl, index + 1, chunks.length, items.length),
    lastDay,
  }));
}

/** What lists show of an article (a new object; the model shares one per article). */
export function summaryOf(article: ArticleView): ArticleSummary {
  return { title: article.title, url: article.url, date: article.date, column: article.column, summary: article.summary, image: article.image };
}

/** An article's page data from its record; prev, next and related are filled in by linkArticles. */
export function toView(record: ArticleRecord, site: Site, columns: Map<string, ColumnRef>, tags: Map<string, TagRef>, mode: BuildMode): ArticleView {
  const { data } = record;
  const media = mediaView(record.media, record.url, mode);
  return {
    file: record.file,
    url: record.url,
    slug: record.slug,
    title: data.title,
    column: columns.get(record.column.name) as ColumnRef,
    date: data.date,
    summary: data.summary ?? firstParagraphText(record.body),
    source: data.source ?? site.name,
    author: data.author ?? site.defaultAuthor,
    editor: data.editor,
    proofreader: data.proofreader ?? "",
    originalUrl: data.originalUrl ?? "",
    isReprint: data.originalUrl !== undefined,
    tags: data.tags.map((tag) => tags.get(tag) as TagRef),
    draft: data.draft ?? false,
    featured: data.featured ?? false,
    body: record.body,
    media,
    image: media.lead,
    prev: null,
    next: null,
    related: [],
    disclosure: data.disclosure ? disclosureView(data.disclosure, data.date) : null,
    searchSection: "",
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Builds the whole portal model from validated content. */
export function buildPortal(content: LoadedContent & { site: Site }, options: ModelOptions): Portal {
  const { site } = content;
  // One summary object per article, shared by every list that shows it (prev/next, related,
  // listings, home): the model stays small enough to hand to render workers at 100,000 articles.
  const summaries = new Map<ArticleView, ArticleSummary>();
  const summarize = (article: ArticleView): ArticleSummary => {
    let summary = summaries.get(article);
    if (!summary) {
      summary = summaryOf(article);
      summaries.set(article, summary);
    }
    return summary;
  };
  const columnRefs = new Map<string, ColumnRef>(
    site.columns.map((column) => [column.name, { name: column.name, slug: column.slug, url: `/${column.slug}/`, description: column.description ?? "" }]),
  );
  const heldBack: Portal["heldBack"] = { drafts: [], future: [] };
  const published = content.articles.filter((record) => {
    if (record.data.draft && !options.includeDrafts) {
      heldBack.drafts.push(record.file);
      return false;
    }
    if (record.data.date.epochMs > options.now && !options.includeFuture) {
      heldBack.future.push(record.file);
      return false;
    }
    return true;
  });

  const tags = assignTagSlugs(published.flatMap((record) => record.data.tags), site.tagSlugs);
  const articles = published.map((record) => toView(record, site, columnRefs, tags, options.mode)).sort(newestFirst);
  const searchSections = assignSearchSections(articles);

  const byColumn = new Map<string, ArticleView[]>([...columnRefs.keys()].map((name) => [name, []]));
  const byTag = new Map<string, ArticleView[]>();
  const byYear = new Map<string, ArticleView[]>();
  const byMonth = new Map<string, ArticleView[]>();
  for (const article of articles) {
    pushTo(byColumn, article.column.name, article);
    for (const tag of article.tags) pushTo(byTag, tag.name, article);
    pushTo(byYear, article.date.year, article);
    pushTo(byMonth, `${article.date.year}-${article.date.month}`, article);
  }
  linkArticles(byColumn, byTag, summarize);

  const home: Crumb = { label: "首页", url: "/" };
  const size = site.pageSize;
  const listings: ListingPage[] = [];
  for (const column of columnRefs.values()) {
    listings.push(
      ...listingPages(
        { kind: "column", title: column.name, description: column.description, breadcrumb: [home, { label: column.name, url: column.url }], columnSlug: column.slug, feedUrl: `${column.url}feed.xml` },
        column.url,
        (byColumn.get(column.name) ?? []).map(summarize),
        size,
      ),
    );
  }
  const tagCounts: TagCount[] = [];
  for (const tag of tags.values()) {
    const list = byTag.get(tag.name) ?? [];
    tagCounts.push({ ...tag, count: list.length });
    listings.push(
      ...listingPages(
        { kind: "tag", title: tag.name, description: `标签“${tag.name}”下的文章`, breadcrumb: [home, { label: "标签", url: "/tags/" }, { label: tag.name, url: tag.url }], columnSlug: "", feedUrl: "" },
        tag.url,
        list.map(summarize),
        size,
      ),
    );
  }
  const archive: ArchiveYear[] = [];
  for (const [year, list] of byYear) {
    const yearUrl = `/archive/${year}/`;
    const yearCrumbs = [home, { label: "归档", url: "/archive/" }, { label: `${year}年`, url: yearUrl }];
    listings.push(...listingPages({ kind: "year", title: `${year}年`, description: `${year}年发布的文章`, breadcrumb: yearCrumbs, columnSlug: "", feedUrl: "" }, yearUrl, list.map(summarize), size));
    const months: ArchiveYear["months"] = [];
    for (const [key, monthList] of byMonth) {
      if (!key.startsWith(`${year}-`)) continue;
      const month = key.slice(5);
      const monthUrl = `/archive/${year}/${month}/`;
      months.push({ month, url: monthUrl, count: monthList.length });
      listings.push(
        ...listingPages(
          { kind: "month", title: `${year}年${month}月`, description: `${year}年${month}月发布的文章`, breadcrumb: [...yearCrumbs, { label: `${month}月`, url: monthUrl }], columnSlug: "", feedUrl: "" },
          monthUrl,
          monthList.map(summarize),
          size,
        ),
      );
    }
    archive.push({ year, url: yearUrl, count: list.length, months });
  }

  const featured = articles.filter((article) => article.featured);
  return {
    site,
    columns: [...columnRefs.values()],
    articles,
    listings,
    pages: content.pages.map((record) => toPageView(record, options.mode)).sort((a, b) => (a.url < b.url ? -1 : 1)),
    home: {
      headlines: (featured.length > 0 ? featured : articles).slice(0, HOME_HEADLINES).map(summarize),
      latest: articles.slice(0, HOME_LATEST).map(summarize),
      columns: [...columnRefs.values()].map((column) => ({ column, items: (byColumn.get(column.name) ?? []).slice(0, HOME_PER_COLUMN).map(summarize) })),
    },
    archive,
    searchSections,
    tags: tagCounts.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)),
    heldBack,
  };
}

function toPageView(record: PageRecord, mode: BuildMode): PageView {
  return { file: record.file, url: record.url, title: record.data.title, description: record.data.summary ?? firstParagraphText(record.body), body: record.body, media: mediaView(record.media, record.url, mode) };
}
