/**
 * The 错敏词 check: wrong forms of official terms (with their correction), words that are never
 * published, and an allow-list of phrases in which a listed word is legitimate. The lists are the
 * site's data (content/_data/words.json); each text is scanned once for all of them together.
 */
import { z } from "zod";
import type { SourcePosition } from "../content/load.ts";
import { lineOfKey } from "../content/files.ts";
import { Automaton } from "./automaton.ts";
import type { Finding } from "./items.ts";

export const WORDS_FILE = "words.json";

const severity = z.enum(["error", "warning"], { error: 'must be "error" (blocks publishing) or "warning"' });
const word = (what: string) => z.string({ error: `must be text: ${what}` }).trim().min(1, { error: `must not be empty: ${what}` });

const correctionSchema = z.strictObject({
  wrong: word("the wrong form, e.g. 党风廉正建设"),
  right: word("the correct form, e.g. 党风廉政建设"),
  /** Where the correct form is written officially, shown in the fix. */
  source: z.string().trim().optional(),
  severity: severity.optional(),
});

const forbiddenSchema = z.strictObject({
  word: word("a word that must never be published"),
  reason: z.string().trim().optional(),
  severity: severity.optional(),
});

export const wordListsSchema = z
  .strictObject({
    $comment: z.string().optional(),
    corrections: z
      .strictObject({ severity: severity.default("error"), entries: z.array(correctionSchema).default([]) })
      .default({ severity: "error", entries: [] }),
    forbidden: z.strictObject({ severity: severity.default("error"), entries: z.array(forbiddenSchema).default([]) }).default({ severity: "error", entries: [] }),
    /** Phrases in which a listed word is meant: a hit inside one of them is not reported. */
    allowed: z.array(word("a phrase in which a listed word is right")).default([]),
  })
  .superRefine((lists, ctx) => {
    const seen = new Set<string>();
    lists.corrections.entries.forEach((entry, index) => {
      const path = ["corrections", "entries", index, "right"];
      if (entry.right.includes(entry.wrong)) ctx.addIssue({ code: "custom", path, message: `contains the wrong form "${entry.wrong}": every correct text would be reported` });
      if (seen.has(entry.wrong)) ctx.addIssue({ code: "custom", path: ["corrections", "entries", index, "wrong"], message: `"${entry.wrong}" is listed twice` });
      seen.add(entry.wrong);
    });
    lists.forbidden.entries.forEach((entry, index) => {
      if (seen.has(entry.word)) ctx.addIssue({ code: "custom", path: ["forbidden", "entries", index, "word"], message: `"${entry.word}" is listed twice` });
      seen.add(entry.word);
    });
  });

export type WordLists = z.output<typeof wordListsSchema>;

/** One listed word, as the matcher reports it. */
interface Rule {
  kind: "correction" | "forbidden" | "allowed";
  word: string;
  severity: "error" | "warning";
  message: string;
  fix: string;
}

/** A listed word found in a text, outside every allowed phrase. */
export interface WordHit {
  rule: Readonly<Rule>;
  /** UTF-16 range in the text. */
  start: number;
  end: number;
}

/** The compiled lists: one automaton holding the corrections, the forbidden words and the allowed phrases. */
export class WordMatcher {
  private readonly rules: Rule[];
  private readonly automaton: Automaton | undefined;

  constructor(lists: WordLists, dataFile = `content/_data/${WORDS_FILE}`) {
    const allowHint = (found: string) => `if "${found}" is right here, add the phrase around it to "allowed" in ${dataFile}`;
    this.rules = [
      ...lists.corrections.entries.map((entry): Rule => ({
        kind: "correction",
        word: entry.wrong,
        severity: entry.severity ?? lists.corrections.severity,
        message: `"${entry.wrong}" is a wrong form of "${entry.right}" (错别字)`,
        fix: `write ${entry.right}${entry.source ? `, as in ${entry.source}` : ""}; ${allowHint(entry.wrong)}`,
      })),
      ...lists.forbidden.entries.map((entry): Rule => ({
        kind: "forbidden",
        word: entry.word,
        severity: entry.severity ?? lists.forbidden.severity,
        message: `"${entry.word}" must never be published${entry.reason ? ` (${entry.reason})` : ""}`,
        fix: `remove or reword it; ${allowHint(entry.word)}`,
      })),
      ...lists.allowed.map((phrase): Rule => ({ kind: "allowed", word: phrase, severity: "warning", message: "", fix: "" })),
    ];
    this.automaton = this.rules.some((rule) => rule.kind !== "allowed") ? new Automaton(this.rules.map((rule) => rule.word)) : undefined;
  }

