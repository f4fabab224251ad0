/**
 * The Markdown policy for editors' text: raw HTML is shown as text, never passed through;
 * only http(s), mailto, tel and relative links become links; external links get
 * rel="noopener noreferrer"; wide tables scroll on phones instead of breaking the layout;
 * footnotes are footnotes; table alignment is a class (the pages' CSP blocks inline styles);
 * body headings start at h2 (the title is the page's h1); and nothing an editor can type
 * disappears from the page without a trace.
 */
import MarkdownIt from "markdown-it";
import type { RendererRule, StateCore, Token } from "markdown-it";
import footnote from "markdown-it-footnote";
import type { EleventyConfig } from "./eleventy-types.ts";
import { withPrefix } from "./urls.ts";

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

/** True for links a reader may follow: http(s), mailto, tel, or relative to this site. */
export function isSafeHref(href: string): boolean {
  // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
  const compact = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const scheme = SCHEME.exec(compact);
  if (!scheme) return !compact.startsWith("\\") && !/^\/\\/.test(compact);
  return ALLOWED_SCHEMES.has((scheme[1] ?? "").toLowerCase());
}

function isExternal(href: string): boolean {
  return /^(https?:)?\/\//i.test(href);
}

/** What a render needs to know of the site: the folder it is hosted under. */
export interface RenderEnv {
  pathPrefix?: string;
}

/** `/contact/` written by an editor means the site's root, so it moves under the path prefix. */
function prefixRootPath(href: string, env: Record<string, unknown> | undefined): string {
  const prefix = typeof env?.["pathPrefix"] === "string" ? env["pathPrefix"] : "/";
  return prefix !== "/" && href.startsWith("/") && !href.startsWith("//") ? withPrefix(href, prefix) : href;
}

/** `text-align:center` from markdown-it's table rule → the class `align-center` (styled in site.css). */
function alignmentToClass(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== "th_open" && token.type !== "td_open") continue;
    const align = /text-align:\s*(left|center|right)/.exec(String(token.attrGet("style") ?? ""))?.[1];
    if (!align) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
    token.attrJoin("class", `align-${align}`);
  }
}

/** The page's title is its one h1: an editor's `# 标题` in the body becomes an h2. */
function demoteTopHeadings(state: StateCore): void {
  for (const token of state.tokens) {
    if ((token.type === "heading_open" || token.type === "heading_close") && token.tag === "h1") token.tag = "h2";
  }
}

/** Splits a table row on pipes that are not escaped, as markdown-it does. */
function tableCells(line: string): string[] {
  const cells = line
    .replace(/^(?:\s*>)*\s*/, "")
    .trim()
    .split(/(?<!\\)\|/);
  if (cells[0]?.trim() === "") cells.shift();
  if (cells.length > 0 && cells[cells.length - 1]?.trim() === "") cells.pop();
  return cells;
}

/**
 * markdown-it (like GFM) drops the cells of a row beyond the header's count; an editor's text
 * must not vanish, so they are kept in the row's last cell, separated by " | ".
 */
function keepExtraTableCells(state: StateCore): void {
  const lines = state.src.split("\n");
  const tokens = state.tokens;
  for (let index = 0; index < tokens.length; index += 1) {
    const row = tokens[index];
    if (row?.type !== "tr_open" || !row.map) continue;
    const cellInlines: Token[] = [];
    let cursor = index + 1;
    for (; cursor < tokens.length && tokens[cursor]?.type !== "tr_close"; cursor += 1) {
      const token = tokens[cursor];
      if (token?.type === "inline") cellInlines.push(token);
    }
    const cells = tableCells(lines[row.map[0]] ?? "");
    const last = cellInlines[cellInlines.length - 1];
    if (last && cells.length > cellInlines.length) {
      last.content = cells.slice(cellInlines.length - 1).map((cell) => cell.trim()).join(" | ");
    }
    index = cursor;
  }
}

interface FootnoteEnv {
  footnotes?: { refs?: Record<string, number> };
}

/**
 * A footnote definition no reference points to would be dropped by markdown-it-footnote: it stays
 * where it was written, as the text the editor typed (`[^2]: …`).
 */
function keepUnusedFootnotes(state: StateCore): void {
  const refs = (state.env as FootnoteEnv).footnotes?.refs ?? {};
  const tokens: Token[] = [];
  // The `[^label]: ` an unused definition starts with, waiting for the definition's first text.
  let marker: Token | undefined;
  let unused = false;
  for (const token of state.tokens) {
    if (token.type === "footnote_reference_open") {
      const label = String((token.meta as { label?: string } | null)?.label ?? "");
      unused = (refs[`:${label}`] ?? -1) < 0;
      if (unused) {
        marker = new state.Token("text", "", 0);
        marker.content = `[^${label}]: `;
        continue;
      }
    } else if (token.type === "footnote_reference_close" && unused) {
      unused = false;
      continue;
    } else if (marker && token.type === "inline") {
      token.children = [marker, ...(token.children ?? [])];
      marker = undefined;
    }
    tokens.push(token);
  }
  state.tokens = tokens;
}

export function createMarkdown(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = isSafeHref;
  md.use(footnote);
  // A link definition (`[注]: 见某文件`) vanishes from the page when nothing refers to it; editors
  // write links inline (`[文字](https://…)`), so the line stays text instead.
  md.block.ruler.disable("reference");
  md.core.ruler.after("block", "keep_extra_table_cells", keepExtraTableCells);
  md.core.ruler.before("footnote_tail", "keep_unused_footnotes", keepUnusedFootnotes);
  md.core.ruler.push("alignment_to_class", alignmentToClass);
  md.core.ruler.push("demote_top_headings", demoteTopHeadings);

  const renderToken: RendererRule = (tokens, index, options, _env, self) =>
    self.renderToken(tokens, index, options);

  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index];
    const href = String(token?.attrGet("href") ?? "");
    if (token && isExternal(href)) token.attrSet("rel", "noopener noreferrer");
    else if (token) token.attrSet("href", prefixRootPath(href, env));
    return renderToken(tokens, index, options, env, self);
  };
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index];
    token?.attrSet("src", prefixRootPath(String(token.attrGet("src") ?? ""), env));
    token?.attrSet("loading", "lazy");
    token?.attrSet("decoding", "async");
    return defaultImage ? defaultImage(tokens, index, options, env, self) : renderToken(tokens, index, options, env, self);
  };
  md.renderer.rules.table_open = () => '<div class="table-scroll"><table>\n';
  md.renderer.rules.table_close = () => "</table></div>\n";
  return md;
}

const shared = createMarkdown();

/** Renders an article or page body to HTML under the policy above. */
export function renderMarkdown(source: string, env: RenderEnv = {}): string {
  return shared.render(source, { ...env });
}

/** The plain text of the first paragraph, cut to `maxLength` characters (descriptions, listings). */
export function firstParagraphText(source: string, maxLength = 120): string {
  const tokens = shared.parse(source, {});
  for (let i = 0; i < tokens.length; i += 1) {
    if (tokens[i]?.type !== "paragraph_open") continue;
    const inline = tokens[i + 1];
    const text = (inline?.children ?? [])
      .filter((child: Token) => child.type === "text" || child.type === "code_inline")
      .map((child: Token) => child.content)
      .join("")
      .replace(/\s+/g, " ")
      .trim();
    if (text) return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
  }
  return "";
}

/** Registers the `markdown` filter templates use for bodies. */
export function markdownPlugin(eleventyConfig: EleventyConfig, options: RenderEnv): void {
  eleventyConfig.addFilter("markdown", (source: string) => renderMarkdown(source ?? "", options));
}
