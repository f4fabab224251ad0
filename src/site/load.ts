/**
 * Reads and validates `_data/site.json`, and the other JSON data files through loadDataFile. The
 * JSON is parsed into a tree with positions (jsonc-parser, strict JSON: no comments, no trailing
 * commas), so every problem is reported at the line where its value is written.
 */
import path from "node:path";
import type { z } from "zod";
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { readUtf8 } from "../content/files.ts";
import type { Problem } from "../content/problems.ts";
import { CONTROL_FIX, controlMessage, hasControl } from "../content/text.ts";
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
  let line = 1;
  for (let index = text.indexOf("\n"); index >= 0 && index < offset; index = text.indexOf("\n", index + 1)) line += 1;
  return line;
}

const SYNTAX: Readonly<Record<string, string>> = {
  InvalidSymbol: "has a character JSON does not allow here",
  InvalidNumberFormat: "has a number JSON cannot read",
  PropertyNameExpected: "expects a \"key\" in double quotes",
  ValueExpected: "expects a value",
  ColonExpected: "expects a colon : after the key",
  CommaExpected: "expects a comma , between two entries",
  CloseBraceExpected: "expects a closing }",
  CloseBracketExpected: "expects a closing ]",
  EndOfFileExpected: "has more text after the closing }",
  InvalidCommentToken: "has a comment, which JSON does not allow",
  UnexpectedEndOfComment: "has a comment, which JSON does not allow",
  UnexpectedEndOfString: "has a text that is not closed by a double quote",
  UnexpectedEndOfNumber: "has a number that ends too early",
  InvalidUnicode: "has a broken \\u escape",
  InvalidEscapeCharacter: "has a backslash escape JSON does not know (write \\\\ for a backslash)",
  InvalidCharacter: "has a control character or line break inside a text",
};

/** One problem for the first syntax error (the later ones follow from it), at its line. */
function syntaxProblem(text: string, error: ParseError): { line: number; message: string; fix: string } {
  const code = printParseErrorCode(error.error);
  const character = text.slice(error.offset, error.offset + 1);
  const before = text.slice(0, error.offset).trimEnd();
  if (/[：，“”]/.test(character)) {
    return {
      line: lineAt(text, error.offset),
      message: `does not parse: a full-width "${character}" where JSON needs ASCII punctuation`,
      fix: 'write the ASCII : , and " outside the texts (full-width punctuation belongs only inside "…")',
    };
  }
  if ((code === "ValueExpected" || code === "PropertyNameExpected") && before.endsWith(",") && /[}\]]/.test(character)) {
    return { line: lineAt(text, before.length - 1), message: "does not parse: a comma after the last entry", fix: "delete that comma: JSON allows none before } or ]" };
  }
  return { line: lineAt(text, error.offset), message: `does not parse: ${SYNTAX[code] ?? code}`, fix: "check commas, quotes and brackets near that line" };
}

/** The child of an object (by key) or array (by index) node. */
function childOf(node: Node, part: PropertyKey): Node | undefined {
  if (node.type === "object") {
    const property = node.children?.find((child) => child.children?.[0]?.value === String(part));
    return property?.children?.[1];
  }
  if (node.type === "array") return node.children?.[Number(part)];
  return undefined;
}

/**
 * The node where a data path is written (for a key, its property, so the line of `"key":`), or
 * its nearest parent that exists (a missing key: its object). Path parts may be numbers or the
 * dotted form's strings ("columns.2.slug").
 */
function nodeOf(tree: Node, dataPath: readonly PropertyKey[]): Node {
  let node = tree;
  for (const part of dataPath) {
    const child = childOf(node, part);
    if (!child) break;
    node = child;
  }
  return node.parent?.type === "property" ? node.parent : node;
}

/** Every string in the tree holding a control character (tab and line feed allowed). */
function controlCharacters(tree: Node, at: (node: Node, field: string, message: string, fix: string) => Problem): Problem[] {
  const found: Problem[] = [];
  const visit = (node: Node, trail: string[]) => {
    if (node.type === "string" && typeof node.value === "string" && hasControl(node.value)) {
      found.push(at(node, trail.join(".") || "site", controlMessage(node.value), CONTROL_FIX));
    }
    for (const child of node.children ?? []) {
      if (node.type === "property") {
        if (child === node.children?.[1]) visit(child, trail);
      } else if (node.type === "object") {
        visit(child, [...trail, String(child.children?.[0]?.value ?? "")]);
      } else if (node.type === "array") {
        visit(child, [...trail, String(node.children?.indexOf(child) ?? 0)]);
      }
    }
  };
  visit(tree, []);
  return found;
}

