/**
 * URLs: ASCII and stable. Eleventy's slugify drops Chinese entirely (empty slugs, duplicate
 * permalinks), so slugs for Chinese names come from a hash of the name instead.
 */
import { createHash } from "node:crypto";

/** Lowercase ASCII letters and digits in words joined by single hyphens. */
export const ASCII_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A short, stable hex digest of a text. */
export function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, length);
}

/** Lowercases and keeps only ASCII letters and digits, joined by single hyphens. */
export function asciiPart(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The slug of an article without a `slug` field: its file name when that is already an ASCII
 * slug, else the ASCII part of the name (or the date) plus a hash of the path, so a Chinese
 * file name still yields a stable, unique ASCII URL.
 */
export function deriveArticleSlug(fileStem: string, relativePath: string, dayCompact: string): string {
  const lower = fileStem.toLowerCase();
  if (ASCII_SLUG.test(lower)) return lower;
  const ascii = asciiPart(fileStem);
  return `${ascii || dayCompact}-${shortHash(relativePath, 6)}`;
}

/** A tag's URL segment: a chosen slug, its ASCII form, or `t-` and a hash of the tag. */
export function tagSlug(tag: string, chosen: Readonly<Record<string, string>>): string {
  const picked = chosen[tag];
  if (picked) return picked;
  const ascii = asciiPart(tag);
  return ascii && ascii.replace(/-/g, "") === tag.toLowerCase().replace(/[\s_-]+/g, "") ? ascii : `t-${shortHash(tag)}`;
}

/** Prefixes a site-root path (`/dangfeng/`) with the path prefix (`/portal/`). */
export function withPrefix(path: string, pathPrefix: string): string {
  if (!path.startsWith("/")) return path;
  return pathPrefix.replace(/\/$/, "") + path;
}

/** An absolute URL for a site-root path, for feeds, sitemaps, canonical links and Open Graph. */
export function absoluteUrl(path: string, siteUrl: string, pathPrefix: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return path;
  return siteUrl.replace(/\/+$/, "") + withPrefix(path, pathPrefix);
}

/** A phone number as a tappable link: `010-5621 2745` → `tel:01056212745` (digits and a leading +). */
export function telHref(number: string): string {
  return `tel:${number.trim().startsWith("+") ? "+" : ""}${number.replace(/\D/g, "")}`;
}
