/**
 * The portal model's shapes: what listing pages, article pages and feeds print. Computed once per
 * build (src/model/portal.ts); templates only print it.
 */
import type { PublishedDate } from "../dates.ts";
import type { DisclosureView } from "../inspect/disclosure.ts";
import type { LeadImage, MediaView } from "../media/views.ts";
import type { BuildMode } from "../options.ts";
import type { Site } from "../site/schema.ts";

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
  /** Its cover, else its first photo, else null: list thumbnails, og:image, JSON-LD. */
  image: LeadImage | null;
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
  /** Markdown source of the body, rendered by the `body` filter. */
  body: string;
  /** Its photos and attachments as this build shows them, and the files to write beside it. */
  media: MediaView;
  /** 上一篇: the next older article in the same column. */
  prev: ArticleSummary | null;
  /** 下一篇: the next newer article in the same column. */
  next: ArticleSummary | null;
  related: ArticleSummary[];
  /** 政府信息公开: the table above a disclosed document, or null. */
  disclosure: DisclosureView | null;
  /** The search index that holds it: its year, or a part of a big year (src/search.ts). */
  searchSection: string;
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
  media: MediaView;
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
  /** The search indexes, newest first: pagefind/<section>/ (src/search.ts). */
  searchSections: string[];
  /** The files the build left out (drafts, future-dated), for the build's report. */
  heldBack: { drafts: string[]; future: string[] };
}

/** How the model is computed: drafts and future articles are shown only by `npm start`. */
export interface ModelOptions {
  includeDrafts: boolean;
  includeFuture: boolean;
  now: number;
  /** Production shows resized photos; development the originals. */
  mode: BuildMode;
}
