/**
 * Reads every article and page under the content folder, validates each against the one schema,
 * and returns typed records plus every problem found, so one run reports all of them.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { loadSite } from "../site/load.ts";
import type { Column, Site } from "../site/schema.ts";
import { routeProblems } from "../model/routes.ts";
import { deriveArticleSlug } from "../urls.ts";
import { lineOfKey, parseYaml, readUtf8, splitFrontmatter } from "./files.ts";
import type { Problem } from "./problems.ts";
import {
  ARTICLE_KEYS,
  PAGE_KEYS,
  createArticleSchema,
  describeIssues,
  pageSchema,
  type ArticleFrontmatter,
  type PageFrontmatter,
} from "./schema.ts";

export interface ArticleRecord {
  /** Source path relative to the project root, forward slashes. */
  file: string;
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
}

export interface PageRecord {
  file: string;
  data: PageFrontmatter;
  slug: string;
  url: string;
  body: string;
  slugLine: number;
}

export interface LoadedContent {
  /** Undefined only when site.json itself has errors. */
  site: Site | undefined;
  articles: ArticleRecord[];
  pages: PageRecord[];
  problems: Problem[];
}

export interface ContentLocation {
  /** The content folder (articles/, pages/, _data/). */
  contentDir: string;
  /** Paths in messages are relative to this folder (the project root). */
  rootDir: string;
}

/** Every `.md` file below `dir`, sorted so runs are repeatable; none when the folder is absent. */
export async function listMarkdown(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.endsWith(".md"))
    .map((entry) => path.join(dir, entry))
    .sort();
}

type ParsedFile =
  | { ok: true; file: string; data: Record<string, unknown>; body: string; frontmatter: string; startLine: number }
  | { ok: false; problems: Problem[] };

/** Reads one file into raw frontmatter and body, or the problems that stop it. */
export async function readContentFile(absolute: string, rootDir: string): Promise<ParsedFile> {
  const file = path.relative(rootDir, absolute).split(path.sep).join("/");
  const fail = (line: number, field: string, message: string, fix: string): ParsedFile => ({
    ok: false,
    problems: [{ severity: "error", file, line, field, message, fix }],
  });
  const read = await readUtf8(absolute);
  if (!read.ok) return fail(1, "file", read.message, read.fix);
  const split = splitFrontmatter(read.text);
  if (!split) {
    return read.text.split("\n", 1)[0]?.trim() === "---"
      ? fail(1, "frontmatter", "opens the frontmatter with --- but never closes it", "add a line --- after the last key: value line, before the text")
      : fail(1, "frontmatter", "has no frontmatter block", "start the file with a line ---, the key: value lines, then another line ---");
  }
  const yaml = parseYaml(split.frontmatter);
  if (!yaml.ok) {
    return fail(split.frontmatterStartLine + yaml.line - 1, "frontmatter", `YAML does not parse: ${yaml.message}`, "check the colon after each key, quotes and list brackets on that line");
  }
  return { ok: true, file, data: yaml.data, body: split.body, frontmatter: split.frontmatter, startLine: split.frontmatterStartLine };
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

function compactDay(iso: string): string {
  return iso.slice(0, 10).replace(/-/g, "");
}

/**
 * Reads and validates every `.md` file of a folder against `schema`, collecting problems;
 * returns the files that passed with their validated frontmatter.
 */
async function loadFolder<S extends z.ZodType>(dir: string, rootDir: string, schema: S, knownKeys: readonly string[], problems: Problem[]) {
  const files = await listMarkdown(dir);
  const parsedFiles = await mapLimited(files, 64, (file) => readContentFile(file, rootDir));
  const valid: { stem: string; parsed: Extract<ParsedFile, { ok: true }>; data: z.output<S> }[] = [];
  for (const [index, parsed] of parsedFiles.entries()) {
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    problems.push(...unknownKeyWarnings(parsed, knownKeys));
    const result = schema.safeParse(parsed.data);
    if (!result.success) {
      for (const issue of describeIssues(result.error)) {
        const key = issue.field.split(".")[0] ?? issue.field;
        problems.push({ severity: "error", file: parsed.file, line: lineOfKey(parsed.frontmatter, key, parsed.startLine), ...issue });
      }
      continue;
    }
    valid.push({ stem: path.basename(files[index] ?? "", ".md"), parsed, data: result.data });
  }
  return valid;
}

/** Reads the site data, every article and every page; never throws for bad content. */
export async function loadContent({ contentDir, rootDir }: ContentLocation): Promise<LoadedContent> {
  const siteResult = await loadSite(contentDir, rootDir);
  const problems: Problem[] = [...siteResult.problems];
  const site = siteResult.site;
  if (!site) return { site, articles: [], pages: [], problems };

  const articleFiles = await loadFolder(path.join(contentDir, "articles"), rootDir, createArticleSchema(site), ARTICLE_KEYS, problems);
  const articles: ArticleRecord[] = articleFiles.map(({ stem, parsed, data }) => {
    const column = site.columns.find((candidate) => candidate.name === data.column) as Column;
    const slug = data.slug ?? deriveArticleSlug(stem, parsed.file, compactDay(data.date.iso));
    const lineOf = (key: string) => (key in parsed.data ? lineOfKey(parsed.frontmatter, key, parsed.startLine) : 0);
    return { file: parsed.file, data, column, slug, url: `/${column.slug}/${slug}/`, body: parsed.body, slugLine: lineOf("slug"), tagsLine: lineOf("tags") };
  });

  const pageFiles = await loadFolder(path.join(contentDir, "pages"), rootDir, pageSchema, PAGE_KEYS, problems);
  const pages: PageRecord[] = pageFiles.map(({ stem, parsed, data }) => {
    const slug = data.slug ?? deriveArticleSlug(stem, parsed.file, "page");
    const slugLine = "slug" in parsed.data ? lineOfKey(parsed.frontmatter, "slug", parsed.startLine) : 0;
    return { file: parsed.file, data, slug, url: `/${slug}/`, body: parsed.body, slugLine };
  });

  const siteFile = { file: siteResult.file, lineOf: siteResult.lineOf };
  problems.push(...routeProblems({ site, siteFile, articles, pages, segmentBytes: site.limits.segmentBytes }));
  return { site, articles, pages, problems };
}
