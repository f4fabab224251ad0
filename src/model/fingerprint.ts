/**
 * A fingerprint of the data each page prints, so a build can tell which pages changed: `npm start`
 * re-renders only those, and the production build takes unchanged pages from its page cache.
 */
import { createHash } from "node:crypto";
import type { PortalData } from "./load.ts";
import type { ArticleSummary, ArticleView, ListingPage } from "./types.ts";

const digest = (text: string) => createHash("sha1").update(text).digest("base64url");

export interface PagePrints {
  /** By page URL: articles and listings. */
  pages: Map<string, string>;
  /** The one-off pages (home, archive, tags, feeds, sitemaps, static pages) as one. */
  singles: string;
}

/** A summary's printed fields, memoised: the model shares one summary object per article. */
function summaryKey(cache: WeakMap<ArticleSummary, string>, summary: ArticleSummary | null): string {
  if (!summary) return "-";
  let key = cache.get(summary);
  if (key === undefined) {
    key = `${summary.url}|${summary.title}|${summary.date.iso}|${summary.column.slug}|${summary.summary}|${summary.image ? `${summary.image.thumbnail.src}|${summary.image.alt}` : ""}`;
    cache.set(summary, key);
  }
  return key;
}

function articlePrint(article: ArticleView, summaries: WeakMap<ArticleSummary, string>): string {
  const { prev, next, related, body, ...own } = article;
  return digest(`${JSON.stringify(own)}\n${digest(body)}\n${summaryKey(summaries, prev)}\n${summaryKey(summaries, next)}\n${related.map((item) => summaryKey(summaries, item)).join("\n")}`);
}

function listingPrint(listing: ListingPage, summaries: WeakMap<ArticleSummary, string>): string {
  const { items, ...own } = listing;
  return digest(`${JSON.stringify(own)}\n${items.map((item) => summaryKey(summaries, item)).join("\n")}`);
}

/** Fingerprints every page of the model; `salt` adds what is outside the model (templates, code, options). */
export function pagePrints(portal: PortalData, salt = ""): PagePrints {
  const summaries = new WeakMap<ArticleSummary, string>();
  // What every page shows: site data, navigation.
  const shared = digest(`${salt}\n${JSON.stringify([portal.site, portal.columns])}`);
  const pages = new Map<string, string>();
  for (const article of portal.articles) pages.set(article.url, digest(shared + articlePrint(article, summaries)));
  for (const listing of portal.listings) pages.set(listing.url, digest(shared + listingPrint(listing, summaries)));
  const feeds = portal.feeds.map((feed) => feed.entries.map((entry) => `${entry.url}|${entry.title}|${digest(entry.body)}`).join()).join();
  const singles = digest(`${shared}${JSON.stringify([portal.home, portal.archive, portal.searchSections, portal.tags, portal.pages, portal.sitemaps])}${feeds}`);
  return { pages, singles };
}
