/**
 * Reading editors' files: regular files only (never a pipe or a device, so nothing can block),
 * UTF-8 only (a BOM and CRLF are accepted silently), frontmatter split from the body, YAML parsed
 * so that text stays the text the editor typed.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import yaml from "js-yaml";
import { CONTROL_FIX, describeCharacter, findControls } from "./text.ts";

export type ReadResult = { ok: true; text: string } | { ok: false; message: string; fix: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** What a failed open or read means to an editor. */
function readFailure(error: unknown): { message: string; fix: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return { message: "is missing (or was removed while it was being read)", fix: "check the file is there and run the command again" };
  if (code === "EACCES" || code === "EPERM") return { message: "cannot be read: permission denied", fix: "give your user read permission on the file (chmod a+r)" };
  if (code === "ELOOP") return { message: "is a link that points at itself in a loop", fix: "delete the link" };
  return { message: `cannot be read (${code ?? String(error)})`, fix: "check the file and the disk, then run the command again" };
}

export type BytesResult = { ok: true; bytes: Buffer } | { ok: false; message: string; fix: string };

/**
 * Reads a regular file's bytes. Opened non-blocking and checked with fstat before reading, so a
 * FIFO or device never blocks the run, even if it replaced the file after the folder was listed;
 * files over `maxBytes` are not read. `notRegularFix` is what the caller's editor should do with
 * a pipe or folder in the file's place.
 */
export function readRegularFile(absolutePath: string, maxBytes = Number.POSITIVE_INFINITY, notRegularFix = "delete it or rename it so it does not end in .md"): BytesResult {
  // Synchronous calls: a small file costs four system calls, which the promise API spread over the
  // thread pool at several times the cost (a second of a 10,000-article build).
  try {
    const fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) {
        const what = info.isDirectory() ? "a folder" : info.isFIFO() ? "a named pipe (FIFO)" : info.isSocket() ? "a socket" : "a device";
        return { ok: false, message: `is ${what}, not a regular file`, fix: notRegularFix };
      }
      if (info.size > maxBytes) {
        return { ok: false, message: `is ${info.size} bytes, more than the site's limit allows (limits.bodyBytes in site.json)`, fix: "split it into several articles, or raise the limit" };
      }
      return { ok: true, bytes: readFileSync(fd) };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { ok: false, ...readFailure(error) };
  }
}

/** Reads a regular file (see readRegularFile) as strict UTF-8, dropping a BOM and normalising CRLF/CR to LF. */
export async function readUtf8(absolutePath: string, maxBytes = Number.POSITIVE_INFINITY): Promise<ReadResult> {
  const read = readRegularFile(absolutePath, maxBytes);
  if (!read.ok) return read;
  const bytes = read.bytes;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      ok: false,
      message: "is not UTF-8 text (it looks saved as GBK/GB2312 or another legacy encoding)",
      fix: "open it in your editor and save it again with the encoding UTF-8",
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text: text.replace(/\r\n?/g, "\n") };
}

export interface SplitFile {
  /** The YAML between the `---` lines. */
  frontmatter: string;
  body: string;
  /** 1-based line number of the first frontmatter line (after the opening `---`). */
  frontmatterStartLine: number;
  /** 1-based line number where the body starts. */
  bodyStartLine: number;
}

/** Splits `---\nyaml\n---\nbody`; returns undefined when the file has no frontmatter block. */
export function splitFrontmatter(text: string): SplitFile | undefined {
  const lines = text.split("\n");
  if (lines[0]?.trim() !== "---") return undefined;
  const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (end < 0) return undefined;
  return {
    frontmatter: lines.slice(1, end).join("\n"),
    body: lines.slice(end + 1).join("\n"),
    frontmatterStartLine: 2,
    bodyStartLine: end + 2,
  };
}

export type YamlResult = { ok: true; data: Record<string, unknown> } | { ok: false; line: number; message: string };

/** js-yaml's own scalar types; its type declarations leave out `types`. */
const yamlTypes = (yaml as unknown as { types: { null: yaml.Type; bool: yaml.Type } }).types;

/**
 * Only `null` and `true`/`false` are read as anything but text: `0x1F`, `007`, `5.10` and
 * `2024-05-20` stay the text the editor typed (the core schema reads them as 31, 7, 5.1, and the
 * default one turns a day into midnight UTC).
 */
const FRONTMATTER_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({ implicit: [yamlTypes.null, yamlTypes.bool] });

/** Parses frontmatter YAML. `line` is relative to the YAML's first line. */
export function parseYaml(source: string): YamlResult {
  try {
    const data: unknown = yaml.load(source, { schema: FRONTMATTER_SCHEMA });
    if (data === undefined || data === null) return { ok: true, data: {} };
    if (typeof data !== "object" || Array.isArray(data)) {
      return { ok: false, line: 1, message: "is not a list of key: value lines" };
    }
    return { ok: true, data: data as Record<string, unknown> };
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      return { ok: false, line: (error.mark?.line ?? 0) + 1, message: error.reason || "does not parse as YAML" };
    }
    throw error;
  }
}