export interface DataFileResult<T> {
  /** Undefined when the file is absent or has problems. */
  value: T | undefined;
  problems: Problem[];
  /** The file's path relative to the project root, for messages. */
  file: string;
  /** The line where a dotted data path (`columns.2.slug`) is written; 1 when not found. */
  lineOf: (dataPath: string) => number;
  /** The line where a data path given as parts is written (or its nearest written parent). */
  lineOfPath: (dataPath: readonly PropertyKey[]) => number;
}

/**
 * Reads a JSON data file under `_data/` through `schema`, every problem at the line where its
 * value is written. `missing` says what to report when the file is absent; without it an absent
 * file is no problem (an optional file: its feature is off).
 */
export async function loadDataFile<S extends z.ZodType>(
  contentDir: string,
  rootDir: string,
  name: string,
  schema: S,
  options: { missing?: { message: string; fix: string }; fix: string; unknownKeyFix: string; emptyFix: string },
): Promise<DataFileResult<z.output<S>>> {
  const absolute = path.join(contentDir, "_data", name);
  const file = path.relative(rootDir, absolute).split(path.sep).join("/");
  let text = "";
  let tree: Node | undefined;
  const lineOfPath = (dataPath: readonly PropertyKey[]) => (tree ? lineAt(text, nodeOf(tree, dataPath).offset) : 1);
  const base = { file, lineOf: (dataPath: string) => lineOfPath(dataPath.split(".")), lineOfPath };
  const problem = (line: number, field: string, message: string, fix: string): Problem => ({ severity: "error", file, line, field, message, fix });

  const read = await readUtf8(absolute);
  if (!read.ok) {
    if (read.message.startsWith("is missing")) return { ...base, value: undefined, problems: options.missing ? [problem(1, "file", options.missing.message, options.missing.fix)] : [] };
    return { ...base, value: undefined, problems: [problem(1, "file", read.message, read.fix)] };
  }
  text = read.text;
  const errors: ParseError[] = [];
  const parsedTree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const firstError = errors[0];
  if (firstError || !parsedTree) {
    const syntax = firstError ? syntaxProblem(text, firstError) : { line: 1, message: "does not parse: it is empty", fix: options.emptyFix };
    return { ...base, value: undefined, problems: [problem(syntax.line, "json", syntax.message, syntax.fix)] };
  }
  tree = parsedTree;

  const at = (node: Node, field: string, message: string, fix: string) => problem(lineAt(text, node.offset), field, message, fix);
  const controls = controlCharacters(parsedTree, at);
  const parsed = schema.safeParse(getNodeValue(parsedTree));
  if (parsed.success && controls.length === 0) return { ...base, value: parsed.data, problems: [] };
  const issues = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => {
        const dotted = issue.path.map(String).join(".");
        if (issue.code === "unrecognized_keys") {
          return issue.keys.map((key) => at(nodeOf(parsedTree, [...issue.path, key]), dotted ? `${dotted}.${key}` : key, "is not a key this site knows", options.unknownKeyFix));
        }
        return [at(nodeOf(parsedTree, issue.path), dotted || name.replace(/\.json$/, ""), issue.message, options.fix)];
      });
  return { ...base, value: undefined, problems: [...controls, ...issues].sort((a, b) => a.line - b.line) };
}

export async function loadSite(contentDir: string, rootDir: string): Promise<SiteLoadResult> {
  const result = await loadDataFile(contentDir, rootDir, "site.json", siteSchema, {
    missing: { message: "is missing", fix: "create content/_data/site.json with the portal's name, columns and footer (see README.md)" },
    fix: "see the site data table in README.md",
    unknownKeyFix: "check the spelling against the site data table in README.md",
    emptyFix: "write the site data as one JSON object, see README.md",
  });
  const base = { file: result.file, lineOf: result.lineOf, problems: result.problems };
  return result.value ? { ...base, site: result.value } : { ...base, site: undefined };
}
