/** The loader's entry into media: resolves every article's and page's files and finds clashes. */
import path from "node:path";
import type { Problem } from "../content/problems.ts";
import { mediaClashes } from "./clashes.ts";
import { resolveMedia, type MediaContext, type MediaFrontmatter, type ResolvedMedia } from "./resolve.ts";
import { SITE_FILES_FOLDER, siteFileUrl } from "./site-files.ts";
import { publishedPaths } from "./views.ts";

export interface MediaSource {
  /** The loaded record; its `media` is filled in. */
  record: { file: string; url: string; media: ResolvedMedia };
  absolute: string;
  parsed: { body: string; bodyStartLine: number; frontmatter: string; startLine: number };
  data: MediaFrontmatter;
}

/** Fills in `record.media` of every source; returns the problems found. */
export async function attachMedia(sources: readonly MediaSource[], siteFiles: readonly string[], context: MediaContext): Promise<Problem[]> {
  const resolved = await resolveMedia(
    sources.map(({ record, absolute, parsed, data }) => ({
      file: record.file,
      absolute,
      body: parsed.body,
      bodyStartLine: parsed.bodyStartLine,
      frontmatter: parsed.frontmatter,
      frontmatterStartLine: parsed.startLine,
      data,
    })),
    context,
  );
  sources.forEach((source, index) => {
    const media = resolved.media[index];
    if (media) source.record.media = media;
  });
  const shown = (file: string) => path.relative(context.rootDir, path.join(context.contentDir, SITE_FILES_FOLDER, file)).split(path.sep).join("/");
  const clashes = mediaClashes(
    sources.map((source) => source.record),
    siteFiles.map((file) => ({ path: `/${file}`, file: shown(file) })),
  );
  return [...resolved.problems, ...clashes];
}

/** Site paths of every file published as it is or beside a page (site files, photos, attachments): links may reach them. */
export function publishedFileUrls(content: { siteFiles: readonly string[]; articles: readonly { url: string; media: ResolvedMedia }[]; pages: readonly { url: string; media: ResolvedMedia }[] }): string[] {
  const urls = content.siteFiles.map(siteFileUrl);
  for (const owner of [...content.articles, ...content.pages]) urls.push(...publishedPaths(owner.media, owner.url).map((entry) => entry.path));
  return urls;
}
