/**
 * Splitting the render into disjoint shards. Every article page and listing page belongs to
 * exactly one shard (contiguous ranges of the model's lists, so any shard count gives the same
 * pages); the few one-off pages (home, archive, tags, 404, feeds, sitemaps, static pages, assets)
 * belong to shard 1. Each shard renders from the same model, so its pages are byte-identical to
 * those of a one-shard build.
 */
import type { FeedView } from "../feeds.ts";
import type { SitemapFile } from "../sitemap.ts";
import type { PortalData } from "./load.ts";
import type { ArticleView, ListingPage, PageView } from "./types.ts";

export interface ShardPlan {
  /** 1-based, as on the command line (`--shard 2/8`). */
  index: number;
  count: number;
  /** Half-open ranges into portal.articles and portal.listings. */
  articles: [number, number];
  listings: [number, number];
  /** Whether this shard renders the one-off pages. */
  singles: boolean;
}

/** What one shard renders: the templates paginate over these lists. */
export interface RenderSlice {
  articles: ArticleView[];
  listings: ListingPage[];
  /** The one-off pages' lists: full in the shard that renders them, empty elsewhere. */
  pages: PageView[];
  feeds: FeedView[];
  sitemaps: SitemapFile[];
  singles: boolean;
  /** `[true]` in the shard that writes the one-off pages, else empty: they paginate over it, so other shards never render them. */
  once: true[];
}

/** Divides `articleCount + listingCount` pages into `count` nearly equal contiguous shards. */
export function planShards(articleCount: number, listingCount: number, count: number): ShardPlan[] {
  const total = articleCount + listingCount;
  const plans: ShardPlan[] = [];
  for (let index = 0; index < count; index += 1) {
    const from = Math.floor((index * total) / count);
    const to = Math.floor(((index + 1) * total) / count);
    const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
    plans.push({
      index: index + 1,
      count,
      articles: [clamp(from, 0, articleCount), clamp(to, 0, articleCount)],
      listings: [clamp(from - articleCount, 0, listingCount), clamp(to - articleCount, 0, listingCount)],
      singles: index === 0,
    });
  }
  return plans;
}

/**
 * The pages a build renders, as indexes into portal.articles and portal.listings: all of them, or
 * only those the page cache does not hold. Shard plans are ranges over these lists.
 */
export interface WorkList {
  articles: number[];
  listings: number[];
}

export function everyPage(portal: PortalData): WorkList {
  return { articles: portal.articles.map((_, index) => index), listings: portal.listings.map((_, index) => index) };
}

/** The slice of the model a shard renders; no plan renders everything (one process). */
export function renderSlice(portal: PortalData, plan: ShardPlan | undefined, work?: WorkList): RenderSlice {
  const singles = plan?.singles ?? true;
  const pick = <T>(list: readonly T[], indexes: number[] | undefined, range: [number, number] | undefined): T[] =>
    indexes ? (range ? indexes.slice(...range) : indexes).map((index) => list[index] as T) : range ? list.slice(...range) : [...list];
  return {
    articles: pick(portal.articles, work?.articles, plan?.articles),
    listings: pick(portal.listings, work?.listings, plan?.listings),
    pages: singles ? portal.pages : [],
    feeds: singles ? portal.feeds : [],
    sitemaps: singles ? portal.sitemaps : [],
    singles,
    once: singles ? [true] : [],
  };
}

/** Parses `2/8` into a plan's index and count; undefined when malformed. */
export function parseShardSpec(spec: string): { index: number; count: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(spec.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count && count <= 1024 ? { index, count } : undefined;
}
