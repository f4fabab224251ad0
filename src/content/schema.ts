/**
 * The one schema for article and page frontmatter. The build, `npm run check`, `npm run new` and
 * the importer all validate through it, and the TypeScript types below derive from it.
 */
import { z } from "zod";
import { parseFrontmatterDate } from "../dates.ts";
import { DEFAULT_LIMITS, asciiSlug, type Limits, type Site } from "../site/schema.ts";
import { CONTROL_FIX, characterLength, controlMessage, findControls, describeCharacter, hasControl, isBlank } from "./text.ts";
import { DISCLOSURE_FIXES, disclosureSchema } from "../inspect/disclosure.ts";

/** How to fix each field, shown after the problem. */
export const FIELD_FIXES: Readonly<Record<string, string>> = {
  title: "write the headline, e.g. title: 乌兰浩特市巧用党建“金钥匙”",
  date: "write it as YYYY-MM-DD, YYYY-MM-DD HH:mm or YYYY-MM-DD HH:mm:ss, e.g. date: 2024-05-20",
  column: "use the name of a column in content/_data/site.json",
  editor: "name the 责任编辑, e.g. editor: 王伟",
  source: "name the 来源 as text, or leave the line out to use the site's name",
  author: "name the 作者 as text, or leave the line out for 佚名",
  proofreader: "name the 校对 as text, or leave the line out",
  originalUrl: "give the full http:// or https:// address of the original article",
  tags: "write a list of words, e.g. tags: [基层治理, 党建引领]",
  summary: "write one or two sentences of plain text",
  draft: "write draft: true or draft: false",
  featured: "write featured: true or featured: false",
  slug: "use lowercase ASCII letters, digits and single hyphens, e.g. slug: wulanhaote-dangjian",
  cover: "name a photo beside the article and describe it: cover: { file: huiyi.jpg, alt: 会议现场 }",
  attachments: "list files beside the article: attachments: [通知.pdf] or - { file: 通知.pdf, title: 关于…的通知 }",
  disclosure: "write the 政府信息公开 block as in README.md: index, publisher, written, topic, and optionally number and validity",
  ...DISCLOSURE_FIXES,
};

/**
 * Frontmatter YAML keeps numbers as typed text (see files.ts), so only `true`/`false` can arrive
 * as something else: a text field holding one says to quote it. A number can still come from a
 * program (the importer, `npm run new`): it is written as text.
 */
const asText = (value: unknown, ctx: z.RefinementCtx) => {
  if (typeof value === "boolean") {
    ctx.addIssue({ code: "custom", message: `reads as the value ${String(value)}, not as text`, params: { fix: `put it in quotes to mean the text: "${String(value)}"` } });
  }
  return typeof value === "number" ? String(value) : value;
};

// `title:` with nothing after it reads as null: the key is there but empty.
const typeError = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? "is missing" : issue.input === null ? "is empty" : `must be text (${what})`;

const noControl = z.string().refine((value) => !hasControl(value), { error: (issue) => controlMessage(String(issue.input)), params: { fix: CONTROL_FIX } });

const requiredText = (what: string, maxCharacters = Number.POSITIVE_INFINITY, limitName = "") =>
  z
    .preprocess(asText, z.string({ error: typeError(what) }))
    .pipe(noControl)
    .pipe(
      z.string().refine((value) => !isBlank(value), {
        error: (issue) => (String(issue.input).trim() === "" ? "is empty" : "is empty: it holds only invisible characters (such as a zero-width space)"),
      }),
    )
    .transform((value) => value.trim())
    .pipe(
      z.string().refine((value) => characterLength(value) <= maxCharacters, {
        error: (issue) => `is ${characterLength(String(issue.input))} characters long, more than the limit of ${maxCharacters}`,
        params: { fix: `shorten it, or raise ${limitName} in site.json` },
      }),
    );

/** Optional text: a missing, blank or invisible value means "not given". */
const optionalText = (what: string) =>
  z.preprocess(
    (value, ctx) => (value === null || (typeof value === "string" && isBlank(value)) ? undefined : asText(value, ctx)),
    z.string({ error: typeError(what) }).pipe(noControl).transform((value) => value.trim()).optional(),
  );

const booleanField = z.boolean({ error: "must be true or false (without quotes)" }).optional();

const httpUrl = z
  .string({ error: "must be a web address as text" })
  .trim()
  .refine(
    (value) => {
      // The URL parser drops tabs and line breaks inside an address: refuse them before it does.
      if (/[\s\u0000-\u001f\u007f-\u009f]/.test(value) || !URL.canParse(value)) return false;
      const { protocol, hostname } = new URL(value);
      return (protocol === "http:" || protocol === "https:") && hostname.length > 0;
    },
    { error: (issue) => `"${String(issue.input)}" is not an http(s) address` },
  );

