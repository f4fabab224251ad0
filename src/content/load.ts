/**
 * Reads every article and page under the content folder, validates each against the one schema,
 * and returns typed records plus every problem found, so one run reports all of them.
 */
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import type { z } from "zod";
import { attachMedia } from "../media/attach.ts";
import { NO_MEDIA, type MediaFrontmatter, type ResolvedMedia } from "../media/resolve.ts";
import { NO_SITE_IMAGES, loadSiteFiles, type SiteImages } from "../media/site-files.ts";
import { loadSite } from "../site/load.ts";
import { DEFAULT_LIMITS, type Column, type Limits, type Site } from "../site/schema.ts";
import { routeProblems } from "../model/routes.ts";
import { ASCII_SLUG, deriveArticleSlug } from "../urls.ts";
import { frontmatterLineProblems, lineOfField, lineOfKey, parseYaml, readUtf8, splitFrontmatter } from "./files.ts";
import type { Problem } from "./problems.ts";
import {
  ARTICLE_KEYS,
  PAGE_KEYS,
  bodyControlIssue,
  checkBody,
  createArticleSchema,
  createPageSchema,
  describeIssues,
  type ArticleFrontmatter,
  type PageFrontmatter,
} from "./schema.ts";

/** Where an editor's text sits in its file, so later checks can name a line and column. */
export interface SourcePosition {
  /** The raw YAML between the `---` lines. */
  frontmatter: string;
  /** 1-based line of the first frontmatter line. */
  frontmatterLine: number;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

export interface ArticleRecord {
  /** Source path relative to the project root, forward slashes. */
  file: string;
  position: SourcePosition;
  data: ArticleFrontmatter;
  column: Column;
  slug: string;
  /** Site-root URL, e.g. /dangfeng/wulanhaote-dangjian-jinyaoshi/ */
  url: string;
  /** The Markdown body. */
  body: string;
  /** Lines of the `slug:` and `tags:` keys, 0 when absent: clash problems point at them. */
  slugLine: number;
  tagsLine: number;
  /** The files it carries (photos, attachments), resolved against its own file. */
  media: ResolvedMedia;
}

export interface PageRecord {
  file: string;
  position: SourcePosition;
  data: PageFrontmatter;
  slug: string;
  url: string;
  body: string;
  slugLine: number;
  media: ResolvedMedia;
}

export interface LoadedContent {
  /** Undefined only when site.json itself has errors. */
  site: Site | undefined;
  articles: ArticleRecord[];
  pages: PageRecord[];
  /** The favicon, logo and badge of content/static/, when present. */
  siteImages: SiteImages;
  /** Every file of content/static/, relative (`favicon.ico`, `.well-known/…`). */
  siteFiles: string[];
  problems: Problem[];
}

export interface ContentLocation {
  /** The content folder (articles/, pages/, _data/). */
  contentDir: string;
  /** Paths in messages are relative to this folder (the project root). */
  rootDir: string;
  /** Development: reuse what an earlier load of unchanged files found. */
  cache?: ContentCache;
}

/** `x.md` in any case of the extension (`X.MD` is an article too, never silently left out). */
const MARKDOWN = /\.md$/i;

/**
 * Names editors and their tools leave beside real files: hidden files and folders (`.x.md`,
 * `.#x.md` Emacs locks, `._x.md` macOS resource forks, `.git`), backups (`x.md~`), autosaves
 * (`#x.md#`) and Office locks (`~$x.md`). They are never content, so they are skipped silently.
 */
export function isEditorLeftover(name: string): boolean {
  return /^[.~#]/.test(name) || /[~#]$/.test(name);
}

/** The file name without its `.md`, in whatever case it was written. */
export function markdownStem(file: string): string {
  return path.basename(file).replace(MARKDOWN, "");
}

/**
 * An article may be a file (`x.md`) or a folder holding `x/index.md` and its photos: both give the
 * same slug and URL, so moving an article into a folder never changes its address. `inFolder` is
 * the path below the articles (or pages) folder.
 */
function articleStem(inFolder: string): string {
  const parts = inFolder.split(path.sep);
  return parts.length > 1 && markdownStem(inFolder).toLowerCase() === "index" ? (parts[parts.length - 2] ?? "index") : markdownStem(inFolder);
}

/** The path a folder article's derived slug is hashed from: `x/index.md` as `x.md`, the same as before the move. */
function slugPath(file: string, stem: string): string {
  return path.posix.basename(path.posix.dirname(file)) === stem && /\/index\.md$/i.test(file) ? file.replace(/\/index\.md$/i, ".md") : file;
}

export interface MarkdownListing {
  /** Absolute paths of the files to read, sorted so runs are repeatable. */
  files: string[];
  /** Entries that look like content but cannot be read as such. */
  problems: Problem[];
}

/**
 * Every Markdown file below `dir`; none when the folder is absent. Only regular files are read,
 * and links are judged, never followed blindly, so nothing can loop, hang or leave the tree:
 * - a link to a folder is a problem (it could loop, lead out of the content folder or back into
 *   it, and reading it would publish files from elsewhere);
 * - a `*.md` link to a regular file inside the content folder is read (it can neither loop nor
 *   reach outside); to a file outside, to a missing file, or to anything else, it is a problem;
 * - a folder, pipe, socket or device named `*.md` is a problem (a pipe is never opened);
 * - editors' leftovers (see isEditorLeftover) are skipped.
 */
export async function listMarkdown(dir: string, rootDir: string, contentDir: string = dir): Promise<MarkdownListing> {
  const files: string[] = [];
  const problems: Problem[] = [];
  const display = (absolute: string) => path.relative(rootDir, absolute).split(path.sep).join("/");
  const problem = (absolute: string, message: string, fix: string) => problems.push({ severity: "error", file: display(absolute), line: 1, field: "file", message, fix });
  const roots = await Promise.all([contentDir, dir].map((folder) => realpath(folder).catch(() => path.resolve(folder))));
  const inside = (real: string) => roots.some((root) => real === root || real.startsWith(root + path.sep));

  const linked = async (absolute: string, isMarkdown: boolean) => {
    let target;
    try {
      target = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!isMarkdown) return;
      if (code === "ELOOP") problem(absolute, "is a link that points at itself in a loop", "delete the link");
      else problem(absolute, "is a link to something that does not exist", "delete the link, or put the real file here instead");
      return;
    }
    if (target.isDirectory()) {
      problem(absolute, "is a link to a folder; links to folders are not followed (they can loop or lead out of the content folder)", "move or copy the folder's articles here, or delete the link");
    } else if (!isMarkdown) {
      return;
    } else if (!target.isFile()) {
      problem(absolute, "is a link to something that is not a regular file", "delete the link");
    } else if (!inside(await realpath(absolute).catch(() => ""))) {
      problem(absolute, "is a link to a file outside the content folder", "copy the file into the content folder instead of linking to it");
    } else {
      files.push(absolute);
    }
  };

  const walk = async (folder: string, top: boolean): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (top && code === "ENOENT") return;
      problem(folder, `cannot be read (${code ?? String(error)})`, "check the folder's permissions");
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isEditorLeftover(entry.name)) continue;
      const absolute = path.join(folder, entry.name);
      const isMarkdown = MARKDOWN.test(entry.name);
      if (entry.isSymbolicLink()) {
        await linked(absolute, isMarkdown);
      } else if (entry.isDirectory()) {
        if (isMarkdown) problem(absolute, "is a folder, but its name ends in .md like an article", "rename the folder so its name does not end in .md");
        await walk(absolute, false);
      } else if (entry.isFile()) {
        if (isMarkdown) files.push(absolute);
      } else if (isMarkdown) {
        const what = entry.isFIFO() ? "a named pipe (FIFO)" : entry.isSocket() ? "a socket" : "a device";
        problem(absolute, `is ${what}, not a regular file`, "delete it, or rename it so it does not end in .md");
      }
    }
  };
  await walk(dir, true);
  return { files: files.sort(), problems };
}

