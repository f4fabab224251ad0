/** Atom feeds: the newest articles of the site, and of each column, with absolute links. */
import type { ArticleView, Portal } from "./model/types.ts";
import { absoluteUrl } from "./urls.ts";

export interface FeedEntry {
  title: string;
  url: string;
  published: string;
  summary: string;
  author: string;
  column: string;
  /** Markdown source, rendered to HTML (and escaped into the XML) by the template. */
  body: string;
}

export interface FeedView {
  /** Site-root path of the feed file. */
  path: string;
  title: string;
  selfUrl: string;
  homeUrl: string;
  /** The newest entry's time, so the same content gives the same feed. */
  updated: string;
  entries: FeedEntry[];
}

export const SITE_FEED_SIZE = 50;
export const COLUMN_FEED_SIZE = 20;
const EPOCH = "1970-01-01T00:00:00Z";

export function buildFeeds(portal: Portal): FeedView[] {
  const { site } = portal;
  const abs = (path: string) => absoluteUrl(path, site.url, site.pathPrefix);
  const entry = (article: ArticleView): FeedEntry => ({
    title: article.title,
    url: abs(article.url),
    published: article.date.iso,
    summary: article.summary,
    author: article.author,
    column: article.column.name,
    body: article.body,
  });
  const feed = (path: string, title: string, homePath: string, articles: readonly ArticleView[]): FeedView => ({
    path,
    title,
    selfUrl: abs(path),
    homeUrl: abs(homePath),
    updated: articles[0]?.date.iso ?? portal.articles[0]?.date.iso ?? EPOCH,
    entries: articles.map(entry),
  });
  const feeds = [feed("/feed.xml", site.name, "/", portal.articles.slice(0, SITE_FEED_SIZE))];
  for (const column of portal.columns) {
    const inColumn = portal.articles.filter((article) => article.column.slug === column.slug).slice(0, COLUMN_FEED_SIZE);
    feeds.push(feed(`${column.url}feed.xml`, `${site.name} - ${column.name}`, column.url, inColumn));
  }
  return feeds;
}