/** A file beside the article, as written: a relative path such as photo.jpg or files/通知.pdf. */
const relativeFile = requiredText("a file name such as photo.jpg");

/** `cover: { file: huiyi.jpg, alt: 会议现场 }`: the article's picture in lists, og:image and JSON-LD. */
const coverField = z.preprocess(
  (value) => (value === null || value === "" ? undefined : value),
  z
    .object(
      { file: relativeFile, alt: requiredText("what the photo shows") },
      { error: "must give file and alt, e.g. cover: { file: huiyi.jpg, alt: 会议现场 }" },
    )
    .optional(),
);

/** `attachments:` a list of files, each a name or `{ file, title }`; shown as 附件 under the text. */
const attachmentsField = z.preprocess(
  // One file may be written without the list brackets.
  (value) => (value === null ? undefined : typeof value === "string" ? [value] : value),
  z
    .array(
      z.union([relativeFile.transform((file) => ({ file, title: undefined })), z.object({ file: relativeFile, title: optionalText("the link text") })], {
        error: "each entry must be a file name, or { file: 通知.pdf, title: 关于…的通知 }",
      }),
      { error: "must be a list of files" },
    )
    .optional(),
);

/**
 * What `npm run import -- --allow-missing` writes for a field it could not find. The schema
 * refuses it in every field, so `npm run check` and the build fail until an editor fills it in.
 */
export const PLACEHOLDER = "待填写";

type RefusingPlaceholder<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodPipe<z.ZodTransform<unknown, unknown>, T[K]> };

/** Wraps every field so the value PLACEHOLDER is an error naming the field, whatever its type. */
function refusePlaceholders<T extends Record<string, z.ZodType>>(shape: T): RefusingPlaceholder<T> {
  const wrapped: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    wrapped[key] = z.preprocess((value, ctx) => {
      // Strings only: String() of a nested list (a YAML alias bomb, 9⁹ items behind 485 bytes) would build it in full.
      const marked = typeof value === "string" ? value.trim() === PLACEHOLDER : Array.isArray(value) && value.some((item) => typeof item === "string" && item.trim() === PLACEHOLDER);
      if (marked) ctx.addIssue({ code: "custom", message: `is still ${PLACEHOLDER} (left by npm run import for you to fill in)`, input: value });
      return value;
    }, field);
  }
  return wrapped as RefusingPlaceholder<T>;
}

/** Separators an editor types between Chinese words that YAML does not split a list on. */
const FULL_WIDTH_SEPARATOR = /[，、；]/;

/** What the article schema needs of the site. */
export type ArticleSiteContext = Pick<Site, "columns" | "timezone"> & { limits?: Limits };

/** Builds the article schema for one site: `column` must name one of its columns; limits apply. */
export function createArticleSchema(site: ArticleSiteContext) {
  const limits = site.limits ?? DEFAULT_LIMITS;
  const columnNames = site.columns.map((column) => column.name);
  const tag = requiredText("a tag", limits.tagLength, "limits.tagLength").pipe(
    z.string().refine((value) => !FULL_WIDTH_SEPARATOR.test(value), {
      error: (issue) => {
        const separator = FULL_WIDTH_SEPARATOR.exec(String(issue.input))?.[0] ?? "，";
        return `"${String(issue.input)}" has a full-width "${separator}" in it, so it is read as one tag, not several`;
      },
    }),
  );
  return z
    .object(refusePlaceholders({
      title: requiredText("the headline", limits.titleLength, "limits.titleLength"),
      date: z.unknown().transform((raw, ctx) => {
        const parsed = parseFrontmatterDate(raw, site.timezone);
        if (parsed.ok) return parsed.date;
        ctx.addIssue({ code: "custom", message: parsed.problem, params: { fix: parsed.fix } });
        return z.NEVER;
      }),
      column: requiredText("a column name").refine((name) => columnNames.includes(name), {
        error: (issue) => `"${String(issue.input)}" is not a column of this site`,
        params: { fix: `use one of: ${columnNames.join(", ")}` },
      }),
      editor: requiredText("the 责任编辑"),
      source: optionalText("the 来源"),
      author: optionalText("the 作者"),
      proofreader: optionalText("the 校对"),
      originalUrl: z.preprocess((value) => (value === null || value === "" ? undefined : value), httpUrl.optional()),
      tags: z
        .array(tag, { error: "must be a list of words" })
        .refine((tags) => tags.length <= limits.tagsPerArticle, {
          error: (issue) => `has ${(issue.input as unknown[]).length} tags, more than the limit of ${limits.tagsPerArticle}`,
          params: { fix: "keep the few tags readers would look for, or raise limits.tagsPerArticle in site.json" },
        })
        .optional()
        .transform((tags) => [...new Set(tags ?? [])]),
      summary: optionalText("a sentence or two"),
      draft: booleanField,
      featured: booleanField,
      slug: slugField(limits),
      cover: coverField,
      attachments: attachmentsField,
      /** 政府信息公开: the disclosed document's 索引号, 发布机构, 成文日期, 文号, 主题分类 and 有效性. */
      disclosure: disclosureSchema(site.timezone).optional(),
    }))
    .refine((data) => !(typeof data.originalUrl === "string" && data.originalUrl.trim() !== "" && (data.source === undefined || data.source === null || (typeof data.source === "string" && isBlank(data.source)))), {
      path: ["source"],
      error: "is missing, and originalUrl marks this article as a reprint: the page would credit it to this site under the reprint disclaimer",
      params: { fix: "name the site it was reprinted from, e.g. source: 北疆先锋网", line: "originalUrl" },
      // Checked even when other fields are wrong, so one run names every problem.
      when: () => true,
    });
}