type ParsedFile =
  | { ok: true; file: string; data: Record<string, unknown>; body: string; frontmatter: string; startLine: number; bodyStartLine: number }
  | { ok: false; problems: Problem[] };

/** Reads one file into raw frontmatter and body, or the problems that stop it. */
export async function readContentFile(absolute: string, rootDir: string, knownKeys: readonly string[] = ARTICLE_KEYS, limits: Limits = DEFAULT_LIMITS): Promise<ParsedFile> {
  const file = path.relative(rootDir, absolute).split(path.sep).join("/");
  // Room for the frontmatter beside the body's limit; the body itself is measured exactly later.
  const read = await readUtf8(absolute, limits.bodyBytes + 65_536);
  if (!read.ok) return { ok: false, problems: [{ severity: "error", file, line: 1, field: "file", message: read.message, fix: read.fix }] };
  return parseContentText(read.text, file, knownKeys);
}

/** Splits a file's text (decoded, LF line ends) into raw frontmatter and body, or the problems that stop it. */
export function parseContentText(text: string, file: string, knownKeys: readonly string[] = ARTICLE_KEYS): ParsedFile {
  const fail = (line: number, field: string, message: string, fix: string): ParsedFile => ({
    ok: false,
    problems: [{ severity: "error", file, line, field, message, fix }],
  });
  const split = splitFrontmatter(text);
  if (!split) {
    return text.split("\n", 1)[0]?.trim() === "---"
      ? fail(1, "frontmatter", "opens the frontmatter with --- but never closes it", "add a line --- after the last key: value line, before the text")
      : fail(1, "frontmatter", "has no frontmatter block", "start the file with a line ---, the key: value lines, then another line ---");
  }
  const lineProblems = frontmatterLineProblems(split.frontmatter, split.frontmatterStartLine, knownKeys);
  if (lineProblems.length > 0) {
    // The body is checked for the same characters in the same run: one fix-and-rerun, not two.
    const body = bodyControlIssue(split.body);
    const bodyProblem = body ? [{ severity: "error" as const, file, line: split.bodyStartLine + body.lineIndex, field: "body", message: body.message, fix: body.fix }] : [];
    return { ok: false, problems: [...lineProblems.map((problem) => ({ severity: "error" as const, file, ...problem })), ...bodyProblem] };
  }
  const yaml = parseYaml(split.frontmatter);
  if (!yaml.ok) {
    return fail(split.frontmatterStartLine + yaml.line - 1, "frontmatter", `YAML does not parse: ${yaml.message}`, "check the colon after each key, quotes and list brackets on that line");
  }
  return { ok: true, file, data: yaml.data, body: split.body, frontmatter: split.frontmatter, startLine: split.frontmatterStartLine, bodyStartLine: split.bodyStartLine };
}

