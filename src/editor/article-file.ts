/**
 * The text of an article file as `npm run new` and `npm run import` write it: frontmatter keys in
 * one fixed order (the order of the README's table), each value quoted only where YAML needs it.
 */
import yaml from "js-yaml";

/** Frontmatter values as they are written; absent keys are left out of the file. */
export interface ArticleFields {
  title?: string;
  date?: string;
  column?: string;
  source?: string;
  author?: string;
  editor?: string;
  proofreader?: string;
  originalUrl?: string;
  tags?: string[];
  summary?: string;
  slug?: string;
}

/** The order keys are written in. */
export const FIELD_ORDER = ["title", "date", "column", "source", "author", "editor", "proofreader", "originalUrl", "tags", "summary", "slug"] as const satisfies readonly (keyof ArticleFields)[];

/** One value as YAML: plain where that reads back as the same text, quoted otherwise. */
function yamlValue(value: string | string[]): string {
  // CORE_SCHEMA, as the loader reads: `2024-05-20` stays plain text instead of becoming a date.
  return yaml.dump(value, { schema: yaml.CORE_SCHEMA, lineWidth: -1, flowLevel: 0 }).trimEnd();
}

/** Frontmatter values are one line each: newlines and runs of spaces become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The frontmatter block (with its `---` lines) for the given fields. */
export function frontmatterText(fields: ArticleFields): string {
  const lines = ["---"];
  for (const key of FIELD_ORDER) {
    const value = fields[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    lines.push(`${key}: ${yamlValue(Array.isArray(value) ? value.map(oneLine) : oneLine(value))}`);
  }
  lines.push("---");
  return `${lines.join("\n")}\n`;
}

/** A whole article file: frontmatter, a blank line, the body, one final newline. */
export function articleText(fields: ArticleFields, body: string): string {
  const trimmed = body.replace(/^\n+|\s+$/g, "");
  return `${frontmatterText(fields)}\n${trimmed ? `${trimmed}\n` : ""}`;
}
