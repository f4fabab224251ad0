/**
 * The editors' guide (docs/编辑指南.md) as the table of what problems mean in Chinese. Its section 8
 * quotes every message the loader can produce, with the particulars written as …, and says in
 * Chinese what to do; tests/editor-guide.test.ts fails when a message is missing from it. So the
 * guide itself is the translation table: `npm start` shows a problem with the guide's own advice,
 * and the two can never disagree. The terminal keeps the English line (outside checks parse it).
 */
import type { Problem } from "./problems.ts";

/**
 * A message with its particulars (quoted values, addresses, paths, numbers, lists of columns or
 * keys, the parser's own words) replaced by …, so `"2024-02-30" is not a real calendar date` and
 * the guide's `"…" is not a real calendar date` compare equal.
 */
export function messageTemplate(text: string): string {
  return text
    .replace(/does not parse: .*?(?= {2}\(|$)/, "does not parse: …")
    .replace(/contains the invisible control character .*?(?= {2}\(|$)/, "contains the invisible control character …")
    .replace(/the value (true|false)\b/, "the value …")
    .replace(/\(write [A-Za-z]+: [^()]*?( \(an ASCII colon and a space\))?\)$/, "(write …: …$1)")
    .replace(/ends in [a-z0-9-]+,/, "ends in …,")
    .replace(/add slug: [a-z0-9-]+,/, "add slug: …,")
    .replace(/the keys are [^)]*/, "the keys are …")
    .replace(/one of: .*?(?=, or --allow-missing|\)|$)/g, "one of: …")
    .replace(/https?:\/\/[^\s"()]+/g, "…")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/"…"(?: > "…")+/g, '"…"')
    .replace(/ \(as given by --[a-z-]+\)/g, "")
    .replace(/[^\s()",]*\/[^\s()",]*/g, "…")
    .replace(/\d+/g, "…")
    .replace(/…+/g, "…")
    .replace(/\s+/g, " ")
    .trim();
}

/** What the terminal shows of a problem after `path:line  field  `, as the guide quotes it. */
export function shownText(problem: Pick<Problem, "severity" | "message" | "fix">): string {
  const text = `${problem.severity === "warning" ? "warning: " : ""}${problem.message}  (${problem.fix})`;
  // A 待填写 problem carries the field's own fix, which the guide lists with that field.
  return text.startsWith("is still 待填写") ? text.replace(/ {2}\(.*\)$/, "  (…)") : text;
}

/** One row of the guide's tables: the fields it is about (empty: any) and what to do, in Chinese (Markdown code spans kept). */
export interface GuideAdvice {
  fields: string[];
  advice: string;
}

export type GuideTable = Map<string, GuideAdvice[]>;

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? "");

/** Reads the message tables of section 8 (`| 字段 | 终端显示 | 怎么办 |` and the two-column ones) by message template. */
export function parseGuide(markdown: string): GuideTable {
  const table: GuideTable = new Map();
  const start = markdown.search(/^## 8\./m);
  if (start < 0) return table;
  for (const line of markdown.slice(start).split("\n")) {
    if (!line.startsWith("|")) continue;
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    if (cells.length < 2 || cells.every((cell) => /^-+$/.test(cell))) continue;
    const advice = cells[cells.length - 1] ?? "";
    const messages = codeSpans(cells[cells.length - 2] ?? "");
    const fields = cells.length > 2 ? codeSpans(cells[0] ?? "").map(messageTemplate) : [];
    for (const message of messages) {
      const key = messageTemplate(message);
      const rows = table.get(key) ?? [];
      rows.push({ fields, advice });
      table.set(key, rows);
    }
  }
  return table;
}

/** The guide's advice for a problem: of the rows quoting its message, the one about its field, else the first. */
export function adviceFor(table: GuideTable, problem: Problem): string | undefined {
  const rows = table.get(messageTemplate(shownText(problem)));
  if (!rows) return undefined;
  const field = messageTemplate(problem.field);
  return (rows.find((row) => row.fields.includes(field)) ?? rows[0])?.advice;
}
