/**
 * Reading editors' files: UTF-8 only (a BOM and CRLF are accepted silently), frontmatter split
 * from the body, YAML parsed without turning dates into Date objects.
 */
import { readFile } from "node:fs/promises";
import yaml from "js-yaml";

export type ReadResult = { ok: true; text: string } | { ok: false; message: string; fix: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads a text file as strict UTF-8, dropping a BOM and normalising CRLF/CR to LF. */
export async function readUtf8(absolutePath: string): Promise<ReadResult> {
  const bytes = await readFile(absolutePath);
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

/**
 * Parses frontmatter YAML with the core schema, so `2024-05-20` stays the text the editor wrote
 * (the default schema turns it into midnight UTC). `line` is relative to the YAML's first line.
 */
export function parseYaml(source: string): YamlResult {
  try {
    const data: unknown = yaml.load(source, { schema: yaml.CORE_SCHEMA });
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

/** The 1-based line of `key:` inside a frontmatter block, or the block's first line. */
export function lineOfKey(frontmatter: string, key: string, frontmatterStartLine: number): number {
  const index = frontmatter.split("\n").findIndex((line) => line.startsWith(`${key}:`) || line.startsWith(`"${key}":`));
  return index < 0 ? frontmatterStartLine - 1 : frontmatterStartLine + index;
}

/**
 * The 1-based line of a field such as `disclosure.index`: the nested key's line inside its parent
 * block (indented lines below `disclosure:`), else the parent key's line.
 */
export function lineOfField(frontmatter: string, field: string, frontmatterStartLine: number): number {
  const [parent = field, child] = field.split(".");
  const parentLine = lineOfKey(frontmatter, parent, frontmatterStartLine);
  if (child === undefined) return parentLine;
  const lines = frontmatter.split("\n");
  for (let index = parentLine - frontmatterStartLine + 1; index < lines.length && /^\s/.test(lines[index] ?? ""); index += 1) {
    if (new RegExp(`^\\s+["']?${child}["']?\\s*:`).test(lines[index] ?? "")) return frontmatterStartLine + index;
  }
  return parentLine;
}
