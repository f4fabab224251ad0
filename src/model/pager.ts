/** Pagers in the portals' style: 共 X 条 共 N 页 首页 上一页 1 2 3 下一页 末页. */
import type { Pager, PagerLink } from "./types.ts";

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
