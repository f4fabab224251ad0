/**
 * The one table of URLs the generator writes itself. Templates take their permalinks from
 * SITE_PATHS, and the clash check below refuses any column, page, article or tag that would land
 * on one of them, so `npm run check` and the build agree and a clash is a problem line, never
 * Eleventy's "Output conflict".
 */
import type { ArticleRecord, PageRecord } from "../content/load.ts";
import type { Problem } from "../content/problems.ts";
import type { Site } from "../site/schema.ts";
import { tagSlug } from "../urls.ts";

/** Fixed pages and files, by name; templates read their permalinks from here. */
export const SITE_PATHS = {
  home: "/",
  archive: "/archive/",
  tags: "/tags/",
  sitemapPage: "/sitemap/",
  search: "/search/",
  notFound: "/404.html",
  robots: "/robots.txt",
  feed: "/feed.xml",
  sitemap: "/sitemap.xml",
  assets: "/assets/",
} as const;

/**
 * First URL segments the generator owns, with what it puts there: a column or static page with
 * one of these slugs would overwrite generated pages (or be overwritten by them).
 */
export const RESERVED_SEGMENTS: Readonly<Record<string, string>> = {
  tags: "the tag pages",
  archive: "the date archives",
  sitemap: "the 网站地图 page",
  assets: "the style sheets and scripts",
  page: "the pager pages",
  search: "the 站内搜索 page",
  pagefind: "the search index",
  care: "the 关怀版 pages",
};

/** The segment below a list's URL that holds its further pages (`/dangfeng/page/2/`). */
export const PAGER_SEGMENT = "page";

interface SiteFile {
  file: string;
  lineOf: (dataPath: string) => number;
}

interface ClashInputs {
  site: Site;
  siteFile: SiteFile;
  articles: readonly ArticleRecord[];
  pages: readonly PageRecord[];
  /** Byte limit of any URL path segment. */
  segmentBytes: number;
  /** Files of content/static/, copied to the output as they are (`favicon.ico`, `about/index.html`). */
  siteFiles?: readonly string[];
}

const encoder = new TextEncoder();

/** Every problem the build's URLs could hit, found before anything is written. */
export function routeProblems({ site, siteFile, articles, pages, segmentBytes, siteFiles = [] }: ClashInputs): Problem[] {
  const problems: Problem[] = [];
  const siteProblem = (field: string, message: string, fix: string) =>
    problems.push({ severity: "error", file: siteFile.file, line: siteFile.lineOf(field), field, message, fix });

  site.columns.forEach((column, index) => {
    const owner = RESERVED_SEGMENTS[column.slug];
    if (owner) siteProblem(`columns.${index}.slug`, `"${column.slug}" is the address of ${owner}`, `give column ${column.name} another slug, e.g. ${column.slug}-news`);
  });

  // Chosen tag slugs: two tags may not share one, and none may be too long for a file name.
  const chosenBy = new Map<string, string>();
  for (const [tag, slug] of Object.entries(site.tagSlugs).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const earlier = chosenBy.get(slug);
    if (earlier !== undefined) siteProblem(`tagSlugs.${tag}`, `gives tag ${tag} the slug "${slug}", already chosen for tag ${earlier}`, "give each tag its own slug");
    else chosenBy.set(slug, tag);
  }

  // Articles and pages: one owner per URL, reserved URLs refused. The newer article is the one
  // that introduced a clash, so it is the one reported, at its slug: line.
  const owners = new Map<string, { file: string }>();
  const reservedUrls = new Map<string, string>([[SITE_PATHS.home, "the home page"]]);
  for (const [segment, owner] of Object.entries(RESERVED_SEGMENTS)) reservedUrls.set(`/${segment}/`, owner);
  for (const column of site.columns) {
    reservedUrls.set(`/${column.slug}/`, `the column page of ${column.name}`);
    reservedUrls.set(`/${column.slug}/${PAGER_SEGMENT}/`, `the pager pages of column ${column.name}`);
  }
  // A site file `x/index.html` is the page /x/; no article or page may take that address.
  for (const file of siteFiles) {
    if (file.endsWith("index.html") && (file === "index.html" || file.endsWith("/index.html"))) reservedUrls.set(`/${file.slice(0, -"index.html".length)}`, `the site file content/static/${file}`);
  }
  const items = [...pages.map((page) => ({ ...page, epochMs: 0 })), ...[...articles].sort((a, b) => a.data.date.epochMs - b.data.date.epochMs || (a.file < b.file ? -1 : 1)).map((article) => ({ ...article, epochMs: article.data.date.epochMs }))];
  for (const item of items) {
    const fix = item.slugLine > 0 ? "change the slug: line to one no other file uses" : "add a slug: line with an address no other file uses (or rename the file)";
    const line = item.slugLine > 0 ? item.slugLine : 1;
    const reserved = reservedUrls.get(item.url);
    const other = owners.get(item.url);
    if (reserved) problems.push({ severity: "error", file: item.file, line, field: "slug", message: `would write ${item.url}, the address of ${reserved}`, fix });
    else if (other) problems.push({ severity: "error", file: item.file, line, field: "slug", message: `would write ${item.url}, already the address of ${other.file}`, fix });
    else owners.set(item.url, item);
    const long = item.url.split("/").find((segment) => encoder.encode(segment).length > segmentBytes);
    if (long) problems.push({ severity: "error", file: item.file, line, field: "slug", message: `makes a URL segment of ${encoder.encode(long).length} bytes, over the limit of ${segmentBytes}`, fix: "choose a shorter slug" });
  }

  // Tags: each tag becomes /tags/<slug>/; a derived slug is bounded by its hash form, a chosen one is checked here.
  const reportedTags = new Set<string>();
  for (const article of articles) {
    for (const tag of article.data.tags) {
      const slug = tagSlug(tag, site.tagSlugs);
      if (reportedTags.has(tag) || encoder.encode(slug).length <= segmentBytes) continue;
      reportedTags.add(tag);
      problems.push({ severity: "error", file: article.file, line: article.tagsLine > 0 ? article.tagsLine : 1, field: "tags", message: `tag "${tag.slice(0, 40)}…" makes a URL segment over ${segmentBytes} bytes`, fix: "use a shorter tag, or choose a short slug for it in site.json tagSlugs" });
    }
  }
  return problems;
}
