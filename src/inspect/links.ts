/**
 * Links in article and page bodies that point into the site must reach a page the build writes:
 * root-relative ones (`/jijian/`, `/about/`) and relative ones (`../other/`, `next.html`), read
 * against the page's own address. The set of built URLs comes from the model, before anything is
 * rendered. Relative links to files (photos, attachments) are checked where the files are resolved.
 */
import type { Token } from "markdown-it";
import { createMarkdown } from "../markdown.ts";
import { SITE_PATHS } from "../model/routes.ts";
import type { Finding } from "./items.ts";

/** Pages and files every build writes besides the model's lists (the assets folder is not a page). */
const FIXED_PAGES = Object.entries(SITE_PATHS)
  .filter(([name]) => name !== "assets")
  .map(([, url]) => url);

/** What the set of built URLs is computed from: the portal model and its feeds and sitemaps. */
export interface BuiltModel {
  articles: readonly { url: string }[];
  listings: readonly { url: string }[];
  pages: readonly { url: string }[];
  feeds?: readonly { path: string }[];
  sitemaps?: readonly { path: string }[];
}

/** Every site-root URL the build writes, plus `extra` (files copied as they are, e.g. attachments). */
export function builtUrls(model: BuiltModel, extra: Iterable<string> = []): Set<string> {
  const urls = new Set<string>(FIXED_PAGES);
  for (const list of [model.articles, model.listings, model.pages]) for (const item of list) urls.add(item.url);
  for (const file of [...(model.feeds ?? []), ...(model.sitemaps ?? [])]) urls.add(file.path);
  for (const url of extra) urls.add(url);
  return urls;
}

/** An article or page body, as far as the link check reads it. */
export interface LinkedText {
  file: string;
  /** The page's site-root URL (`/dangfeng/slug/`), which relative links are read against. */
  url: string;
  position: { bodyLine: number };
  body: string;
}

const markdown = createMarkdown();
/** Bodies without a link target in the site (inline `](…` or a definition `]: …`, not another site, a scheme or a fragment) are not parsed at all. */
const MAY_LINK_INTO_SITE = /\]\(\s*<?(?![a-z][a-z0-9+.-]*:|#|\/\/|\s|\))|^ {0,3}\[[^\]]+\]:\s*<?(?![a-z][a-z0-9+.-]*:|#|\/\/)/im;

/**
 * A relative link to a page (`../x/`, `x.html`, `x`), not to a file: those are resolved with the
 * photos and attachments. Not one whose first segment holds a colon: that is no relative reference
 * at all (RFC 3986 §4.2), but a scheme written wrongly (`java%09script:`), which stays inert.
 */
const RELATIVE_PAGE = /^(?![^/?#]*:|\/|#)(?:[^?#]*\/|[^?#]*\.html?|[^?#.]*)(?:[?#].*)?$/i;

/** The site path a relative link on the page at `pageUrl` reaches. */
export function relativeSitePath(href: string, pageUrl: string): string | undefined {
  if (!RELATIVE_PAGE.test(href) || href.trim() === "") return undefined;
  const resolved = new URL(href, `https://site.invalid${pageUrl}`);
  return sitePath(resolved.pathname);
}

/** The site path a link reaches: no query or fragment, percent-decoded, `index.html` dropped. */
export function sitePath(href: string): string | undefined {
  if (!href.startsWith("/") || href.startsWith("//")) return undefined;
  const bare = href.replace(/[?#].*$/, "");
  let decoded: string;
  try {
    decoded = decodeURI(bare);
  } catch {
    decoded = bare;
  }
  return decoded.replace(/\/index\.html$/, "/");
}

/** True when the host serves `path`: as written, or as a folder when the trailing slash is left out. */
export function reaches(path: string, urls: ReadonlySet<string>): boolean {
  return urls.has(path) || (!path.endsWith("/") && urls.has(`${path}/`));
}

function linkTargets(tokens: readonly Token[]): { href: string; line: number; kind: "link" | "image" }[] {
  const targets: { href: string; line: number; kind: "link" | "image" }[] = [];
  for (const block of tokens) {
    if (block.type !== "inline") continue;
    for (const child of block.children ?? []) {
      const kind = child.type === "link_open" ? "link" : child.type === "image" ? "image" : undefined;
      const href = kind === "link" ? child.attrGet("href") : kind === "image" ? child.attrGet("src") : null;
      if (kind && href) targets.push({ href: String(href), line: block.map?.[0] ?? 0, kind });
    }
  }
  return targets;
}

/** Every root-relative link or image, and relative page link, in the bodies that reaches no built URL, at its line and column. */
export function checkLinks(texts: Iterable<LinkedText>, urls: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const text of texts) {
    if (!MAY_LINK_INTO_SITE.test(text.body)) continue;
    const lines = text.body.split("\n");
    for (const { href, line, kind } of linkTargets(markdown.parse(text.body, {}))) {
      const path = sitePath(href) ?? (kind === "link" ? relativeSitePath(href, text.url) : undefined);
      if (path === undefined || reaches(path, urls)) continue;
      // The written form may differ from markdown-it's normalised href (percent-encoding): look for either.
      const written = [href, decodeURIOrSame(href)];
      let at = { line: text.position.bodyLine + line, column: 1 };
      for (let index = line; index < lines.length; index += 1) {
        const column = written.map((form) => (lines[index] ?? "").indexOf(form)).find((found) => found >= 0);
        if (column !== undefined) {
          at = { line: text.position.bodyLine + index, column: column + 1 };
          break;
        }
      }
      findings.push({
        item: "dead-links",
        severity: "error",
        file: text.file,
        ...at,
        field: "body",
        message: href.startsWith("/") ? `links to ${path}, a page this site does not build` : `links to ${path} (${href} read from this page's address ${text.url}), a page this site does not build`,
        fix: "correct the address (a site path such as /jijian/ or /about/, without the path prefix), or remove the link",
      });
    }
  }
  return findings;
}

function decodeURIOrSame(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}