function unknownKeyWarnings(parsed: Extract<ParsedFile, { ok: true }>, known: readonly string[]): Problem[] {
  return Object.keys(parsed.data)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      severity: "warning" as const,
      file: parsed.file,
      line: lineOfKey(parsed.frontmatter, key, parsed.startLine),
      field: key,
      message: "is not a key this site knows and is ignored",
      fix: `check the spelling; the keys are ${known.join(", ")}`,
    }));
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function positionOf(parsed: Extract<ParsedFile, { ok: true }>): SourcePosition {
  return { frontmatter: parsed.frontmatter, frontmatterLine: parsed.startLine, bodyLine: parsed.bodyStartLine };
}

function compactDay(iso: string): string {
  return iso.slice(0, 10).replace(/-/g, "");
}

/**
 * Reads and validates every `.md` file of a folder against `schema`, collecting problems;
 * returns the files that passed with their validated frontmatter.
 */
type ValidFile<S extends z.ZodType> = { stem: string; absolute: string; parsed: Extract<ParsedFile, { ok: true }>; data: z.output<S> };

/** Reads and validates one file of `dir` (the articles or pages folder) against `schema`. */
async function loadOne<S extends z.ZodType>(file: string, dir: string, rootDir: string, schema: S, knownKeys: readonly string[], limits: Limits): Promise<FileOutcome> {
  const parsed = await readContentFile(file, rootDir, knownKeys, limits);
  if (!parsed.ok) return { problems: parsed.problems };
  const result = validateParsed(parsed, schema, knownKeys, limits);
  if (!result.ok) return { problems: result.problems };
  const valid: ValidFile<S> = { stem: articleStem(path.relative(dir, file)), absolute: file, parsed, data: result.data };
  return { problems: result.problems, valid };
}

async function loadFolder<S extends z.ZodType>(dir: string, location: ContentLocation, schema: S, knownKeys: readonly string[], limits: Limits, problems: Problem[], siteStamp: string) {
  const listing = await listMarkdown(dir, location.rootDir, location.contentDir);
  problems.push(...listing.problems);
  const outcomes = await mapLimited(listing.files, 64, (file) => cachedOutcome(location.cache, file, siteStamp, (one) => loadOne(one, dir, location.rootDir, schema, knownKeys, limits)));
  const valid: ValidFile<S>[] = [];
  for (const outcome of outcomes) {
    problems.push(...outcome.problems);
    if (outcome.valid) valid.push(outcome.valid as ValidFile<S>);
  }
  return valid;
}

