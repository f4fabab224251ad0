/**
 * `npm run import`: a reprinted page (copied text, or a saved .html with its `_files` folder)
 * into an article. Values given as flags fill in or override what the page says; a field that
 * cannot be found is named and nothing is written, unless `allowMissing`, which writes the
 * PLACEHOLDER the schema refuses, so `npm run check` fails until an editor fills it in.
 */
import { realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { validateArticleText, type ContentLocation } from "../content/load.ts";
import type { Problem } from "../content/problems.ts";
import { PLACEHOLDER } from "../content/schema.ts";
import { articleText, type ArticleFields } from "../editor/article-file.ts";
import { findColumn, placeArticle, writeArticle, type ExistingContent, type ImageCopy } from "../editor/destination.ts";
import { FLAG_OF, type FlagProblem } from "../editor/new-article.ts";
import { titleSlug } from "../editor/slug.ts";
import { readRegularFile } from "../content/files.ts";
import { escapeLineStart, textBlocks, type Block } from "./blocks.ts";
import { decodeText, declaredCharset } from "./decode.ts";
import { extractArticle, type Found } from "./extract.ts";
import { htmlBlocks, type PageHints } from "./html.ts";

/** Values given on the command line; each fills in or overrides what the page says. */
export type GivenFields = Omit<ArticleFields, "summary">;

export interface ImportOptions {
  location: ContentLocation;
  existing: ExistingContent;
  given?: GivenFields;
  /** Write PLACEHOLDER for fields not found, instead of refusing. */
  allowMissing?: boolean;
  /** Work out the article, write nothing. */
  dryRun?: boolean;
  /** Input paths in messages are relative to this folder (the caller's working folder). */
  cwd: string;
}

export interface ImportOutcome {
  /** The input, relative to `cwd`. */
  input: string;
  /** The article file written (or, on a dry run, that would be), relative to the project root. */
  file?: string;
  /** The article's text, when it could be made. */
  text?: string;
  /** Image files copied beside it (names in its folder). */
  images: string[];
  /** Errors stop this input (nothing written); warnings are notes on what was written. */
  problems: Problem[];
  written: boolean;
}

/** Fields an imported reprint needs: without them it would be wrong on the page. */
const REQUIRED = ["title", "date", "column", "source", "editor", "originalUrl"] as const;
type RequiredField = (typeof REQUIRED)[number];

const WHERE_IT_IS_LOOKED_FOR: Readonly<Record<RequiredField | "author" | "proofreader", string>> = {
  title: "no title line before the 发布时间/来源 line",
  date: "no 发布时间 (or 发布日期/日期) on the meta line",
  column: "no breadcrumb (当前所在:首页 > 栏目 > 正文) naming a column of this site",
  source: "no 来源 on the meta line",
  editor: "no [责任编辑:… 校对:…] line after the text",
  originalUrl: "no 原文链接 line (nor, in a saved page, the address it was saved from)",
  author: "no 作者 on the meta line",
  proofreader: "no 校对 in the editor line",
};

const IMAGE_TYPES = new Set([".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]);
const INPUT_TYPES = new Set([".txt", ".text", ".html", ".htm"]);

const NOT_REGULAR_FIX = "give the saved .txt or .html file itself: pipes, folders and devices are never read";

/**
 * The files the arguments name: a file itself, or the .txt/.html files below a folder (not in
 * `*_files` folders). A folder is walked entry by entry and links inside it are judged, never
 * followed into a folder, so a link to `..` or `/` can neither loop nor reach the rest of the
 * disk; a link to a regular file is read as that file. An argument itself is followed when it is
 * a link: the editor named it. Anything else that looks like an input (a folder, pipe, device or
 * dangling link named `*.txt`/`*.html`, a link to a folder) is one problem naming it, and the
 * rest of the run goes on.
 */
export async function listInputs(paths: readonly string[], cwd: string): Promise<{ files: string[]; problems: Problem[] }> {
  const files: string[] = [];
  const problems: Problem[] = [];
  const display = (absolute: string) => path.relative(cwd, absolute).split(path.sep).join("/") || absolute;
  const problem = (file: string, message: string, fix: string) => problems.push({ severity: "error", file, line: 1, field: "file", message, fix });
  const isInput = (name: string) => INPUT_TYPES.has(path.extname(name).toLowerCase());

  const linked = async (absolute: string, name: string, found: string[]) => {
    let target: Stats;
    try {
      target = await stat(absolute);
    } catch (error) {
      if (!isInput(name)) return;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP") problem(display(absolute), "is a link that points at itself in a loop", "delete the link");
      else problem(display(absolute), "is a link to something that does not exist", "delete the link, or put the saved page here instead");
      return;
    }
    if (target.isDirectory()) {
      // Skipping it silently would leave its pages out of the run without a word.
      if (!/_files$/i.test(name)) problem(display(absolute), "is a link to a folder; links inside a folder are not followed (they can loop or lead anywhere on the disk)", "name the folder it points to on the command line, or delete the link");
    } else if (!isInput(name)) {
      return;
    } else if (target.isFile()) {
      found.push(absolute);
    } else {
      problem(display(absolute), "is a link to something that is not a regular file", NOT_REGULAR_FIX);
    }
  };

  // A list of folders still to read rather than recursion: a deep tree cannot overflow the stack.
  const walk = async (top: string): Promise<string[]> => {
    const found: string[] = [];
    const folders = [top];
    for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
      let entries: Dirent[];
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        problem(display(folder), `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, "check the folder's permissions");
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const below: string[] = [];
      for (const entry of entries) {
        const absolute = path.join(folder, entry.name);
        if (entry.isSymbolicLink()) {
          await linked(absolute, entry.name, found);
        } else if (entry.isDirectory()) {
          if (isInput(entry.name)) problem(display(absolute), "is a folder, but its name ends in .txt or .html like a saved page", "rename the folder, or import the pages inside it by name");
          // A saved page's own folder holds its pictures, scripts and frames, not articles.
          if (!/_files$/i.test(entry.name)) below.push(absolute);
        } else if (!isInput(entry.name)) {
          continue;
        } else if (entry.isFile()) {
          found.push(absolute);
        } else {
          const what = entry.isFIFO() ? "a named pipe (FIFO)" : entry.isSocket() ? "a socket" : "a device";
          problem(display(absolute), `is ${what}, not a regular file`, NOT_REGULAR_FIX);
        }
      }
      for (const folder of below) folders.push(folder);
    }
    return found;
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let info: Stats;
    try {
      info = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const link = await lstat(absolute).then((entry) => entry.isSymbolicLink(), () => false);
      if (code === "ELOOP") problem(given, "is a link that points at itself in a loop", "delete the link");
      else if (link) problem(given, "is a link to something that does not exist", "name the file the link should point to, or fix the link");
      else if (code === "ENOENT" || code === "ENOTDIR") problem(given, "does not exist", "check the path; give a .txt or .html file or a folder of them");
      else problem(given, `cannot be read (${code ?? String(error)})`, "check the path and its permissions");
      continue;
    }
    if (!info.isDirectory()) {
      // A pipe or device named on its own is refused when it is opened (readInput), never read.
      files.push(absolute);
      continue;
    }
    const before = problems.length;
    const found = (await walk(absolute)).sort();
    for (const file of found) files.push(file);
    if (found.length === 0 && problems.length === before) problem(given, "holds no .txt or .html file", "give the folder the copied or saved pages are in");
  }
  return { files, problems };
}

/** `--slug` names one article: refused when several files are imported at once. */
export function slugForManyProblem(files: number): FlagProblem {
  return { flag: "--slug", message: `names one article, but ${files} files are being imported`, fix: "import that file on its own" };
}

/** `2024年5月20日 10:30:00`, `2024/05/20`, `2024.5.20` … → `2024-05-20` or `2024-05-20 10:30`. */
export function normalizeDate(raw: string): string {
  const match = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2}))?/.exec(raw);
  if (!match) return raw.trim();
  const [, year, month, day, hour, minute] = match;
  const pad = (part: string | undefined) => (part ?? "").padStart(2, "0");
  return `${year}-${pad(month)}-${pad(day)}${hour !== undefined ? ` ${pad(hour)}:${pad(minute)}` : ""}`;
}

/** A file name for an image beside the article: ASCII, its type kept, unique in the folder. */
function imageName(source: string, used: Set<string>): string {
  const extension = path.extname(source).toLowerCase().replace(".jpeg", ".jpg");
  const stem = titleSlug(path.basename(source, path.extname(source))) || "image";
  let name = `${stem}${extension}`;
  for (let n = 2; used.has(name); n += 1) name = `${stem}-${n}${extension}`;
  used.add(name);
  return name;
}

/** True when `target` is below `folder` (path.relative alone would take `..x.png` for a way out). */
function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== "" && relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

type LocalImage = { ok: true; file: string; real: string } | { ok: false; linkOut: boolean };

/**
 * The local file a saved page's `src` points to, if it is a regular file inside the page's folder:
 * `file` as the page names it, `real` the file itself with every link resolved. Judged on the
 * real paths, so neither a link in `_files` nor a linked `_files` folder can copy a file from
 * elsewhere on the disk (`linkOut`).
 */
function localImage(src: string, pageFile: string): LocalImage {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith("//")) return { ok: false, linkOut: false };
  let relative: string;
  try {
    relative = decodeURIComponent(src.split(/[?#]/)[0] ?? "");
  } catch {
    relative = src.split(/[?#]/)[0] ?? "";
  }
  const pageFolder = path.dirname(pageFile);
  const file = path.resolve(pageFolder, relative);
  // A saved page's images are in its own folder; anything else on the disk is not the page's.
  if (!isInside(pageFolder, file)) return { ok: false, linkOut: false };
  let real: string;
  try {
    real = realpathSync(file);
    if (!isInside(realpathSync(pageFolder), real)) return { ok: false, linkOut: true };
    if (!statSync(real).isFile()) return { ok: false, linkOut: false };
  } catch {
    return { ok: false, linkOut: false };
  }
  return { ok: true, file, real };
}

type ReadInput = { ok: true; blocks: Block[]; hints: PageHints } | { ok: false; message: string; fix: string };

/** Reads one input into blocks, and a saved page's hints (its h1/title, the address it was saved from). */
function readInput(file: string): ReadInput {
  // Opened non-blocking and checked as it is open: a pipe or folder is refused, never waited on.
  const read = readRegularFile(file, Number.POSITIVE_INFINITY, NOT_REGULAR_FIX);
  if (!read.ok) return read;
  const isHtml = /\.html?$/i.test(file);
  const decoded = decodeText(read.bytes, isHtml ? declaredCharset(read.bytes) : undefined);
  if (!isHtml) return { ok: true, blocks: textBlocks(decoded.text), hints: {} };
  return { ok: true, ...htmlBlocks(decoded.text) };
}

/** Imports one file: works out the article, and writes it unless a field is missing or it would replace something. */
export async function importFile(file: string, options: ImportOptions, claimed: Set<string> = new Set()): Promise<ImportOutcome> {
  const { site } = options.existing;
  const given = options.given ?? {};
  const input = path.relative(options.cwd, file).split(path.sep).join("/") || file;
  const outcome: ImportOutcome = { input, images: [], problems: [], written: false };
  const error = (line: number, field: string, message: string, fix: string) => outcome.problems.push({ severity: "error", file: input, line, field, message, fix });
  const warn = (line: number, field: string, message: string, fix: string) => outcome.problems.push({ severity: "warning", file: input, line, field, message, fix });

  const read = readInput(file);
  if (!read.ok) {
    error(1, "file", read.message, read.fix);
    return outcome;
  }
  const { blocks, hints } = read;
  const found = extractArticle(blocks, { title: hints.title });

  // Where each value came from: a flag, or a line of the input.
  const origin = new Map<string, number | string>();
  const pick = (field: keyof GivenFields & string, fromPage: Found | undefined, transform: (value: string) => string = (value) => value): string | undefined => {
    const flagged = given[field];
    if (typeof flagged === "string" && flagged.trim()) {
      origin.set(field, FLAG_OF[field] ?? field);
      return flagged.trim();
    }
    if (fromPage) {
      origin.set(field, fromPage.line);
      return transform(fromPage.value);
    }
    return undefined;
  };

  const fields: ArticleFields = {
    title: pick("title", found.title),
    date: pick("date", found.date, normalizeDate),
    source: pick("source", found.source),
    author: pick("author", found.author),
    editor: pick("editor", found.editor),
    proofreader: pick("proofreader", found.proofreader),
    originalUrl: pick("originalUrl", found.originalUrl ?? hints.address),
    tags: given.tags,
  };

  // The column: --column (name or slug), else the breadcrumb's segment that is a column here.
  let columnProblem = WHERE_IT_IS_LOOKED_FOR.column;
  const crumb = found.breadcrumb;
  if (given.column?.trim()) {
    const column = findColumn(site, given.column);
    fields.column = column?.name ?? given.column.trim();
    origin.set("column", "--column");
  } else if (crumb) {
    const column = [...crumb.segments].reverse().map((segment) => findColumn(site, segment)).find(Boolean);
    if (column) {
      fields.column = column.name;
      origin.set("column", crumb.line);
    } else {
      columnProblem = `the breadcrumb names ${crumb.segments.map((s) => `"${s}"`).join(" > ") || "no column"}, not a column of this site`;
    }
  }

  const missing = REQUIRED.filter((field) => !fields[field]);
  for (const field of missing) {
    const flag = FLAG_OF[field] ?? field;
    if (options.allowMissing) {
      fields[field] = PLACEHOLDER;
      warn(1, field, `not found: written as ${PLACEHOLDER}`, "fill it in; npm run check fails until you do");
    } else {
      const why = field === "column" ? columnProblem : WHERE_IT_IS_LOOKED_FOR[field];
      const hint = field === "column" ? `add ${flag} with one of: ${site.columns.map((c) => c.name).join(", ")}` : `add ${flag} …`;
      error(1, field, `not found (${why})`, `${hint}, or --allow-missing to write ${PLACEHOLDER} and fill it in later`);
    }
  }
  for (const field of ["author", "proofreader"] as const) {
    if (!fields[field]) warn(1, field, `not found (${WHERE_IT_IS_LOOKED_FOR[field]}): left out`, field === "author" ? `the page shows ${site.defaultAuthor}; add --author to name one` : "add --proofreader to name one");
  }

  // The body: paragraphs, headings and the images saved with the page.
  const usedNames = new Set<string>();
  const images: ImageCopy[] = [];
  const paragraphs: string[] = [];
  for (const block of found.body) {
    if (block.kind === "text") {
      paragraphs.push(block.heading ? `## ${block.markdown}` : block.markdown);
      continue;
    }
    const local = localImage(block.src, file);
    if (!local.ok && local.linkOut) {
      warn(block.line, "image", `"${block.src}" is a link to a file outside the page's folder: left out`, "copy the picture itself (not a link to it) into the page's _files folder and import again");
      continue;
    }
    if (!local.ok || !IMAGE_TYPES.has(path.extname(local.file).toLowerCase())) {
      warn(block.line, "image", `"${block.src}" is not a picture saved beside the page (only .jpg, .png, .gif, .webp and .avif files inside the page's folder are copied): left out`, "save the picture into the page's _files folder and import again, or add it to the article's folder by hand");
      continue;
    }
    const name = imageName(local.file, usedNames);
    // Copied from the real path that was judged, not through the link again.
    images.push({ from: local.real, name });
    paragraphs.push(`![${escapeLineStart(block.alt.replace(/[[\]\\]/g, "\\$&"))}](${name})`);
  }
  if (paragraphs.length === 0) error(1, "body", "has no paragraphs between the 发布时间/来源 line and the [责任编辑:…] line", "check that the copied text holds the article; nothing was written");

  const duplicate = fields.originalUrl && fields.originalUrl !== PLACEHOLDER ? options.existing.originalUrls.get(fields.originalUrl) : undefined;
  if (duplicate) {
    const line = origin.get("originalUrl");
    error(typeof line === "number" ? line : 1, "originalUrl", `${fields.originalUrl} was already imported as ${duplicate}`, "edit that article instead, or delete it first to import it again");
  }

  if (outcome.problems.some((problem) => problem.severity === "error")) return outcome;

  // Where it goes: the column's folder, a slug from --slug or the title's pinyin (or the date).
  const column = fields.column && fields.column !== PLACEHOLDER ? findColumn(site, fields.column) : undefined;
  const explicit = Boolean(given.slug?.trim());
  const base = given.slug?.trim() || titleSlug(fields.title === PLACEHOLDER ? "" : (fields.title ?? "")) || (fields.date ?? "").replace(/\D/g, "").slice(0, 8) || "article";
  const placed = placeArticle({
    contentDir: options.location.contentDir,
    rootDir: options.location.rootDir,
    columnSlug: column?.slug,
    slug: base,
    explicit,
    asFolder: images.length > 0,
    existing: options.existing,
    claimed,
  });
  if (!placed.ok) {
    error(1, "slug", placed.message, placed.fix);
    return outcome;
  }
  fields.slug = placed.placement.slug;
  outcome.file = path.relative(options.location.rootDir, placed.placement.file).split(path.sep).join("/");
  outcome.text = articleText(fields, paragraphs.join("\n\n"));
  outcome.images = images.map((image) => image.name);

  // The article as `npm run check` will read it: only PLACEHOLDER gaps may remain.
  for (const problem of validateArticleText(outcome.text, outcome.file, site)) {
    const field = problem.field.split(".")[0] ?? problem.field;
    if (options.allowMissing && missing.includes(field as RequiredField)) continue;
    const from = origin.get(field);
    const where = typeof from === "number" ? { file: input, line: from } : { file: outcome.file, line: problem.line };
    const message = typeof from === "string" ? `${problem.message} (as given by ${from})` : problem.message;
    outcome.problems.push({ ...problem, ...where, message });
  }
  if (outcome.problems.some((problem) => problem.severity === "error")) return outcome;

  if (!options.dryRun) {
    await writeArticle(placed.placement, outcome.text, images);
    outcome.written = true;
  }
  // The same page twice in one run is a duplicate too.
  if (fields.originalUrl && fields.originalUrl !== PLACEHOLDER) options.existing.originalUrls.set(fields.originalUrl, outcome.file);
  return outcome;
}

/** Imports every input in order; slugs given to earlier inputs of the run are not given again. */
export async function importFiles(files: readonly string[], options: ImportOptions): Promise<ImportOutcome[]> {
  const claimed = new Set<string>();
  const outcomes: ImportOutcome[] = [];
  for (const file of files) outcomes.push(await importFile(file, options, claimed));
  return outcomes;
}
