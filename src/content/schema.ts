/**
 * The one schema for article and page frontmatter. The build, `npm run check`, `npm run new` and
 * the importer all validate through it, and the TypeScript types below derive from it.
 */
import { z } from "zod";
import { parseFrontmatterDate } from "../dates.ts";
import { asciiSlug, type Site } from "../site/schema.ts";
import { DISCLOSURE_FIXES, disclosureSchema } from "../inspect/disclosure.ts";

/** How to fix each field, shown after the problem. */
export const FIELD_FIXES: Readonly<Record<string, string>> = {
  title: "write the headline, e.g. title: 乌兰浩特市巧用党建“金钥匙”",
  date: "write it as YYYY-MM-DD or YYYY-MM-DD HH:mm, e.g. date: 2024-05-20",
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
  disclosure: "write the 政府信息公开 block as in README.md: index, publisher, written, topic, and optionally number and validity",
  ...DISCLOSURE_FIXES,
};

const numberAsText = (value: unknown) => (typeof value === "number" ? String(value) : value);

const textField = (what: string) =>
  z.preprocess(
    numberAsText,
    z.string({
      // `title:` with nothing after it reads as null: the key is there but empty.
      error: (issue) => (issue.input === undefined ? "is missing" : issue.input === null ? "is empty" : `must be text (${what})`),
    }),
  );

const requiredText = (what: string) => textField(what).pipe(z.string().trim().min(1, { error: "is empty" }));

/** Optional text: a missing or blank value means "not given". */
const optionalText = (what: string) =>
  z.preprocess(
    (value) => (value === null || (typeof value === "string" && value.trim() === "") ? undefined : numberAsText(value)),
    z.string({ error: `must be text (${what})` }).trim().optional(),
  );

const booleanField = z.boolean({ error: "must be true or false (without quotes)" }).optional();

const httpUrl = z
  .string({ error: "must be a web address as text" })
  .trim()
  .refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const { protocol, hostname } = new URL(value);
      return (protocol === "http:" || protocol === "https:") && hostname.length > 0;
    },
    { error: (issue) => `"${String(issue.input)}" is not an http(s) address` },
  );

/** Builds the article schema for one site: `column` must name one of its columns. */
export function createArticleSchema(site: Pick<Site, "columns" | "timezone">) {
  const columnNames = site.columns.map((column) => column.name);
  return z.object({
    title: requiredText("the headline"),
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
      .array(requiredText("a tag"), { error: "must be a list of words" })
      .optional()
      .transform((tags) => [...new Set(tags ?? [])]),
    summary: optionalText("a sentence or two"),
    draft: booleanField,
    featured: booleanField,
    slug: z.preprocess((value) => (value === null || value === "" ? undefined : value), asciiSlug.optional()),
    /** 政府信息公开: the disclosed document's 索引号, 发布机构, 成文日期, 文号, 主题分类 and 有效性. */
    disclosure: disclosureSchema(site.timezone).optional(),
  });
}

export type ArticleSchema = ReturnType<typeof createArticleSchema>;
/** Validated article frontmatter, as the generator uses it. */
export type ArticleFrontmatter = z.output<ArticleSchema>;
/** The keys an article may have; anything else is a warning. */
export const ARTICLE_KEYS: readonly string[] = Object.keys(createArticleSchema({ columns: [], timezone: "UTC" }).shape);

/** Static pages (关于我们, 联系我们, …): a title, and optionally a slug and a summary. */
export const pageSchema = z.object({
  title: requiredText("the page title"),
  slug: z.preprocess((value) => (value === null || value === "" ? undefined : value), asciiSlug.optional()),
  summary: optionalText("a sentence or two"),
});
export type PageFrontmatter = z.output<typeof pageSchema>;
export const PAGE_KEYS: readonly string[] = Object.keys(pageSchema.shape);

export interface FieldIssue {
  field: string;
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
    const params = "params" in issue ? (issue.params as { fix?: string } | undefined) : undefined;
    issues.push({ field, message: issue.message, fix: params?.fix ?? fixes[field] ?? fixes[topField] ?? "see the frontmatter table in README.md" });
  }
  return issues;
}