/** Checks a parsed file: unknown keys (warnings), its body, and its frontmatter against `schema`. */
function validateParsed<S extends z.ZodType>(parsed: Extract<ParsedFile, { ok: true }>, schema: S, knownKeys: readonly string[], limits: Limits) {
  const problems = unknownKeyWarnings(parsed, knownKeys);
  const bodyIssues = checkBody(parsed.body, limits);
  for (const issue of bodyIssues) {
    problems.push({ severity: issue.severity, file: parsed.file, line: parsed.bodyStartLine + issue.lineIndex, field: "body", message: issue.message, fix: issue.fix });
  }
  const result = schema.safeParse(parsed.data);
  if (!result.success) {
    for (const issue of describeIssues(result.error)) {
      const line = issue.lineOf ? lineOfKey(parsed.frontmatter, issue.lineOf, parsed.startLine) : lineOfField(parsed.frontmatter, issue.path, parsed.startLine);
      problems.push({ severity: "error", file: parsed.file, line, field: issue.field, message: issue.message, fix: issue.fix });
    }
    return { ok: false as const, problems };
  }
  if (bodyIssues.some((issue) => issue.severity === "error")) return { ok: false as const, problems };
  return { ok: true as const, problems, data: result.data };
}

/**
 * Validates one article's text exactly as the build reads a file, so `npm run new` and
 * `npm run import` write only what `npm run check` accepts. `file` names it in problems.
 */
export function validateArticleText(text: string, file: string, site: Site): Problem[] {
  const parsed = parseContentText(text, file, ARTICLE_KEYS);
  if (!parsed.ok) return parsed.problems;
  return validateParsed(parsed, createArticleSchema(site), ARTICLE_KEYS, site.limits).problems;
}

/** What reading and validating one file gave: its problems and, when it passed, its record. */
interface FileOutcome {
  problems: Problem[];
  valid?: unknown;
}

/**
 * Remembers each file's outcome between loads of one process (`npm start`), keyed by the file's
 * size and modification time and the site data it was validated against: a rebuild after one edit
 * reads and validates one file, not ten thousand.
 */
export type ContentCache = Map<string, { stamp: string; outcome: FileOutcome }>;

async function cachedOutcome(cache: ContentCache | undefined, file: string, siteStamp: string, load: (file: string) => Promise<FileOutcome>): Promise<FileOutcome> {
  if (!cache) return load(file);
  let stamp = "";
  try {
    const info = await stat(file);
    stamp = `${info.size}:${info.mtimeMs}:${info.ino}:${siteStamp}`;
  } catch {
    return load(file);
  }
  const hit = cache.get(file);
  if (hit?.stamp === stamp) return hit.outcome;
  const outcome = await load(file);
  cache.set(file, { stamp, outcome });
  return outcome;
}

/**
 * The slug of an article or page without `slug:`, with the problems of relying on its file name:
 * a name that is not an ASCII slug gives a hash of the path, which moves when the file does.
 */
function derivedSlug(stem: string, parsed: Extract<ParsedFile, { ok: true }>, fallback: string, limits: Limits, problems: Problem[]): string {
  const slug = deriveArticleSlug(stem, slugPath(parsed.file, stem), fallback);
  const line = parsed.startLine - 1;
  if (slug.length > limits.slugLength) {
    problems.push({
      severity: "error",
      file: parsed.file,
      line,
      field: "slug",
      message: `is not set, and the file name gives a slug of ${slug.length} characters, more than the limit of ${limits.slugLength}`,
      fix: "add a short slug: line, e.g. slug: wulanhaote-dangjian, or rename the file",
    });
  } else if (!ASCII_SLUG.test(stem.toLowerCase())) {
    problems.push({
      severity: "warning",
      file: parsed.file,
      line,
      field: "slug",
      message: `is not set and the file name "${stem}" is not ASCII, so the URL ends in ${slug}, made from the file's path: renaming or moving the file would change it`,
      fix: `add slug: ${slug}, so the URL survives renaming the file`,
    });
  }
  return slug;
}

