/**
 * Where `npm run new` and `npm run import` put an article, and writing it without ever replacing
 * a file: `content/articles/<column slug>/<slug>.md`, or `<slug>/index.md` with its images
 * beside it. A slug is free when neither the file nor the folder exists and no article or page
 * of the site already has its URL.
 */
import { constants } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { loadContent, type ContentLocation } from "../content/load.ts";
import type { Problem } from "../content/problems.ts";
import { PAGER_SEGMENT } from "../model/routes.ts";
import type { Column, Site } from "../site/schema.ts";
import { firstFreeSlug } from "./slug.ts";

/** What the site already holds, read once per run. */
export interface ExistingContent {
  site: Site;
  /** URLs of the articles and pages already there. */
  urls: Set<string>;
  /** Each reprint's original address → the file that reprints it. */
  originalUrls: Map<string, string>;
}

export type ExistingResult = { ok: true; existing: ExistingContent } | { ok: false; problems: Problem[] };

/** Reads the site data and the articles already there. Broken articles do not stop a new one. */
export async function readExisting(location: ContentLocation): Promise<ExistingResult> {
  const content = await loadContent(location);
  if (!content.site) return { ok: false, problems: content.problems };
  const urls = new Set<string>([...content.articles.map((a) => a.url), ...content.pages.map((p) => p.url)]);
  const originalUrls = new Map<string, string>();
  for (const article of content.articles) if (article.data.originalUrl) originalUrls.set(article.data.originalUrl, article.file);
  return { ok: true, existing: { site: content.site, urls, originalUrls } };
}

/** A column by its name (党风政风) or its slug (dangfeng). */
export function findColumn(site: Site, nameOrSlug: string): Column | undefined {
  const wanted = nameOrSlug.trim();
  return site.columns.find((column) => column.name === wanted) ?? site.columns.find((column) => column.slug === wanted.toLowerCase());
}

export interface Placement {
  slug: string;
  /** The article's .md file (absolute). */
  file: string;
  /** The article's own folder when it is written as `<slug>/index.md` with images. */
  folder: string | undefined;
}

export interface PlaceRequest {
  contentDir: string;
  /** Paths in messages are relative to this folder. */
  rootDir: string;
  /** The column's slug; undefined when the column is still to be filled in (the file goes to articles/). */
  columnSlug: string | undefined;
  slug: string;
  /** An editor's own slug is refused when taken; a derived one moves on to slug-2, slug-3… */
  explicit: boolean;
  asFolder: boolean;
  existing: ExistingContent;
  /** Slugs given to earlier articles of the same run, as `columnSlug/slug`. */
  claimed: Set<string>;
}

export type PlaceResult = { ok: true; placement: Placement } | { ok: false; message: string; fix: string };

export function placeArticle(request: PlaceRequest): PlaceResult {
  const folder = path.join(request.contentDir, "articles", ...(request.columnSlug ? [request.columnSlug] : []));
  const isTaken = (slug: string) =>
    // /<column>/page/ holds the column's further list pages.
    slug === PAGER_SEGMENT ||
    existsSync(path.join(folder, `${slug}.md`)) ||
    existsSync(path.join(folder, slug)) ||
    request.claimed.has(`${request.columnSlug ?? ""}/${slug}`) ||
    (request.columnSlug !== undefined && request.existing.urls.has(`/${request.columnSlug}/${slug}/`));
  if (request.explicit && isTaken(request.slug)) {
    const where = path.relative(request.rootDir, path.join(folder, request.slug)).split(path.sep).join("/");
    const why =
      request.slug === PAGER_SEGMENT
        ? "it is the address of the column's further list pages"
        : `${where}.md or ${where}/ exists, or another article already has its URL`;
    return { ok: false, message: `"${request.slug}" is taken (${why}); nothing was written`, fix: "choose another --slug, or leave --slug out to get a free one" };
  }
  const slug = request.explicit ? request.slug : firstFreeSlug(request.slug, isTaken);
  request.claimed.add(`${request.columnSlug ?? ""}/${slug}`);
  return request.asFolder
    ? { ok: true, placement: { slug, file: path.join(folder, slug, "index.md"), folder: path.join(folder, slug) } }
    : { ok: true, placement: { slug, file: path.join(folder, `${slug}.md`), folder: undefined } };
}

export interface ImageCopy {
  /** The saved page's image file. */
  from: string;
  /** Its name beside the article's index.md. */
  name: string;
}

/**
 * Writes the article (and its images) only where nothing exists yet: the folder is created
 * without `recursive` and files are opened with O_EXCL, so a file that appeared since the slug
 * was chosen is refused, never replaced.
 */
export async function writeArticle(placement: Placement, text: string, images: readonly ImageCopy[] = []): Promise<void> {
  if (placement.folder) {
    await mkdir(path.dirname(placement.folder), { recursive: true });
    await mkdir(placement.folder);
    for (const image of images) await copyFile(image.from, path.join(placement.folder, image.name), constants.COPYFILE_EXCL);
  } else {
    await mkdir(path.dirname(placement.file), { recursive: true });
  }
  await writeFile(placement.file, text, { flag: "wx" });
}
