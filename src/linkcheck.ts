/**
 * A link check over a built site: every `href`, `src` and `srcset` of every HTML page, every URL
 * of the feeds (their entries' HTML included) and sitemaps, and robots.txt's Sitemap line must
 * reach a file of the site when it points into the site. Other sites' addresses are not fetched.
 * Usable as a post-write step (`linkCheckStep`) and by tests over any built folder.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { StepError, type PostWriteStep } from "./pipeline/steps.ts";

export interface BrokenLink {
  /** The file that holds the reference, relative to the site folder. */
  file: string;
  /** The reference as written (entities decoded). */
  url: string;
  /** Why it is broken. */
  reason: string;
}

export interface LinkCheckSite {
  /** The site's public address, e.g. https://www.lzfz.org.cn (absolute URLs under it are internal). */
  url: string;
  /** The folder the site is hosted under, `/` or `/portal/`. */
  pathPrefix: string;
}

export interface LinkCheckResult {
  files: number;
  references: number;
  broken: BrokenLink[];
}

const ENTITY: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") return String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITY[name.toLowerCase()] ?? whole;
  });
}

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>/g;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const URL_ATTRIBUTES = new Set(["href", "src", "srcset", "poster", "action"]);

/** The URL-bearing attributes of an HTML document (scripts' and styles' contents skipped). */
export function htmlReferences(html: string): string[] {
  const found: string[] = [];
  const bare = html.replace(/(<(script|style)\b[^>]*>)[\s\S]*?<\/\2>/gi, "$1");
  for (const tag of bare.matchAll(TAG)) {
    const attributes = tag[2] ?? "";
    const name = (tag[1] ?? "").toLowerCase();
    let content: string | undefined;
    let ogUrl = false;
    for (const match of attributes.matchAll(ATTRIBUTE)) {
      const key = (match[1] ?? "").toLowerCase();
      const value = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
      if (key === "srcset") found.push(...srcsetUrls(value));
      else if (URL_ATTRIBUTES.has(key)) found.push(value);
      else if (key === "content") content = value;
      else if (key === "property" && /^og:(image|url)$/.test(value)) ogUrl = true;
    }
    if (name === "meta" && ogUrl && content) found.push(content);
  }
  return found.filter((url) => url.trim() !== "");
}

/** The URLs of a srcset: `a.webp 480w, b.webp 800w` → [a.webp, b.webp]. */
export function srcsetUrls(value: string): string[] {
  return value
    .split(/,\s+/)
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
    .filter(Boolean);
}

/** The URLs of a feed or sitemap, and of the HTML inside feed entries. */
function xmlReferences(xml: string): { urls: string[]; entryUrls: string[] } {
  const urls: string[] = [];
  for (const match of xml.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)) urls.push(decodeEntities(match[1] ?? ""));
  for (const match of xml.matchAll(/<(loc|id)>([^<]*)<\/\1>/g)) urls.push(decodeEntities(match[2] ?? ""));
  const entryUrls: string[] = [];
  for (const match of xml.matchAll(/<content type="html">([\s\S]*?)<\/content>/g)) entryUrls.push(...htmlReferences(decodeEntities(match[1] ?? "")));
  return { urls, entryUrls };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { recursive: true })) as string[];
  const files: string[] = [];
  for (const entry of entries.sort()) if ((await stat(path.join(dir, entry))).isFile()) files.push(entry.split(path.sep).join("/"));
  return files;
}

/** Checks every reference of the site in `siteDir`; returns what does not resolve. */
export async function checkLinks(siteDir: string, site: LinkCheckSite): Promise<LinkCheckResult> {
  const files = await listFiles(siteDir);
  const present = new Set(files);
  const origin = new URL(site.url).origin;
  const prefix = site.pathPrefix.endsWith("/") ? site.pathPrefix : `${site.pathPrefix}/`;
  const broken: BrokenLink[] = [];
  let references = 0;

  /** The output file a site path names, or undefined when it is not this site's. */
  const target = (absolute: URL): string | undefined => {
    if (absolute.origin !== origin) return undefined;
    let pathname: string;
    try {
      pathname = decodeURIComponent(absolute.pathname);
    } catch {
      return "\u0000undecodable";
    }
    if (!pathname.startsWith(prefix)) return `\u0000outside ${prefix}`;
    const relative = pathname.slice(prefix.length);
    return relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
  };

  const check = (file: string, url: string, pageUrl: URL, mustBeAbsolute: boolean) => {
    references += 1;
    const trimmed = url.trim();
    if (/^(mailto|tel|javascript|data):/i.test(trimmed) || trimmed.startsWith("#")) return;
    if (mustBeAbsolute && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
      broken.push({ file, url, reason: "is not absolute (feed readers cannot resolve it)" });
      return;
    }
    let absolute: URL;
    try {
      absolute = new URL(trimmed, pageUrl);
    } catch {
      broken.push({ file, url, reason: "is not a URL" });
      return;
    }
    const wanted = target(absolute);
    if (wanted === undefined) return;
    if (wanted.startsWith("\u0000")) {
      broken.push({ file, url, reason: wanted.slice(1) });
      return;
    }
    if (!present.has(wanted) && !present.has(`${wanted}/index.html`)) broken.push({ file, url, reason: `no file ${wanted} in the site` });
  };

  for (const file of files) {
    const pageUrl = new URL(prefix + file.split("/").map(encodeURIComponent).join("/"), origin);
    if (file.endsWith(".html")) {
      const html = await readFile(path.join(siteDir, file), "utf8");
      for (const url of htmlReferences(html)) check(file, url, pageUrl, false);
    } else if (file.endsWith(".xml")) {
      const xml = await readFile(path.join(siteDir, file), "utf8");
      const { urls, entryUrls } = xmlReferences(xml);
      // Feeds and sitemaps are read away from the site: every URL in them must be absolute.
      for (const url of urls) check(file, url, pageUrl, true);
      for (const url of entryUrls) check(file, url, pageUrl, true);
    } else if (file === "robots.txt") {
      const text = await readFile(path.join(siteDir, file), "utf8");
      for (const match of text.matchAll(/^Sitemap:\s*(\S+)/gim)) check(file, match[1] ?? "", pageUrl, true);
    }
  }
  return { files: files.length, references, broken };
}

/** The link check as a post-write step: a broken internal reference stops the build. */
export const linkCheckStep: PostWriteStep = {
  name: "link check",
  async run({ siteDir, portal, log }) {
    const result = await checkLinks(siteDir, { url: portal.site.url, pathPrefix: portal.site.pathPrefix });
    if (result.broken.length > 0) {
      for (const link of result.broken.slice(0, 20)) log(`${link.file}: ${link.url} ${link.reason}`);
      throw new StepError(`${result.broken.length} broken internal reference(s), e.g. ${result.broken[0]?.file}: ${result.broken[0]?.url}`);
    }
  },
};
