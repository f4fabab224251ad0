/** 上一篇 / 下一篇 within a column, and 相关阅读 by shared tags. */
import type { ArticleSummary, ArticleView } from "./types.ts";

export const RELATED_COUNT = 6;
/** How many neighbours in a tag's list are considered for 相关阅读: keeps it linear at 10,000+ articles. */
const RELATED_WINDOW = 24;

/** Newest first; ties broken by URL so every build orders the same way. */
export function newestFirst(a: { date: { epochMs: number }; url: string }, b: { date: { epochMs: number }; url: string }): number {
  return b.date.epochMs - a.date.epochMs || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}

/**
 * Links each article to its column neighbours and to the articles most like it. `summaryOf`
 * returns each article's one shared summary object, so the model holds one per article however
 * many lists show it.
 */
export function linkArticles(byColumn: Map<string, ArticleView[]>, byTag: Map<string, ArticleView[]>, summaryOf: (article: ArticleView) => ArticleSummary): void {
  const positionInTag = new Map<string, Map<ArticleView, number>>();
  for (const [tag, list] of byTag) positionInTag.set(tag, new Map(list.map((article, index) => [article, index])));

  for (const list of byColumn.values()) {
    list.forEach((article, index) => {
      const older = list[index + 1];
      const newer = list[index - 1];
      article.prev = older ? summaryOf(older) : null;
      article.next = newer ? summaryOf(newer) : null;

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
      const order = ([a, scoreA]: [ArticleView, number], [b, scoreB]: [ArticleView, number]) =>
        scoreB - scoreA || Math.abs(a.date.epochMs - article.date.epochMs) - Math.abs(b.date.epochMs - article.date.epochMs) || newestFirst(a, b);
      article.related = topOf(scores, RELATED_COUNT, order).map(([other]) => summaryOf(other));
    });
  }
}

/**
 * The first `count` entries in `order` (a total order), as sorting all of them would give: with a
 * hundred candidates an article and six kept, one pass beats a sort (a second at 10,000 articles).
 */
function topOf<T>(entries: Iterable<T>, count: number, order: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  for (const entry of entries) {
    if (best.length === count && order(entry, best[count - 1] as T) >= 0) continue;
    let at = Math.min(best.length, count - 1);
    while (at > 0 && order(entry, best[at - 1] as T) < 0) at -= 1;
    best.splice(at, 0, entry);
    if (best.length > count) best.pop();
  }
  return best;
}
