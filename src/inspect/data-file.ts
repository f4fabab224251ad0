/** Reading an optional JSON data file under content/_data/ through a zod schema, problems by line. */
import path from "node:path";
import type { z } from "zod";
import { readUtf8 } from "../content/files.ts";
import type { Problem } from "../content/problems.ts";
import { lineAt, lineOfPath } from "../site/load.ts";

export interface DataFile<T> {
  /** Undefined when the file is absent or has errors. */
  value: T | undefined;
  /** Path relative to the project root, forward slashes. */
  file: string;
  /** The file's text ("" when absent), for pointing problems found later at a line. */
  text: string;
  problems: Problem[];
}

/** Reads `content/_data/<name>`; an absent file is not a problem (the feature is then off). */
export async function readDataFile<S extends z.ZodType>(
  location: { contentDir: string; rootDir: string },
  name: string,
  schema: S,
  fix: string,
): Promise<DataFile<z.output<S>>> {
  const absolute = path.join(location.contentDir, "_data", name);
  const file = path.relative(location.rootDir, absolute).split(path.sep).join("/");
  const problem = (line: number, field: string, message: string, how = fix): Problem => ({ severity: "error", file, line, field, message, fix: how });
  let read;
  try {
    read = await readUtf8(absolute);
  } catch {
    return { value: undefined, file, text: "", problems: [] };
  }
  if (!read.ok) return { value: undefined, file, text: "", problems: [problem(1, "file", read.message, read.fix)] };
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(read.text, Number(position[1])) : 1;
    return { value: undefined, file, text: read.text, problems: [problem(line, "json", `does not parse: ${message}`, "check commas, quotes and brackets near that line")] };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, file, text: read.text, problems: [] };
  return {
    value: undefined,
    file,
    text: read.text,
    problems: parsed.error.issues.map((issue) => problem(lineOfIssue(read.text, raw, issue.path), issue.path.map(String).join(".") || name, issue.message)),
  };
}

/**
 * The line of a problem in a list entry: the line of the entry's first text value (keys repeat
 * from entry to entry, values rarely do); other paths go by their last key.
 */
function lineOfIssue(text: string, raw: unknown, dataPath: readonly PropertyKey[]): number {
  let node = raw;
  let entry: unknown;
  for (const part of dataPath) {
    if (node === null || typeof node !== "object") break;
    node = (node as Record<PropertyKey, unknown>)[part as string];
    if (typeof part === "number") entry = node;
  }
  const firstText = typeof entry === "string" ? entry : entry && typeof entry === "object" ? Object.values(entry).find((value) => typeof value === "string") : undefined;
  return typeof firstText === "string" && firstText !== "" ? lineOfValue(text, firstText) : lineOfPath(text, dataPath);
}

/** The line of the first occurrence of a JSON string value in a data file's text; 1 when absent. */
export function lineOfValue(text: string, value: string): number {
  const offset = text.indexOf(JSON.stringify(value));
  return offset < 0 ? 1 : lineAt(text, offset);
}
