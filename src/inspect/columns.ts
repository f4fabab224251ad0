/**
 * Columns as an inspection sees them: a column with no published article (空白栏目), and a column
 * whose newest article is older than its `updateWithinDays`, counted in days of the site's zone up
 * to the build's "now".
 */
import { DateTime } from "luxon";
import type { Site } from "../site/schema.ts";
import { lineOfValue } from "./data-file.ts";
import type { Finding } from "./items.ts";

/** What the column check reads of a published article. */
export interface DatedArticle {
  column: { name: string };
  date: { day: string; epochMs: number };
}

export interface ColumnStatus {
  name: string;
  slug: string;
  /** Site-root URL of the column list. */
  url: string;
  /** Published articles (drafts and future-dated articles do not count). */
  count: number;
  /** The newest article's day (YYYY-MM-DD), "" for an empty column. */
  lastUpdated: string;
  /** Days from the newest article to "now", in the site's zone; undefined for an empty column. */
  ageDays: number | undefined;
  /** The column's `updateWithinDays`, when it sets one. */
  updateWithinDays: number | undefined;
  state: "ok" | "empty" | "stale";
}

/** The day "now" falls on in the site's zone (YYYY-MM-DD). */
export function dayOf(now: number, timezone: string): string {
  return DateTime.fromMillis(now, { zone: timezone }).toFormat("yyyy-MM-dd");
}

function daysBetween(fromDay: string, toDay: string, timezone: string): number {
  const from = DateTime.fromISO(fromDay, { zone: timezone });
  const to = DateTime.fromISO(toDay, { zone: timezone });
  return Math.round(to.diff(from, "days").days);
}

/** Each column of the site with its published count, newest day and state, in site.json order. */
export function columnStatuses(site: Pick<Site, "columns" | "timezone">, articles: Iterable<DatedArticle>, now: number): ColumnStatus[] {
  const newest = new Map<string, DatedArticle>();
  const counts = new Map<string, number>();
  for (const article of articles) {
    const name = article.column.name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const known = newest.get(name);
    if (!known || article.date.epochMs > known.date.epochMs) newest.set(name, article);
  }
  const today = dayOf(now, site.timezone);
  return site.columns.map((column) => {
    const last = newest.get(column.name);
    const ageDays = last ? daysBetween(last.date.day, today, site.timezone) : undefined;
    const limit = column.updateWithinDays;
    const state = !last ? "empty" : limit !== undefined && (ageDays ?? 0) > limit ? "stale" : "ok";
    return {
      name: column.name,
      slug: column.slug,
      url: `/${column.slug}/`,
      count: counts.get(column.name) ?? 0,
      lastUpdated: last?.date.day ?? "",
      ageDays,
      updateWithinDays: limit,
      state,
    };
  });
}

export interface ColumnCheckSettings {
  emptyColumn: "error" | "warning";
  staleColumn: "error" | "warning";
  /** The day the build counts from (YYYY-MM-DD), named in messages. */
  today: string;
  /** site.json's path and text, to point at the column's line. */
  siteFile: { file: string; text: string };
}

/** An empty column and a stale column are findings at the column's line in site.json. */
export function checkColumns(statuses: readonly ColumnStatus[], settings: ColumnCheckSettings): Finding[] {
  const findings: Finding[] = [];
  for (const status of statuses) {
    const at = { file: settings.siteFile.file, line: lineOfValue(settings.siteFile.text, status.name) };
    if (status.state === "empty") {
      findings.push({
        item: "empty-columns",
        severity: settings.emptyColumn,
        ...at,
        field: "columns",
        message: `column ${status.name} has no published article (空白栏目)`,
        fix: "publish an article in it, or take the column out of content/_data/site.json",
      });
    } else if (status.state === "stale") {
      findings.push({
        item: "stale-columns",
        severity: settings.staleColumn,
        ...at,
        field: "columns",
        message: `column ${status.name} was last updated ${status.lastUpdated}, ${status.ageDays} days before ${settings.today} (the build's date); it must be updated within ${status.updateWithinDays} days`,
        fix: `publish an article in ${status.name}, or change its updateWithinDays in content/_data/site.json`,
      });
    }
  }
  return findings;
}
