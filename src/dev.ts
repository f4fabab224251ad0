/**
 * `npm start` renders only what changed. The first build writes every page; after that, each
 * rebuild compares a fingerprint of every page's data with the last one and hands Eleventy only
 * the pages whose data changed (an edited article, its neighbours, the lists that show it), and
 * deletes the pages of articles that were renamed or removed. A change outside the content folder
 * (a template, a style sheet) renders everything again.
 */
import { createHash } from "node:crypto";
import { readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { PortalData } from "./model/load.ts";
import { renderSlice, type RenderSlice } from "./model/shards.ts";
import type { ArticleSummary, ArticleView, ListingPage } from "./model/types.ts";
import { outputFileOf } from "./pipeline/steps.ts";

const digest = (text: string) => createHash("sha1").update(text).digest("base64");

/** A summary's printed fields, memoised: one model shares one summary object per article. */
function summaryKey(cache: WeakMap<ArticleSummary, string>, summary: ArticleSummary | null): string {
  if (!summary) return "-";
  let key = cache.get(summary);
  if (key === undefined) {
    key = `${summary.url}|${summary.title}|${summary.date.iso}|${summary.column.slug}|${summary.summary}`;
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

export interface IncrementalRender {
  /** Call with Eleventy's changed files before each rebuild. */
  changed(files: readonly string[]): void;
  slice(portal: PortalData): RenderSlice;
}

export function incrementalRender(contentDir: string, outputDir: string, log: (line: string) => void): IncrementalRender {
  let previous: Map<string, string> | undefined;
  let everything = true;
  const inContent = (file: string) => !path.relative(contentDir, path.resolve(file)).startsWith("..");

  const removePage = (url: string) => {
    const file = path.join(outputDir, outputFileOf(url));
    rmSync(file, { force: true });
    // Remove the folders the page leaves empty, up to the output folder.
    for (let dir = path.dirname(file); dir.startsWith(outputDir) && dir !== outputDir; dir = path.dirname(dir)) {
      try {
        if (readdirSync(dir).length > 0) break;
        rmdirSync(dir);
      } catch {
        break;
      }
    }
  };

  return {
    changed(files) {
      if (files.some((file) => !inContent(file))) everything = true;
    },
    slice(portal) {
      const summaries = new WeakMap<ArticleSummary, string>();
      const prints = new Map<string, string>();
      // What every page shows: site data, navigation, the problems banner.
      const shared = digest(JSON.stringify([portal.site, portal.columns, portal.problems]));
      for (const article of portal.articles) prints.set(article.url, `${shared}${articlePrint(article, summaries)}`);
      for (const listing of portal.listings) prints.set(listing.url, `${shared}${listingPrint(listing, summaries)}`);
      const singles = digest(
        `${shared}${JSON.stringify([portal.home, portal.archive, portal.tags, portal.pages, portal.sitemaps])}${portal.feeds.map((feed) => feed.entries.map((entry) => entry.url + digest(entry.body) + entry.title).join()).join()}`,
      );
      prints.set("*singles*", singles);

      const whole = renderSlice(portal, undefined);
      const last = previous;
      previous = prints;
      if (everything || !last) {
        everything = false;
        return whole;
      }
      for (const url of last.keys()) if (!prints.has(url) && url !== "*singles*") removePage(url);
      const changed = (url: string) => last.get(url) !== prints.get(url);
      const slice: RenderSlice = {
        articles: portal.articles.filter((article) => changed(article.url)),
        listings: portal.listings.filter((listing) => changed(listing.url)),
        ...(changed("*singles*") ? { pages: whole.pages, feeds: whole.feeds, sitemaps: whole.sitemaps, singles: true, once: [true] } : { pages: [], feeds: [], sitemaps: [], singles: false, once: [] }),
      };
      log(`[portal] re-rendering ${slice.articles.length} article(s), ${slice.listings.length} list page(s)${slice.singles ? " and the one-off pages" : ""}`);
      return slice;
    },
  };
}