/** `slug:`: optional, an ASCII slug within the length limit. */
function slugField(limits: Limits) {
  return z.preprocess(
    (value) => (value === null || value === "" ? undefined : value),
    asciiSlug
      .refine((value) => value.length <= limits.slugLength, {
        error: (issue) => `is ${String(issue.input).length} characters long, more than the limit of ${limits.slugLength}`,
        params: { fix: "use a few words, e.g. slug: wulanhaote-dangjian, or raise limits.slugLength in site.json" },
      })
      .optional(),
  );
}

export type ArticleSchema = ReturnType<typeof createArticleSchema>;
/** Validated article frontmatter, as the generator uses it. */
export type ArticleFrontmatter = z.output<ArticleSchema>;
/** The keys an article may have; anything else is a warning. */
export const ARTICLE_KEYS: readonly string[] = Object.keys(createArticleSchema({ columns: [], timezone: "UTC" }).shape);

/** Static pages (关于我们, 联系我们, …): a title, and optionally a slug and a summary. */
export function createPageSchema(limits: Limits = DEFAULT_LIMITS) {
  return z.object({
    title: requiredText("the page title", limits.titleLength, "limits.titleLength"),
    slug: slugField(limits),
    summary: optionalText("a sentence or two"),
  });
}
export const pageSchema = createPageSchema();
export type PageFrontmatter = z.output<typeof pageSchema>;
export const PAGE_KEYS: readonly string[] = Object.keys(pageSchema.shape);

export interface BodyIssue {
  severity: "error" | "warning";
  /** 0-based line within the body. */
  lineIndex: number;
  message: string;
  fix: string;
}

/**
 * The rules for an article's or page's Markdown body, beside the frontmatter's: within
 * `limits.bodyBytes`, no control characters (named with line and column, as they are
 * invisible), and a warning when it is empty.
 */
/** The body's first control character (and how many more), as one issue; undefined when it has none. */
export function bodyControlIssue(body: string): BodyIssue | undefined {
  const controls = findControls(body);
  const first = controls[0];
  if (!first) return undefined;
  const more = controls.length > 1 ? ` (and ${controls.length - 1} more in the text)` : "";
  return { severity: "error", lineIndex: first.lineIndex, message: `contains the invisible control character ${describeCharacter(first.character)} at column ${first.column}${more}`, fix: CONTROL_FIX };
}

export function checkBody(body: string, limits: Limits = DEFAULT_LIMITS): BodyIssue[] {
  const issues: BodyIssue[] = [];
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > limits.bodyBytes) {
    issues.push({ severity: "error", lineIndex: 0, message: `is ${bytes} bytes, more than the limit of ${limits.bodyBytes}`, fix: "split it into several articles, or raise limits.bodyBytes in site.json" });
  }
  const control = bodyControlIssue(body);
  if (control) issues.push(control);
  if (isBlank(body)) {
    issues.push({ severity: "warning", lineIndex: 0, message: "is empty: the page will show only the headline", fix: "write the text below the closing --- line" });
  }
  return issues;
}

export interface FieldIssue {
  field: string;
  /** The data path, for finding the line. */
  path: readonly PropertyKey[];
  /** A key whose line the problem belongs on, when not its own (a missing source: the originalUrl line). */
  lineOf?: string;
  message: string;
  fix: string;
}

/** Turns zod's issues into one problem per field, with the field's fix. */
export function describeIssues(error: z.ZodError, fixes: Readonly<Record<string, string>> = FIELD_FIXES): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "frontmatter";
    const topField = String(issue.path[0] ?? "frontmatter");
    if (seen.has(field)) continue;
    seen.add(field);
    const params = "params" in issue ? (issue.params as { fix?: string; line?: string } | undefined) : undefined;
    issues.push({ field, path: issue.path, message: issue.message, fix: params?.fix ?? fixes[field] ?? fixes[topField] ?? "see the frontmatter table in README.md", ...(params?.line ? { lineOf: params.line } : {}) });
  }
  return issues;
}
