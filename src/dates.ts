/**
 * Dates: frontmatter dates are wall-clock times in the site's zone (Asia/Shanghai by default),
 * whatever zone the build machine is in. Everything that shows or compares dates goes through here.
 */
import { DateTime } from "luxon";
import type { EleventyConfig } from "./eleventy-types.ts";

/** A publication time, resolved once so templates only print fields. */
export interface PublishedDate {
  /** ISO 8601 with the site's offset, e.g. 2024-05-20T00:00:00+08:00 (for `<time datetime>`). */
  iso: string;
  /** As the article page shows it: 2024-05-20, or 2024-05-20 10:30 when a time was given. */
  display: string;
  /** The calendar day, 2024-05-20 (lists, sitemap lastmod). */
  day: string;
  /** Month and day, 05-20 (compact lists). */
  monthDay: string;
  year: string;
  /** Two-digit month, 05. */
  month: string;
  hasTime: boolean;
  /** Milliseconds since the epoch, for sorting. */
  epochMs: number;
}

/** `2024-05-20`, `2024-05-20 10:30` or `2024-05-20 10:30:00` (source pages often show seconds). */
const DATE_FORM = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export type DateParseResult = { ok: true; date: PublishedDate } | { ok: false; problem: string; fix: string };

/**
 * Reads a frontmatter date from its raw text (`2024-05-20`, `2024-05-20 10:30` or
 * `2024-05-20 10:30:00`) in `zone`; pages show the minutes, the ISO form keeps the seconds.
 * The raw text is checked, not a YAML-parsed Date: YAML would read the day as midnight UTC and
 * accept impossible days such as 2024-13-45.
 */
/**
 * Results by zone and text: a site has many articles per day, and luxon takes about 30 µs a date
 * (0.3 s of the model at 10,000 articles). Bounded by the distinct dates a site holds.
 */
const parsedDates = new Map<string, DateParseResult>();

export function parseFrontmatterDate(raw: unknown, zone: string): DateParseResult {
  if (typeof raw !== "string") return parseDate(raw, zone);
  const key = `${zone}\u0000${raw}`;
  let result = parsedDates.get(key);
  if (!result) {
    result = parseDate(raw, zone);
    parsedDates.set(key, result);
  }
  // A copy: callers own what they are given.
  return result.ok ? { ok: true, date: { ...result.date } } : { ...result };
}

function parseDate(raw: unknown, zone: string): DateParseResult {
  const fix = "write it as YYYY-MM-DD, YYYY-MM-DD HH:mm or YYYY-MM-DD HH:mm:ss, e.g. 2024-05-20 or 2024-05-20 10:30";
  if (raw === undefined || raw === null || raw === "") {
    return { ok: false, problem: raw === undefined ? "is missing" : "is empty", fix: "add a line date: YYYY-MM-DD or date: YYYY-MM-DD HH:mm, e.g. date: 2024-05-20" };
  }
  if (typeof raw !== "string") return { ok: false, problem: `is not a date: ${String(raw)}`, fix };
  const match = DATE_FORM.exec(raw.trim());
  if (!match) return { ok: false, problem: `"${raw}" is not in a date form this site reads`, fix };
  const [, year, month, day, hour, minute, second] = match;
  const hasTime = hour !== undefined;
  const wanted = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour ?? 0), minute: Number(minute ?? 0), second: Number(second ?? 0) };
  const parsed = DateTime.fromObject(wanted, { zone });
  // luxon rolls some out-of-range parts over (24:00 becomes the next day): insist on a round trip.
  const roundTrips = parsed.isValid && (Object.keys(wanted) as (keyof typeof wanted)[]).every((unit) => parsed.get(unit) === wanted[unit]);
  if (!roundTrips) {
    return { ok: false, problem: `"${raw}" is not a real calendar date or time`, fix: "check the month (01-12), the day of that month and the time (00:00-23:59, seconds 00-59)" };
  }
  return { ok: true, date: describeDate(parsed, hasTime) };
}

/** Describes a luxon DateTime (already in the site's zone) for templates. */
export function describeDate(when: DateTime, hasTime: boolean): PublishedDate {
  const day = when.toFormat("yyyy-MM-dd");
  return {
    iso: when.toISO({ suppressMilliseconds: true }) ?? day,
    display: hasTime ? when.toFormat("yyyy-MM-dd HH:mm") : day,
    day,
    monthDay: when.toFormat("MM-dd"),
    year: when.toFormat("yyyy"),
    month: when.toFormat("MM"),
    hasTime,
    epochMs: when.toMillis(),
  };
}

/**
 * Formats an ISO timestamp with a luxon format string, in the offset the timestamp carries (the
 * site's zone, as every PublishedDate.iso does), never the machine's: `2024年05月20日`.
 */
export function formatDate(iso: string, format: string): string {
  const when = DateTime.fromISO(iso, { setZone: true });
  return when.isValid ? when.toFormat(format) : "";
}

/** Registers the `dateFormat` filter: `{{ article.date.iso | dateFormat("yyyy年MM月dd日") }}`. */
export function datesPlugin(eleventyConfig: EleventyConfig): void {
  eleventyConfig.addFilter("dateFormat", (iso: string, format: string) => formatDate(iso, format));
}

/** A moment as a frontmatter date in the site's zone, `2024-05-20 10:30` (what `npm run new` writes). */
export function frontmatterDateAt(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toFormat("yyyy-MM-dd HH:mm");
}
