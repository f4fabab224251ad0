/**
 * sitemap.xml: every article and listing page with absolute URLs, split into files of at most
 * 50,000 URLs under a sitemap index once the site grows past that.
 */
import type { Portal } from "./model/types.ts";
import { absoluteUrl } from "./urls.ts";

export interface SitemapEntry {
  loc: string;
  /** YYYY-MM-DD, or empty when unknown. */
  lastmod: string;
}

export interface SitemapFile {
  /** Site-root path, /sitemap.xml or /sitemap-2.xml. */
  path: string;
  kind: "urlset" | "index";
  entries: SitemapEntry[];
}

/** The protocol's limit of URLs per file. */
export const SITEMAP_MAX_URLS = 50_000;

/** Every URL a reader or crawler should find, with the newest day it shows. */
export function sitemapEntries(portal: Portal): SitemapEntry[] {
  const { site } = portal;
  const abs = (path: string) => absoluteUrl(path, site.url, site.pathPrefix);
  const newest = portal.articles[0]?.date.day ?? "";
  return [
    { loc: abs("/"), lastmod: newest },
    ...portal.listings.map((listing) => ({ loc: abs(listing.url), lastmod: listing.lastDay })),
    { loc: abs("/archive/"), lastmod: newest },
    { loc: abs("/tags/"), lastmod: newest },
    { loc: abs("/sitemap/"), lastmod: newest },
    ...portal.pages.map((page) => ({ loc: abs(page.url), lastmod: "" })),
    ...portal.articles.map((article) => ({ loc: abs(article.url), lastmod: article.date.day })),
  ];
}

/** One urlset when the entries fit; else numbered urlsets and /sitemap.xml as their index. */
export function splitSitemap(entries: readonly SitemapEntry[], siteUrlOf: (path: string) => string, limit = SITEMAP_MAX_URLS): SitemapFile[] {
  if (entries.length <= limit) return [{ path: "/sitemap.xml", kind: "urlset", entries: [...entries] }];
  const parts: SitemapFile[] = [];
  for (let start = 0; start < entries.length; start += limit) {
    parts.push({ path: `/sitemap-${parts.length + 1}.xml`, kind: "urlset", entries: entries.slice(start, start + limit) });
  }
  const index: SitemapFile = {
    path: "/sitemap.xml",
    kind: "index",
    entries: parts.map((part) => ({ loc: siteUrlOf(part.path), lastmod: part.entries.reduce((max, entry) => (entry.lastmod > max ? entry.lastmod : max), "") })),
  };
  return [index, ...parts];
}

export function buildSitemaps(portal: Portal, limit = SITEMAP_MAX_URLS): SitemapFile[] {
  const { site } = portal;
  return splitSitemap(sitemapEntries(portal), (path) => absoluteUrl(path, site.url, site.pathPrefix), limit);
}
