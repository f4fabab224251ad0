/**
 * A copied or saved page as a list of blocks, one per line of text or per image, each with the
 * line of the input it came from: the plain-text and the HTML reader both produce these, and one
 * extractor (extract.ts) finds the article in them.
 */

export interface TextBlock {
  kind: "text";
  /** The line as a reader sees it, trimmed. */
  text: string;
  /** The same line as Markdown: special characters escaped, links kept (from HTML). */
  markdown: string;
  /** A heading in the page (h1–h6 of a saved page). */
  heading: boolean;
  line: number;
}

export interface ImageBlock {
  kind: "image";
  /** The `src` as the page wrote it. */
  src: string;
  alt: string;
  line: number;
}

export type Block = TextBlock | ImageBlock;

/** Spaces a copied page is full of: ASCII, no-break, full-width (全角) and zero-width ones. */
const EDGE_SPACE = /^[\s\u00a0\u3000\u200b\ufeff]+|[\s\u00a0\u3000\u200b\ufeff]+$/g;

export function trimLine(text: string): string {
  return text.replace(EDGE_SPACE, "");
}

/** Escapes the characters Markdown reads as inline markup: `*重点*` keeps its asterisks. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<~]/g, "\\$&").replace(/&(?=#?[a-z0-9]+;)/gi, "\\&");
}

/** Escapes what would make a line a heading, quote, list or rule: `1. 总体要求` stays a sentence. */
export function escapeLineStart(line: string): string {
  return line.replace(/^(#|>|[-+=](?=\s|$|[-+=]*$))/, "\\$1").replace(/^(\d+)([.)])(?=\s|$)/, "$1\\$2");
}

/**
 * A line of plain text as Markdown that shows exactly its words. Chinese prose needs none of
 * this, so an ordinary paragraph comes out unchanged.
 */
export function escapeMarkdown(text: string): string {
  return escapeLineStart(escapeInline(text));
}

/** Every non-blank line of a plain text as a block. */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = trimLine(raw);
    if (line) blocks.push({ kind: "text", text: line, markdown: escapeMarkdown(line), heading: false, line: index + 1 });
  });
  return blocks;
}
