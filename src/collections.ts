/**
 * Everything listing pages need, computed once per build: articles in order, by column, by tag,
 * by year and month, prev/next within a column, related articles, pagers. Templates only print it.
 */
import type { ArticleRecord, LoadedContent, PageRecord } from "./content/load.ts";
import type { PublishedDate } from "./dates.ts";
import type { Site } from "./site/schema.ts";
import { shortHash, tagSlug } from "./urls.ts";
import { firstParagraphText } from "./markdown.ts";
import { disclosureView, type DisclosureView } from "./inspect/disclosure.ts";

export interface ColumnRef {
  name: string;
  slug: string;
  url: string;
  description: string;
}

export interface TagRef {
  name: string;
  slug: string;
  url: string;
}

/** What a list, a feed or a prev/next link shows of an article. */
export interface ArticleSummary {
  title: string;
  url: string;
  date: PublishedDate;
  column: ColumnRef;
  /** From `summary`, else the first paragraph: listings, feeds, meta description. */
  summary: string;
}

export interface ArticleView extends ArticleSummary {
  file: string;
  slug: string;
  source: string;
  author: string;
  editor: string;
  /** Empty when the article names no 校对. */
  proofreader: string;
  /** Empty for original articles. */
  originalUrl: string;
  isReprint: boolean;
  tags: TagRef[];
  draft: boolean;
  featured: boolean;
  /** Markdown source of the body, rendered by the `markdown` filter. */
  body: string;
  /** 上一篇: the next older article in the same column. */
  prev: ArticleSummary | null;
  /** 下一篇: the next newer article in the same column. */
  next: ArticleSummary | null;
  related: ArticleSummary[];
  /** 政府信息公开: the table above a disclosed document, or null. */
  disclosure: DisclosureView | null;
}

export interface Crumb {
  label: string;
  url: string;
}

export interface PagerLink {
  number: number;
  url: string;
  current: boolean;
}

/** A pager in the portals' style: 共 X 条 共 N 页 首页 上一页 1 2 3 下一页 末页. */
export interface Pager {
  current: number;
  pageCount: number;
  itemCount: number;
  first: string;
  last: string;
  /** Empty on the first page. */
  prev: string;
  /** Empty on the last page. */
  next: string;
  numbers: PagerLink[];
}

export interface ListingPage {
  kind: "column" | "tag" | "year" | "month";
  url: string;
  /** The list's name: the column, the tag, 2024年, 2024年05月. */
  title: string;
  description: string;
  breadcrumb: Crumb[];
  items: ArticleSummary[];
  pager: Pager;
  /** The column's slug for column lists (highlights the navigation), else empty. */
  columnSlug: string;
  /** The column's own feed, for column lists. */
  feedUrl: string;
  /** The newest day in the list (sitemap lastmod). */
  lastDay: string;
}

export interface PageView {
  file: string;
  url: string;
  title: string;
  description: string;
  body: string;
}

export interface HomeColumnBlock {
  column: ColumnRef;
  items: ArticleSummary[];
}

export interface HomeView {
  headlines: ArticleSummary[];
  latest: ArticleSummary[];
  columns: HomeColumnBlock[];
}

export interface ArchiveYear {
  year: string;
  url: string;
  count: number;
  months: { month: string; url: string; count: number }[];
}

export interface TagCount extends TagRef {
  count: number;
}

export interface Portal {
  site: Site;
  columns: ColumnRef[];
  /** Newest first. */
  articles: ArticleView[];
  listings: ListingPage[];
  pages: PageView[];
  home: HomeView;
  archive: ArchiveYear[];
  tags: TagCount[];
  /** What the build left out, for the one-line report. */
  heldBack: { drafts: number; future: number };
}

export interface PortalOptions {
  /** Drafts are shown by `npm start`, left out of production. */
  includeDrafts: boolean;
  /** Articles dated after `now` are left out of production. */
  includeFuture: boolean;
  now: number;
}

const HOME_HEADLINES = 5;
const HOME_LATEST = 12;
const HOME_PER_COLUMN = 8;
const RELATED_COUNT = 6;
/** How many neighbours in a tag's list are considered for 相关阅读: keeps it linear at 10,000+ articles. */
const RELATED_WINDOW = 24;

/** Newest first; ties broken by URL so every build orders the same way. */
function newestFirst(a: { date: PublishedDate; url: string }, b: { date: PublishedDate; url: string }): number {
  return b.date.epochMs - a.date.epochMs || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}

function summarize(article: ArticleView): ArticleSummary {
  return { title: article.title, url: article.url, date: article.date, column: article.column, summary: article.summary };
}

/** The URL of page `number` of a list at `base` (`/dangfeng/` → `/dangfeng/page/2/`). */
export function pageUrl(base: string, number: number): string {
  return number <= 1 ? base : `${base}page/${number}/`;
}

