/**
 * `npm run new`: a new article file with valid frontmatter, dated now in the site's zone, in its
 * column's folder, with an explicit ASCII slug. What it writes is first validated exactly as
 * `npm run check` reads files, so the result passes unchanged.
 */
import path from "node:path";
import { validateArticleText, type ContentLocation } from "../content/load.ts";
import { errorsIn, type Problem } from "../content/problems.ts";
import type { Site } from "../site/schema.ts";
import { frontmatterDateAt } from "../dates.ts";
import { articleText, type ArticleFields } from "./article-file.ts";
import { findColumn, placeArticle, writeArticle, type ExistingContent } from "./destination.ts";
import { titleSlug } from "./slug.ts";

/**
 * What the editor gives: as flags, or typed in at the prompts (the frontmatter fields `new` asks
 * for; `date`, YYYY-MM-DD or YYYY-MM-DD HH:mm, overrides "now").
 */
export type NewArticleRequest = Omit<ArticleFields, "summary">;

/** The fields `new` cannot do without; the CLI asks for these in a terminal. */
export const NEW_REQUIRED = ["column", "title", "editor"] as const;
export type RequiredField = (typeof NEW_REQUIRED)[number];

/** The command-line flag of each frontmatter field. */
export const FLAG_OF: Readonly<Record<string, string>> = {
  title: "--title",
  date: "--date",
  column: "--column",
  source: "--source",
  author: "--author",
  editor: "--editor",
  proofreader: "--proofreader",
  originalUrl: "--original-url",
  tags: "--tags",
  summary: "--summary",
  slug: "--slug",
};

/** A problem with what was given on the command line: `--column  "党风" is not a column…  (use one of: …)`. */
export interface FlagProblem {
  flag: string;
  message: string;
  fix: string;
}

export function formatFlagProblem(problem: FlagProblem): string {
  return `${problem.flag}  ${problem.message}  (${problem.fix})`;
}

/** Said instead of prompting when there is no terminal (CI, scripts): nothing waits for input. */
export function noTerminalMessage(missing: readonly RequiredField[]): string {
  return `npm run new: missing ${missing.map((field) => FLAG_OF[field]).join(", ")} (no terminal to ask in, so nothing was written)`;
}

/** `--now` that is not a date. */
export function badNowProblem(value: string): FlagProblem {
  return { flag: "--now", message: `"${value}" is not a date`, fix: "use ISO form, e.g. --now 2024-05-20T10:30:00+08:00" };
}

export function missingRequired(request: NewArticleRequest): RequiredField[] {
  return NEW_REQUIRED.filter((field) => !request[field]?.trim());
}

/** Asks one question in a terminal and resolves to the answer. */
export type Ask = (question: string) => Promise<string>;

const PROMPTS: Readonly<Record<RequiredField, string>> = { column: "栏目 column (number, name or slug): ", title: "标题 title: ", editor: "责任编辑 editor: " };

/**
 * Asks for each missing required field until it is given; a column may be picked by its number
 * in the list shown. Only the CLI calls this, and only with a terminal to ask in.
 */
export async function askForMissing(request: NewArticleRequest, site: Site, ask: Ask, say: (line: string) => void): Promise<NewArticleRequest> {
  const completed = { ...request };
  for (const field of missingRequired(request)) {
    if (field === "column") site.columns.forEach((column, index) => say(`  ${index + 1}. ${column.name} (${column.slug})`));
    for (;;) {
      const answer = (await ask(PROMPTS[field])).trim();
      const picked = field === "column" && /^\d+$/.test(answer) ? site.columns[Number(answer) - 1]?.name : answer;
      if (picked && (field !== "column" || findColumn(site, picked))) {
        completed[field] = picked;
        break;
      }
      say(field === "column" ? `  "${answer}" is not one of the columns above` : `  ${PROMPTS[field].replace(/: $/, "")} is required (Ctrl-C to stop)`);
    }
  }
  return completed;
}

export interface NewArticleOptions {
  location: ContentLocation;
  existing: ExistingContent;
  /** The moment the article is dated at (epoch ms); the CLI passes the clock or --now. */
  now: number;
  /** Validate and place, but write nothing. */
  dryRun?: boolean;
}

export type NewArticleResult =
  | { ok: true; file: string; url: string; text: string; warnings: Problem[] }
  | { ok: false; problems: FlagProblem[] };

const REQUIRED_FIX: Readonly<Record<RequiredField, string>> = {
  column: "give --column with a column name or slug, e.g. --column 党风政风",
  title: 'give --title, e.g. --title "乌兰浩特市巧用党建“金钥匙”"',
  editor: "give --editor, the 责任编辑, e.g. --editor 王伟",
};

export async function createArticle(request: NewArticleRequest, options: NewArticleOptions): Promise<NewArticleResult> {
  const { site } = options.existing;
  const missing = missingRequired(request);
  if (missing.length > 0) {
    return { ok: false, problems: missing.map((field) => ({ flag: FLAG_OF[field] ?? field, message: "is missing", fix: REQUIRED_FIX[field] })) };
  }
  const column = findColumn(site, request.column ?? "");
  const date = request.date?.trim() || frontmatterDateAt(options.now, site.timezone);
  const fields: ArticleFields = {
    title: request.title,
    date,
    // An unknown column is written as given, so the schema names it with the list of columns.
    column: column?.name ?? request.column,
    source: request.source,
    author: request.author,
    editor: request.editor,
    proofreader: request.proofreader,
    originalUrl: request.originalUrl,
    tags: request.tags,
  };
  for (const key of Object.keys(fields) as (keyof ArticleFields)[]) {
    const value = fields[key];
    if (typeof value === "string" && value.trim() === "") delete fields[key];
  }

  const explicit = Boolean(request.slug?.trim());
  fields.slug = request.slug?.trim() || titleSlug(request.title ?? "") || date.replace(/\D/g, "").slice(0, 12);

  // Checked as `npm run check` reads the file, before a place is looked for (so an unknown column is
  // named as such); the slug is then only ever changed to a free form of itself.
  const folder = path.join(options.location.contentDir, "articles", column?.slug ?? "");
  const provisional = path.relative(options.location.rootDir, path.join(folder, `${fields.slug}.md`)).split(path.sep).join("/");
  const problems = validateArticleText(articleText(fields, ""), provisional, site);
  const errors = errorsIn(problems);
  if (errors.length > 0 || !column) {
    return { ok: false, problems: errors.map((problem) => ({ flag: FLAG_OF[problem.field.split(".")[0] ?? ""] ?? problem.field, message: problem.message, fix: problem.fix })) };
  }
  const placed = placeArticle({
    contentDir: options.location.contentDir,
    rootDir: options.location.rootDir,
    columnSlug: column.slug,
    slug: fields.slug,
    explicit,
    asFolder: false,
    existing: options.existing,
    claimed: new Set(),
  });
  if (!placed.ok) return { ok: false, problems: [{ flag: "--slug", message: placed.message, fix: placed.fix }] };
  fields.slug = placed.placement.slug;
  const text = articleText(fields, "");
  const file = path.relative(options.location.rootDir, placed.placement.file).split(path.sep).join("/");
  if (!options.dryRun) await writeArticle(placed.placement, text);
  return { ok: true, file, url: `/${column.slug}/${placed.placement.slug}/`, text, warnings: problems.filter((p) => p.severity === "warning") };
}