export interface LineProblem {
  /** 1-based line in the file. */
  line: number;
  field: string;
  message: string;
  fix: string;
}

/** The top-level key a frontmatter line belongs to (the nearest `key:` line at or above it). */
function keyOfLine(lines: readonly string[], index: number): string {
  for (let i = index; i >= 0; i -= 1) {
    const key = /^([^\s#:-][^:：]*?)\s*[:：]/.exec(lines[i] ?? "")?.[1];
    if (key) return key.replace(/^["']|["']$/g, "");
  }
  return "frontmatter";
}

/**
 * Mistakes YAML would report in its own words, found first and named for an editor: control
 * characters (YAML refuses the whole block), a full-width colon after a key (`title：…`, YAML
 * reads the line as text), and a known key with no space after its colon (`title:标题`).
 */
export function frontmatterLineProblems(frontmatter: string, frontmatterStartLine: number, knownKeys: readonly string[]): LineProblem[] {
  const problems: LineProblem[] = [];
  const lines = frontmatter.split("\n");
  for (const hit of findControls(frontmatter)) {
    const field = keyOfLine(lines, hit.lineIndex);
    if (problems.some((problem) => problem.line === frontmatterStartLine + hit.lineIndex)) continue;
    problems.push({
      line: frontmatterStartLine + hit.lineIndex,
      field,
      message: `contains the invisible control character ${describeCharacter(hit.character)} at column ${hit.column}`,
      fix: CONTROL_FIX,
    });
  }
  lines.forEach((line, index) => {
    const fullWidth = /^([A-Za-z][A-Za-z0-9_]*)[ \t\u3000]*：[ \t\u3000]*(.*)$/.exec(line);
    if (fullWidth) {
      const [, key = "", value = ""] = fullWidth;
      problems.push({
        line: frontmatterStartLine + index,
        field: key,
        message: "has a full-width colon \"：\" after the key; only the ASCII colon \":\" separates a key from its value",
        fix: `write ${key}: ${value || "…"} (an ASCII colon and a space)`,
      });
      return;
    }
    const noSpace = /^([A-Za-z][A-Za-z0-9_]*):(\S.*)$/.exec(line);
    if (noSpace && knownKeys.includes(noSpace[1] ?? "")) {
      const [, key = "", value = ""] = noSpace;
      problems.push({ line: frontmatterStartLine + index, field: key, message: "has no space after the colon, so YAML reads the whole line as text", fix: `write ${key}: ${value}` });
    }
  });
  return problems.sort((a, b) => a.line - b.line);
}

/** The 1-based line of `key:` inside a frontmatter block, or the line of the opening ---. */
export function lineOfKey(frontmatter: string, key: string, frontmatterStartLine: number): number {
  const index = frontmatter.split("\n").findIndex((line) => line.startsWith(`${key}:`) || line.startsWith(`"${key}":`) || line.startsWith(`'${key}':`));
  return index < 0 ? frontmatterStartLine - 1 : frontmatterStartLine + index;
}

/**
 * The line of a data path such as `tags.2` or `disclosure.index`: for a block list (`tags:` then
 * `- …` lines) the line of that item, for a nested key the line of that key inside its parent's
 * indented block, otherwise the line of the key.
 */
export function lineOfField(frontmatter: string, field: readonly PropertyKey[], frontmatterStartLine: number): number {
  const key = String(field[0] ?? "");
  const keyLine = lineOfKey(frontmatter, key, frontmatterStartLine);
  const item = field[1];
  if (item === undefined || keyLine < frontmatterStartLine) return keyLine;
  const lines = frontmatter.split("\n");
  const keyIndex = keyLine - frontmatterStartLine;
  if (typeof item === "string") {
    for (let index = keyIndex + 1; index < lines.length && /^\s/.test(lines[index] ?? ""); index += 1) {
      if (new RegExp(`^\\s+["']?${item.replace(/[^\w-]/g, "")}["']?\\s*:`).test(lines[index] ?? "")) return frontmatterStartLine + index;
    }
    return keyLine;
  }
  if (typeof item !== "number") return keyLine;
  if (!/^[^:]+:\s*(#.*)?$/.test(lines[keyIndex] ?? "")) return keyLine; // a flow list on the key's line
  let seen = -1;
  for (let index = keyIndex + 1; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (/^\S/.test(line)) break;
    if (/^\s*-(\s|$)/.test(line)) seen += 1;
    if (seen === item) return frontmatterStartLine + index;
  }
  return keyLine;
}
