/**
 * A saved web page (a browser's "save page": the .html and its `_files` folder) read with a real
 * HTML parser (htmlparser2) into the same blocks as a copied text: one block per line a reader
 * sees, one per image. Scripts, styles and form controls are not text; links to other sites are
 * kept as Markdown links, links into the original site keep only their words.
 */
import { parseDocument } from "htmlparser2";
import { isComment, isTag, isText, type ChildNode, type Comment, type Element } from "domhandler";
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

/** What an element's subtree holds, as the walk asks of links and headings. */
interface Holds {
  /** An <img> below it (at any depth, hidden parts too: a link around a picture is the picture's). */
  image: boolean;
  /** Visible text other than spaces. */
  words: boolean;
  /** Visible text other than spaces and zero-width ones (what trimLine leaves). */
  meaningful: boolean;
}

const NOTHING: Holds = { image: false, words: false, meaningful: false };

/**
 * Holds of every element, in one pass from the leaves up. Without it each link and h1 would walk
 * its own subtree again, quadratic in the depth of links nested in links (through a <span>);
 * iterative, since saved pages can nest deeper than the call stack.
 */
function holdsOf(roots: readonly ChildNode[]): Map<Element, Holds> {
  const holds = new Map<Element, Holds>();
  const stack: { node: ChildNode; expanded: boolean }[] = roots.map((node) => ({ node, expanded: false }));
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (!isTag(top.node)) {
      stack.pop();
      continue;
    }
    const element = top.node;
    if (!top.expanded) {
      top.expanded = true;
      for (const child of element.children) if (isTag(child)) stack.push({ node: child, expanded: false });
      continue;
    }
    stack.pop();
    const mine: Holds = { image: false, words: false, meaningful: false };
    const visible = !SKIPPED.has(element.name);
    for (const child of element.children) {
      if (isText(child)) {
        if (!visible) continue;
        mine.words ||= /\S/.test(child.data);
        mine.meaningful ||= /[^\s\u200b]/.test(child.data);
      } else if (isTag(child)) {
        const below = holds.get(child) ?? NOTHING;
        mine.image ||= child.name === "img" || below.image;
        if (visible) {
          mine.words ||= below.words;
          mine.meaningful ||= below.meaningful;
        }
      }
    }
    holds.set(element, mine);
  }
  return holds;
}

/** The text a reader sees in a node, scripts and the like left out; iterative like holdsOf. */
function textOf(node: ChildNode): string {
  const parts: string[] = [];
  const stack: ChildNode[] = [node];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (isText(next)) parts.push(next.data);
    else if (isTag(next) && !SKIPPED.has(next.name)) for (let index = next.children.length - 1; index >= 0; index -= 1) stack.push(next.children[index]!);
  }
  return parts.join("");
}

/**
 * A link to another site as a Markdown link target that markdown-it reads back as exactly that
 * address, or undefined for links that keep only their words (links into the original site, and
 * addresses a browser cannot parse). The address is first read as a browser reads the href
 * (WHATWG: spaces and `<>` encoded, `\` a slash in the path, newlines dropped, the host in
 * ASCII); what markdown-it would percent-encode anyway is encoded here, so nothing in the target
 * can end it early or start another link (`)`, a space, `\`); parentheses are escaped rather than
 * encoded, and `&` before an entity name escaped, so the address stays the one the page linked.
 */
function linkTarget(raw: string): string | undefined {
  const href = raw.trim();
  if (!/^https?:\/\//i.test(href)) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  // markdown-it percent-encodes an IPv6 host's brackets, so such a link could only break.
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname.startsWith("[")) return undefined;
  return url.href
    .replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9;/?:@&=+$,\-_.!~*'()#%]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)
    .replace(/[()]|&(?=[a-z#][a-z0-9]{1,31};)/gi, "\\$&");
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

  const readComment = (node: Comment) => {
    const saved = /saved from url=\(\d+\)(\S+)/i.exec(node.data);
    if (saved?.[1] && !hints.address) hints.address = { value: saved[1], line: lineOf(node.startIndex) };
  };

  const holds = holdsOf(document.children);
  // The walk in document order with an explicit stack (a page nested 100,000 deep is still read):
  // a node, or the end of a block element, whose line is then complete.
  const END_OF_BLOCK = null;
  const stack: (ChildNode | typeof END_OF_BLOCK)[] = [];
  const pushChildren = (children: readonly ChildNode[]) => {
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
  };
  const visit = (node: ChildNode): void => {
    if (isComment(node)) return readComment(node);
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
    const holding = holds.get(node) ?? NOTHING;
    if (name === "a" && holding.words && !holding.image) {
      const target = linkTarget(node.attribs["href"] ?? "");
      if (target) {
        const words = textOf(node).replace(/[ \t\n\r\f]+/g, " ");
        append(words, `[${escapeInline(words.trim())}](${target})`, lineOf(node.startIndex));
        return;
      }
    }
    const isBlock = BLOCK.has(name);
    if (isBlock) flush();
    if (/^h[1-6]$/.test(name)) {
      heading = true;
      if (name === "h1" && !hints.title && holding.meaningful) hints.title = { value: trimLine(textOf(node).replace(/\s+/g, " ")), line: lineOf(node.startIndex) };
    }
    if (isBlock) stack.push(END_OF_BLOCK);
    pushChildren(node.children);
  };

  const readHead = (head: Element) => {
    for (const child of head.children) {
      if (isComment(child)) readComment(child);
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

  pushChildren(document.children);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next === END_OF_BLOCK) flush();
    else visit(next);
  }
  flush();
  hints.title ??= titleTag;
  return { blocks, hints };
}