  /** Every listed word in `text` that no allowed phrase covers, in order of position. */
  scan(text: string): WordHit[] {
    if (!this.automaton) return [];
    const hits: WordHit[] = [];
    const allowed: [number, number][] = [];
    this.automaton.scan(text, (index, start, end) => {
      const rule = this.rules[index] as Rule;
      if (rule.kind === "allowed") allowed.push([start, end]);
      else hits.push({ rule, start, end });
    });
    const kept = allowed.length > 0 ? hits.filter((hit) => !allowed.some(([start, end]) => start <= hit.start && hit.end <= end)) : hits;
    return kept.sort((a, b) => a.start - b.start || b.end - a.end);
  }
}

/** An article or page, as far as the word check reads it. */
export interface CheckedText {
  file: string;
  position: SourcePosition;
  title: string;
  summary: string | undefined;
  body: string;
}

/** Line and column (1-based) of offset `at` in a text whose first line is `firstLine`. */
function lineAndColumn(text: string, at: number, firstLine: number): { line: number; column: number } {
  let line = firstLine;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/**
 * Where a word found in a frontmatter value is written: the same occurrence of the word in the
 * raw lines of that key (the value may be quoted or folded over lines); the key's line if the
 * raw text spells it otherwise (YAML escapes).
 */
function locateInFrontmatter(position: SourcePosition, key: string, value: string, hit: WordHit): { line: number; column: number } {
  const keyLine = lineOfKey(position.frontmatter, key, position.frontmatterLine);
  const lines = position.frontmatter.split("\n");
  const first = keyLine - position.frontmatterLine;
  let last = first + 1;
  while (last < lines.length && /^[\s#-]/.test(lines[last] ?? "")) last += 1;
  const block = lines.slice(first, last).join("\n");
  const occurrence = countOccurrences(value.slice(0, hit.start), hit.rule.word);
  let at = block.indexOf(":") + 1;
  for (let n = 0; n <= occurrence && at !== -1; n += 1) at = block.indexOf(hit.rule.word, n === 0 ? at : at + 1);
  if (at === -1) return { line: keyLine, column: 1 };
  return lineAndColumn(block, at, keyLine);
}

function countOccurrences(text: string, word: string): number {
  let count = 0;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) count += 1;
  return count;
}

/** Checks titles, summaries and bodies; each hit is a finding at its file, line and column. */
export function checkWords(texts: Iterable<CheckedText>, matcher: WordMatcher): Finding[] {
  const findings: Finding[] = [];
  const report = (item: CheckedText, field: string, hit: WordHit, at: { line: number; column: number }) =>
    findings.push({
      item: hit.rule.kind === "correction" ? "corrections" : "forbidden",
      severity: hit.rule.severity,
      file: item.file,
      line: at.line,
      column: at.column,
      field,
      message: hit.rule.message,
      fix: hit.rule.fix,
    });
  for (const item of texts) {
    for (const hit of matcher.scan(item.title)) report(item, "title", hit, locateInFrontmatter(item.position, "title", item.title, hit));
    if (item.summary) for (const hit of matcher.scan(item.summary)) report(item, "summary", hit, locateInFrontmatter(item.position, "summary", item.summary, hit));
    for (const hit of matcher.scan(item.body)) report(item, "body", hit, lineAndColumn(item.body, hit.start, item.position.bodyLine));
  }
  return findings;
}