/** An article's record from its validated file (media still to attach). */
function articleRecord({ stem, parsed, data }: ValidFile<ReturnType<typeof createArticleSchema>>, site: Site, problems: Problem[]): ArticleRecord {
  const column = site.columns.find((candidate) => candidate.name === data.column) as Column;
  const slug = data.slug ?? derivedSlug(stem, parsed, compactDay(data.date.iso), site.limits, problems);
  const lineOf = (key: string) => (key in parsed.data ? lineOfKey(parsed.frontmatter, key, parsed.startLine) : 0);
  return {
    file: parsed.file,
    position: positionOf(parsed),
    data,
    column,
    slug,
    url: `/${column.slug}/${slug}/`,
    body: parsed.body,
    slugLine: lineOf("slug"),
    tagsLine: lineOf("tags"),
    media: NO_MEDIA,
  };
}

/**
 * One article file read and checked exactly as loadContent reads it, its photos and attachments
 * included, but without the checks across files (URL clashes): `npm start` uses it for an edited
 * article whose address, column, date and tags stay the same. `siteFiles` are content/static/'s.
 */
export async function loadArticleFile(absolute: string, location: ContentLocation, site: Site, siteFiles: readonly string[]): Promise<{ record: ArticleRecord | undefined; problems: Problem[] }> {
  const { contentDir, rootDir } = location;
  const dir = path.join(contentDir, "articles");
  const outcome = await loadOne(absolute, dir, rootDir, createArticleSchema(site), ARTICLE_KEYS, site.limits);
  const problems = [...outcome.problems];
  if (!outcome.valid) return { record: undefined, problems };
  const valid = outcome.valid as ValidFile<ReturnType<typeof createArticleSchema>>;
  const record = articleRecord(valid, site, problems);
  problems.push(...(await attachMedia([{ record, absolute, parsed: valid.parsed, data: valid.data }], siteFiles, { rootDir, contentDir, limits: site.limits })));
  return { record, problems };
}

/** Reads the site data, every article and every page; never throws for bad content. */
export async function loadContent(location: ContentLocation): Promise<LoadedContent> {
  const { contentDir, rootDir } = location;
  const siteResult = await loadSite(contentDir, rootDir);
  const problems: Problem[] = [...siteResult.problems];
  const site = siteResult.site;
  if (!site) return { site, articles: [], pages: [], siteImages: NO_SITE_IMAGES, siteFiles: [], problems };
  const limits = site.limits;
  const siteFiles = await loadSiteFiles(contentDir, rootDir, site);
  problems.push(...siteFiles.problems);
  // Files are validated against the site data (columns, zone, limits): a change there rechecks every file.
  const siteStamp = location.cache ? createHash("sha1").update(JSON.stringify(site)).digest("hex") : "";

  const articleFiles = await loadFolder(path.join(contentDir, "articles"), location, createArticleSchema(site), ARTICLE_KEYS, limits, problems, siteStamp);
  const articles: ArticleRecord[] = articleFiles.map((valid) => articleRecord(valid, site, problems));

  const pageFiles = await loadFolder(path.join(contentDir, "pages"), location, createPageSchema(limits), PAGE_KEYS, limits, problems, siteStamp);
  const pages: PageRecord[] = pageFiles.map(({ stem, parsed, data }) => {
    const slug = data.slug ?? derivedSlug(stem, parsed, "page", limits, problems);
    const slugLine = "slug" in parsed.data ? lineOfKey(parsed.frontmatter, "slug", parsed.startLine) : 0;
    return { file: parsed.file, position: positionOf(parsed), data, slug, url: `/${slug}/`, body: parsed.body, slugLine, media: NO_MEDIA };
  });

  // Photos and attachments: resolved against each article's own file, checked, kept with the record.
  const sources = (record: ArticleRecord | PageRecord, { absolute, parsed }: (typeof articleFiles | typeof pageFiles)[number], data: MediaFrontmatter) => ({ record, absolute, parsed, data });
  const owners = [...articles.map((record, index) => sources(record, articleFiles[index]!, articleFiles[index]!.data)), ...pages.map((record, index) => sources(record, pageFiles[index]!, {}))];
  problems.push(...(await attachMedia(owners, siteFiles.files, { rootDir, contentDir, limits })));

  const siteFile = { file: siteResult.file, lineOf: siteResult.lineOf };
  problems.push(...routeProblems({ site, siteFile, articles, pages, segmentBytes: limits.segmentBytes, siteFiles: siteFiles.files }));
  return { site, articles, pages, siteImages: siteFiles.images, siteFiles: siteFiles.files, problems };
}