/** Builds the pager for page `current` of `pageCount`, numbering up to five pages around it. */
export function buildPager(base: string, current: number, pageCount: number, itemCount: number): Pager {
  const span = 2;
  let from = Math.max(1, current - span);
  let to = Math.min(pageCount, current + span);
  if (to - from < span * 2) {
    if (from === 1) to = Math.min(pageCount, from + span * 2);
    else from = Math.max(1, to - span * 2);
  }
  const numbers: PagerLink[] = [];
  for (let number = from; number <= to; number += 1) numbers.push({ number, url: pageUrl(base, number), current: number === current });
  return {
    current,
    pageCount,
    itemCount,
    first: pageUrl(base, 1),
    last: pageUrl(base, pageCount),
    prev: current > 1 ? pageUrl(base, current - 1) : "",
    next: current < pageCount ? pageUrl(base, current + 1) : "",
    numbers,
  };
}

/** Splits a list into pages of `size`; an empty list still gets one (empty) page. */
export function paginate<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

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

/**
 * Gives every tag a unique ASCII slug. Slugs chosen in site.json are taken first; a derived slug
 * that clashes (AI / ai, or a chosen one) gets a hash suffix, in name order.
 */
function assignTagSlugs(tagNames: Iterable<string>, chosen: Readonly<Record<string, string>>): Map<string, TagRef> {
  const refs = new Map<string, TagRef>();
  const names = [...new Set(tagNames)].sort();
  const taken = new Set(names.flatMap((name) => chosen[name] ?? []));
  for (const name of names) {
    let slug = tagSlug(name, chosen);
    if (!chosen[name]) {
      if (taken.has(slug)) slug = `${slug}-${shortHash(name, 6)}`;
      taken.add(slug);
    }
    refs.set(name, { name, slug, url: `/tags/${slug}/` });
  }
  return refs;
}

function toView(record: ArticleRecord, site: Site, columns: Map<string, ColumnRef>, tags: Map<string, TagRef>): ArticleView {
  const { data } = record;
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
    prev: null,
    next: null,
    related: [],
    disclosure: data.disclosure ? disclosureView(data.disclosure, data.date) : null,
  };
}

/** Links each article to its column neighbours and to the articles most like it. */
function linkArticles(byColumn: Map<string, ArticleView[]>, byTag: Map<string, ArticleView[]>): void {
  const positionInTag = new Map<string, Map<ArticleView, number>>();
  for (const [tag, list] of byTag) positionInTag.set(tag, new Map(list.map((article, index) => [article, index])));

  for (const list of byColumn.values()) {
    list.forEach((article, index) => {
      const older = list[index + 1];
      const newer = list[index - 1];
      article.prev = older ? summarize(older) : null;
      article.next = newer ? summarize(newer) : null;

      // Score nearby articles: two points per shared tag, one for the same column.
      const scores = new Map<ArticleView, number>();
      const add = (other: ArticleView | undefined, points: number) => {
        if (other && other !== article) scores.set(other, (scores.get(other) ?? 0) + points);
      };
      for (const tag of article.tags) {
        const tagList = byTag.get(tag.name) ?? [];
        const at = positionInTag.get(tag.name)?.get(article) ?? 0;
        for (let i = Math.max(0, at - RELATED_WINDOW); i <= Math.min(tagList.length - 1, at + RELATED_WINDOW); i += 1) add(tagList[i], 2);
      }
      for (let i = Math.max(0, index - RELATED_COUNT); i <= Math.min(list.length - 1, index + RELATED_COUNT); i += 1) add(list[i], 1);
      article.related = [...scores]
        .sort(([a, scoreA], [b, scoreB]) => scoreB - scoreA || Math.abs(a.date.epochMs - article.date.epochMs) - Math.abs(b.date.epochMs - article.date.epochMs) || newestFirst(a, b))
        .slice(0, RELATED_COUNT)
        .map(([other]) => summarize(other));
    });
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Builds the whole portal model from validated content. */
export function buildPortal(content: LoadedContent & { site: Site }, options: PortalOptions): Portal {
  const { site } = content;
  const columnRefs = new Map<string, ColumnRef>(
    site.columns.map((column) => [column.name, { name: column.name, slug: column.slug, url: `/${column.slug}/`, description: column.description ?? "" }]),
  );
  const heldBack = { drafts: 0, future: 0 };
  const published = content.articles.filter((record) => {
    if (record.data.draft && !options.includeDrafts) {
      heldBack.drafts += 1;
      return false;
    }
    if (record.data.date.epochMs > options.now && !options.includeFuture) {
      heldBack.future += 1;
      return false;
    }
    return true;
  });

  const tags = assignTagSlugs(published.flatMap((record) => record.data.tags), site.tagSlugs);
  const articles = published.map((record) => toView(record, site, columnRefs, tags)).sort(newestFirst);

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
  linkArticles(byColumn, byTag);

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
    pages: content.pages.map(toPageView).sort((a, b) => (a.url < b.url ? -1 : 1)),
    home: {
      headlines: (featured.length > 0 ? featured : articles).slice(0, HOME_HEADLINES).map(summarize),
      latest: articles.slice(0, HOME_LATEST).map(summarize),
      columns: [...columnRefs.values()].map((column) => ({ column, items: (byColumn.get(column.name) ?? []).slice(0, HOME_PER_COLUMN).map(summarize) })),
    },
    archive,
    tags: tagCounts.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)),
    heldBack,
  };
}

function toPageView(record: PageRecord): PageView {
  return { file: record.file, url: record.url, title: record.data.title, description: record.data.summary ?? firstParagraphText(record.body), body: record.body };
}
