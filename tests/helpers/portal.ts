/**
 * Reading built pages for the portal tests: tags and their attributes, links, metas, JSON-LD.
 * Works on minified and unminified output alike (attribute order and quoting do not matter).
 */
import { decodeEntities } from "./text.ts";

export type Attributes = Record<string, string>;

const ATTRIBUTE = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** The attributes of one start tag's attribute text, entity-decoded; a bare attribute maps to "". */
export function parseAttributes(text: string): Attributes {
  const attributes: Attributes = {};
  for (const match of text.matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? "").toLowerCase();
    if (!name) continue;
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attributes;
}

/** Every start tag named `name` in the HTML (scripts' contents excluded), as attribute maps. */
export function tags(html: string, name: string): Attributes[] {
  const withoutScripts = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>");
  const pattern = new RegExp(`<${name}\\b([^>]*)>`, "gi");
  return [...withoutScripts.matchAll(pattern)].map((match) => parseAttributes(match[1] ?? ""));
}

export interface Link {
  href: string;
  /** The link's visible text, tags stripped, entities decoded, whitespace collapsed. */
  text: string;
  attributes: Attributes;
}

/** Every <a> element with its text. */
export function links(html: string): Link[] {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)].map((match) => {
    const attributes = parseAttributes(match[1] ?? "");
    return { href: attributes.href ?? "", text: plainText(match[2] ?? ""), attributes };
  });
}

/** Text without markup, entities decoded, whitespace collapsed. */
export function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
}

/** The first element with `class` containing `className`, from its start tag to its matching end. */
export function elementByClass(html: string, tag: string, className: string): string | undefined {
  const start = new RegExp(`<${tag}\\b[^>]*\\bclass="[^"]*\\b${className}\\b[^"]*"[^>]*>`, "i").exec(html);
  if (!start) return undefined;
  const open = new RegExp(`<${tag}\\b`, "gi");
  const close = new RegExp(`</${tag}>`, "gi");
  let depth = 0;
  let index = start.index;
  // Walk start and end tags of the same name until the one that closes `start`.
  const pattern = new RegExp(`${open.source}|${close.source}`, "gi");
  pattern.lastIndex = index;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    if (match[0].startsWith("</")) depth -= 1;
    else depth += 1;
    index = match.index + match[0].length;
    if (depth === 0) return html.slice(start.index, index);
  }
  return undefined;
}

/** The content of <meta name=…> or <meta property=…>; undefined when absent. */
export function meta(html: string, key: string): string | undefined {
  const found = tags(html, "meta").find((attributes) => attributes.name === key || attributes.property === key);
  return found?.content;
}

/** The contents of every <meta property=…> with that property (article:tag may repeat). */
export function metas(html: string, key: string): string[] {
  return tags(html, "meta")
    .filter((attributes) => attributes.name === key || attributes.property === key)
    .map((attributes) => attributes.content ?? "");
}

/** The <title> text. */
export function titleOf(html: string): string {
  return plainText(/<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? "");
}

/** The raw text of every <script type="application/ld+json"> (as the browser would hand it to JSON.parse). */
export function jsonLdBlocks(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((match) => parseAttributes(match[1] ?? "").type === "application/ld+json")
    .map((match) => match[2] ?? "");
}

/** Every href and src value in the HTML (a, link, script, img, …), scripts' contents excluded. */
export function hrefsAndSrcs(html: string): string[] {
  const withoutScripts = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>");
  const values: string[] = [];
  for (const match of withoutScripts.matchAll(/<[a-z][a-z0-9-]*\b([^>]*)>/gi)) {
    const attributes = parseAttributes(match[1] ?? "");
    for (const key of ["href", "src"]) if (key in attributes) values.push(attributes[key] ?? "");
  }
  return values;
}

/** The hrefs of the article list (ul.article-list) on a listing page, in order. */
export function listedArticleUrls(html: string): string[] {
  const list = elementByClass(html, "ul", "article-list");
  return list ? links(list).map((link) => link.href) : [];
}

/** The text a reader sees inline: tags removed without adding spaces, entities decoded, whitespace collapsed. */
export function inlineText(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();
}

/** Every built HTML page's site-root URL (`dangfeng/page/2/index.html` → `/dangfeng/page/2/`), 404.html left out. */
export function pageUrls(files: readonly string[]): string[] {
  return files.filter((file) => file === "index.html" || file.endsWith("/index.html")).map((file) => `/${file.slice(0, -"index.html".length)}`);
}

/** Every article URL a paginated list at `base` shows, in order, over /page/N/ until the pages end. */
export function collectListing(files: readonly string[], read: (relative: string) => string, base: string): string[] {
  const urls: string[] = [];
  for (let number = 1; ; number += 1) {
    const relative = `${(number === 1 ? base : `${base}page/${number}/`).slice(1)}index.html`;
    if (!files.includes(relative)) break;
    urls.push(...listedArticleUrls(read(relative)));
  }
  return urls;
}
