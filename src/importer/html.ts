/**
 * A saved web page (a browser's "save page": the .html and its `_files` folder) read with a real
 * HTML parser (htmlparser2) into the same blocks as a copied text: one block per line a reader
 * sees, one per image. Scripts, styles and form controls are not text; links to other sites are
 * kept as Markdown links, links into the original site keep only their words.
 */
import { parseDocument } from "htmlparser2";
import { isComment, isTag, isText, type ChildNode, type Element } from "domhandler";
import { escapeInline, escapeLineStart, trimLine, type Block } from "./blocks.ts";
import type { Found } from "./extract.ts";

export interface PageHints {
  /** The page's h1 (or, failing that, its <title>), for pages without meta lines. */
  title?: Found;
  /** Where the page was saved from (`<!-- saved from url=… -->`, canonical link, og:url). */
  address?: Found;
}

const SKIPPED = new Set(["script", "style", "noscript", "template", "iframe", "svg", "math", "select", "textarea", "button", "object", "embed", "canvas", "input", "head", "map"]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
  "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav",
  "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
]);

/** The line of a character offset. */
function lineFinder(html: string): (offset: number | null) => number {
  const starts = [0];
  for (let index = html.indexOf("\n"); index >= 0; index = html.indexOf("\n", index + 1)) starts.push(index + 1);
  return (offset) => {
    if (offset === null) return 1;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

function containsImage(node: Element): boolean {
  return node.children.some((child) => isTag(child) && (child.name === "img" || containsImage(child)));
}

function textOf(node: ChildNode): string {
  if (isText(node)) return node.data;
  if (isTag(node) && !SKIPPED.has(node.name)) return node.children.map(textOf).join("");
  return "";
}

/** A link target as Markdown accepts it inside `( )`. */
function markdownHref(href: string): string {
  return href.replace(/[\s()<>]/g, (character) => encodeURIComponent(character));
}

export function htmlBlocks(html: string): { blocks: Block[]; hints: PageHints } {
  const document = parseDocument(html, { withStartIndices: true, decodeEntities: true });
  const lineOf = lineFinder(html);
  const blocks: Block[] = [];
  const hints: PageHints = {};
  let titleTag: Found | undefined;
  let text = "";
  let markdown = "";
  let line = 1;
  let heading = false;

  const flush = () => {
    const plain = trimLine(text.replace(/[ \t\n\r\f\u00a0]+/g, " "));
    if (plain) blocks.push({ kind: "text", text: plain, markdown: escapeLineStart(trimLine(markdown.replace(/[ \t\n\r\f\u00a0]+/g, " "))), heading, line });
    text = "";
    markdown = "";
    heading = false;
  };
  const append = (plain: string, asMarkdown: string, at: number) => {
    if (!text.trim()) line = at;
    text += plain;
    markdown += asMarkdown;
  };

  const walk = (node: ChildNode): void => {
    if (isComment(node)) {
      const saved = /saved from url=\(\d+\)(\S+)/i.exec(node.data);
      if (saved?.[1] && !hints.address) hints.address = { value: saved[1], line: lineOf(node.startIndex) };
      return;
    }
    if (isText(node)) {
      append(node.data, escapeInline(node.data), lineOf(node.startIndex));
      return;
    }
    if (!isTag(node)) return;
    const name = node.name;
    if (name === "head") return readHead(node);
    if (SKIPPED.has(name)) return;
    if (name === "br") return flush();
    if (name === "img") {
      flush();
      const src = node.attribs["src"] ?? "";
      if (src) blocks.push({ kind: "image", src, alt: trimLine(node.attribs["alt"] ?? node.attribs["title"] ?? ""), line: lineOf(node.startIndex) });
      return;
    }
    if (name === "a") {
      const href = (node.attribs["href"] ?? "").trim();
      const words = textOf(node).replace(/[ \t\n\r\f]+/g, " ");
      if (/^https?:\/\//i.test(href) && words.trim() && !containsImage(node)) {
        append(words, `[${escapeInline(words.trim())}](${markdownHref(href)})`, lineOf(node.startIndex));
        return;
      }
    }
    const isBlock = BLOCK.has(name);
    if (isBlock) flush();
    if (/^h[1-6]$/.test(name)) {
      heading = true;
      const title = trimLine(textOf(node).replace(/\s+/g, " "));
      if (name === "h1" && title && !hints.title) hints.title = { value: title, line: lineOf(node.startIndex) };
    }
    for (const child of node.children) walk(child);
    if (isBlock) flush();
  };

  const readHead = (head: Element) => {
    for (const child of head.children) {
      if (isComment(child)) walk(child);
      if (!isTag(child)) continue;
      if (child.name === "title" && !titleTag) {
        // "标题 - 网站名" / "标题_网站名": the part before the site's name.
        const title = trimLine(textOf(child).replace(/\s+/g, " ").split(/\s+[-|_–—]\s+|_|\|/)[0] ?? "");
        if (title) titleTag = { value: title, line: lineOf(child.startIndex) };
      }
      const rel = (child.attribs["rel"] ?? "").toLowerCase();
      const property = (child.attribs["property"] ?? "").toLowerCase();
      const address = child.name === "link" && rel === "canonical" ? child.attribs["href"] : child.name === "meta" && property === "og:url" ? child.attribs["content"] : undefined;
      if (address && /^https?:\/\//i.test(address) && !hints.address) hints.address = { value: address, line: lineOf(child.startIndex) };
    }
  };

  for (const node of document.children) walk(node);
  flush();
  hints.title ??= titleTag;
  return { blocks, hints };
}
