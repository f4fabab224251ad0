/** Reads and validates `_data/site.json`, reporting problems by data path. */
import path from "node:path";
import { readUtf8 } from "../content/files.ts";
import type { Problem } from "../content/problems.ts";
import { siteSchema, type Site } from "./schema.ts";

export type SiteLoadResult = ({ site: Site } | { site: undefined }) & {
  problems: Problem[];
  /** site.json's path relative to the project root, for messages. */
  file: string;
  /** The line where a dotted data path (`columns.2.slug`) is written; 1 when not found. */
  lineOf: (dataPath: string) => number;
};

/** The 1-based line of a character offset in a text. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

/** Finds the line where a data path's last key is written, for messages; 1 when not found. */
function lineOfPath(text: string, dataPath: readonly PropertyKey[]): number {
  const key = [...dataPath].reverse().find((part) => typeof part === "string");
  if (typeof key !== "string") return 1;
  const offset = text.indexOf(`"${key}"`);
  return offset < 0 ? 1 : lineAt(text, offset);
}

export async function loadSite(contentDir: string, rootDir: string): Promise<SiteLoadResult> {
  const absolute = path.join(contentDir, "_data", "site.json");
  const file = path.relative(rootDir, absolute).split(path.sep).join("/");
  let text = "";
  const lineOf = (dataPath: string) => lineOfPath(text, dataPath.split("."));
  const base = { file, lineOf };
  const problem = (line: number, field: string, message: string, fix: string): Problem => ({ severity: "error", file, line, field, message, fix });

  let read;
  try {
    read = await readUtf8(absolute);
  } catch {
    return { ...base, site: undefined, problems: [problem(1, "file", "is missing", "create content/_data/site.json with the portal's name, columns and footer (see README.md)")] };
  }
  if (!read.ok) return { ...base, site: undefined, problems: [problem(1, "file", read.message, read.fix)] };

  text = read.text;
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(read.text, Number(position[1])) : 1;
    return { ...base, site: undefined, problems: [problem(line, "json", `does not parse: ${message}`, "check commas, quotes and brackets near that line")] };
  }

  const parsed = siteSchema.safeParse(raw);
  if (parsed.success) return { ...base, site: parsed.data, problems: [] };
  return {
    ...base,
    site: undefined,
    problems: parsed.error.issues.map((issue) =>
      problem(lineOfPath(read.text, issue.path), issue.path.map(String).join(".") || "site", issue.message, "see the site data table in README.md"),
    ),
  };
}
