/**
 * How each built file is served: its Content-Type and its Cache-Control. One table for the nginx
 * configuration (src/deploy/nginx.ts) and for object-storage uploads (src/deploy/deploy.ts), so a
 * page is typed and cached the same way wherever it is hosted.
 */
import { ATTACHMENT_EXTENSIONS, mimeType } from "../media/kinds.ts";

/** Fingerprinted assets (src/assets.ts: /assets/site.3f2a9c1e.css) never change under their name. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Everything else (pages, feeds, sitemaps) changes in place: caches and CDNs look again after 5 minutes. */
export const SHORT = "public, max-age=300";

/**
 * A fingerprinted asset's path below the site root: `assets/`, then a name, a dot, the 8 hex
 * characters of src/assets.ts `fingerprint()`, and the extension. Also used as the nginx location.
 */
export const FINGERPRINTED = /^assets\/(?:[^/]+\/)*[^/]+\.[0-9a-f]{8}\.[a-z0-9]+$/;

/**
 * The attachments' types from src/media/kinds.ts, the table the article pages' links use, so a
 * .docx, .ofd or .wps is sent with the type its link announces rather than as octet-stream.
 */
const ATTACHMENT_TYPES: Readonly<Record<string, string>> = Object.fromEntries([...ATTACHMENT_EXTENSIONS].map((ext) => [ext, mimeType(`file.${ext}`)]));

/** Types by extension, for what a portal holds; anything else is application/octet-stream. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html",
  css: "text/css",
  js: "text/javascript",
  mjs: "text/javascript",
  json: "application/json",
  map: "application/json",
  webmanifest: "application/manifest+json",
  xml: "application/xml",
  txt: "text/plain",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  wasm: "application/wasm",
  pdf: "application/pdf",
  mp4: "video/mp4",
  webm: "video/webm",
  mp3: "audio/mpeg",
  // Last, so an attachment is sent with the type its link on the page announces.
  ...ATTACHMENT_TYPES,
};

/** Feeds are Atom (src/feeds.ts): `feed.xml` at the root and in each column. */
export const FEED = /(?:^|\/)feed\.xml$/;
export const FEED_TYPE = "application/atom+xml";
export const DEFAULT_TYPE = "application/octet-stream";

/**
 * Types that are text: they are sent with `; charset=utf-8` and compressed. Matched on the
 * suffix, since Office's zip-based types contain "openxml" and are not text.
 */
export const TEXT_TYPES: readonly string[] = [
  ...new Set([...Object.values(CONTENT_TYPES).filter((type) => /^text\/|[/+](?:json|xml)$/.test(type)), FEED_TYPE]),
].sort();

function extension(file: string): string {
  const base = file.slice(file.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** The Content-Type of a built file, by its path below the site root (`dangfeng/feed.xml`). */
export function contentType(file: string): string {
  const type = FEED.test(file) ? FEED_TYPE : (CONTENT_TYPES[extension(file)] ?? DEFAULT_TYPE);
  return TEXT_TYPES.includes(type) ? `${type}; charset=utf-8` : type;
}

/** The Cache-Control of a built file, by its path below the site root. */
export function cacheControl(file: string): string {
  return FINGERPRINTED.test(file) ? IMMUTABLE : SHORT;
}
