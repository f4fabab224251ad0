/**
 * The Markdown policy for editors' text: raw HTML is shown as text, never passed through;
 * only http(s), mailto, tel and relative links become links; external links get
 * rel="noopener noreferrer"; wide tables scroll on phones instead of breaking the layout;
 * footnotes are footnotes; table alignment is a class (the pages' CSP blocks inline styles);
 * body headings start at h2 (the title is the page's h1); and nothing an editor can type
 * disappears from the page without a trace.
 * Photos on a line of their own become figures (the Markdown title is the caption); the files an
 * article carries are printed through src/media (responsive pictures, attachment type and size).
 */
import MarkdownIt from "markdown-it";
import type { RendererRule, StateCore, Token } from "markdown-it";
import footnote from "markdown-it-footnote";
import type { EleventyConfig } from "./eleventy-types.ts";
import { isRemote, referenceKey } from "./media/kinds.ts";
import { figureHtml, fileMetaHtml, pictureHtml, remoteImageHtml } from "./media/render.ts";
import type { FileView, PictureView } from "./media/views.ts";
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

/** The files a body refers to, resolved by src/media, by reference key. */
export interface BodyMedia {
  pictures: Readonly<Record<string, PictureView>>;
  files: Readonly<Record<string, FileView>>;
}

/** What a render needs to know: the folder the site is hosted under, and the body's files. */
export interface RenderEnv {
  pathPrefix?: string;
  media?: BodyMedia;
  /** Feeds: the entry's absolute URL; every link and image becomes absolute against it. */
  absoluteBase?: string;
}

/** The env during one render: the caller's settings plus a count of photos printed so far. */
interface RenderState extends RenderEnv {
  photosShown: number;
}

function stateOf(env: unknown): RenderState {
  const state = (env ?? {}) as RenderState;
  if (typeof state.photosShown !== "number") state.photosShown = 0;
  return state;
}

/** `/contact/` written by an editor means the site's root, so it moves under the path prefix. */
function prefixRootPath(href: string, env: RenderEnv | undefined): string {
  const prefix = env?.pathPrefix ?? "/";
  return prefix !== "/" && href.startsWith("/") && !href.startsWith("//") ? withPrefix(href, prefix) : href;
}

/** A URL as printed: under the path prefix, and absolute in feeds. */
function publicUrl(href: string, env: RenderEnv | undefined): string {
  const prefixed = prefixRootPath(href, env);
  if (!env?.absoluteBase) return prefixed;
  try {
    return new URL(prefixed, env.absoluteBase).href;
  } catch {
    return prefixed;
  }
}

/**
 * A paragraph holding only images (and line breaks) is not text: its images become figures, so
 * they are centred and never take the paragraph's first-line indent.
 */
function markFigures(state: { tokens: Token[] }): void {
  const { tokens } = state;
  for (let index = 0; index + 2 < tokens.length; index += 1) {
    const open = tokens[index];
    const inline = tokens[index + 1];
    const close = tokens[index + 2];
    if (open?.type !== "paragraph_open" || inline?.type !== "inline" || close?.type !== "paragraph_close") continue;
    const children = inline.children ?? [];
    const images = children.filter((child) => child.type === "image");
    const onlyImages = children.every((child) => child.type === "image" || child.type === "softbreak" || child.type === "hardbreak" || (child.type === "text" && child.content.trim() === ""));
    if (images.length === 0 || !onlyImages) continue;
    open.hidden = true;
    close.hidden = true;
    for (const image of images) image.meta = { ...(image.meta as object | null), figure: true };
    inline.children = images;
  }
}

/** The link_open of a link_close (links do not nest). */
function openingLink(tokens: readonly Token[], closeIndex: number): Token | undefined {
  for (let index = closeIndex - 1; index >= 0; index -= 1) if (tokens[index]?.type === "link_open") return tokens[index];
  return undefined;
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
 * A footnote definition no reference points to would be dropped by markdown-it-footnote, and of
 * two definitions with one label the first: either stays where it was written, as the text the
 * editor typed (`[^2]: …`). Of two with one label the first is the footnote, as the first of two
 * link definitions is in CommonMark.
 */
function keepUnusedFootnotes(state: StateCore): void {
  const refs = (state.env as FootnoteEnv).footnotes?.refs ?? {};
  const tokens: Token[] = [];
  const defined = new Set<string>();
  // The `[^label]: ` an unused definition starts with, waiting for the definition's first text.
  let marker: Token | undefined;
  let unused = false;
  for (const token of state.tokens) {
    if (token.type === "footnote_reference_open") {
      const label = String((token.meta as { label?: string } | null)?.label ?? "");
      unused = (refs[`:${label}`] ?? -1) < 0 || defined.has(label);
      defined.add(label);
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

/**
 * markdown-it-footnote's `footnote_tail` (its 4.0 code) with one change: the footnotes' tokens are
 * appended in place instead of `state.tokens = state.tokens.concat(…)` per footnote, which copied
 * the whole token list once per footnote: 10,000 footnotes took 11 s, 30,000 (a 1 MB body) over
 * two minutes. Same tokens, in the same order.
 */
function linearFootnoteTail(state: StateCore): void {
  const env = state.env as { footnotes?: { list?: { label?: string; tokens?: Token[]; content?: string; count: number }[] } };
  if (!env.footnotes) return;
  const refTokens = new Map<string, Token[]>();
  let current: Token[] = [];
  let currentLabel = "";
  let insideRef = false;
  state.tokens = state.tokens.filter((token) => {
    if (token.type === "footnote_reference_open") {
      insideRef = true;
      current = [];
      currentLabel = String((token.meta as { label?: string } | null)?.label ?? "");
      return false;
    }
    if (token.type === "footnote_reference_close") {
      insideRef = false;
      refTokens.set(currentLabel, current);
      return false;
    }
    if (insideRef) current.push(token);
    return !insideRef;
  });
  const list = env.footnotes.list;
  if (!list) return;
  const out = state.tokens;
  out.push(new state.Token("footnote_block_open", "", 1));
  list.forEach((footnote, id) => {
    const open = new state.Token("footnote_open", "", 1);
    open.meta = { id, label: footnote.label };
    out.push(open);
    let tokens: Token[] | undefined;
    if (footnote.tokens) {
      const paragraphOpen = new state.Token("paragraph_open", "p", 1);
      paragraphOpen.block = true;
      const inline = new state.Token("inline", "", 0);
      inline.children = footnote.tokens;
      inline.content = footnote.content ?? "";
      const paragraphClose = new state.Token("paragraph_close", "p", -1);
      paragraphClose.block = true;
      tokens = [paragraphOpen, inline, paragraphClose];
    } else if (footnote.label) {
      tokens = refTokens.get(footnote.label);
    }
    for (const token of tokens ?? []) out.push(token);
    const lastParagraph = out[out.length - 1]?.type === "paragraph_close" ? out.pop() : undefined;
    const anchors = footnote.count > 0 ? footnote.count : 1;
    for (let subId = 0; subId < anchors; subId += 1) {
      const anchor = new state.Token("footnote_anchor", "", 0);
      anchor.meta = { id, subId, label: footnote.label };
      out.push(anchor);
    }
    if (lastParagraph) out.push(lastParagraph);
    out.push(new state.Token("footnote_close", "", -1));
  });
  out.push(new state.Token("footnote_block_close", "", -1));
}

export function createMarkdown(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = isSafeHref;
  md.use(footnote);
  md.core.ruler.at("footnote_tail", linearFootnoteTail);
  // A link definition (`[注]: 见某文件`) vanishes from the page when nothing refers to it; editors
  // write links inline (`[文字](https://…)`), so the line stays text instead.
  md.block.ruler.disable("reference");
  // Editors indent paragraphs with spaces (pasted from Word, or 首行缩进 typed by hand): four of
  // them must not turn a paragraph into a code block. Fenced code (```) still makes one.
  md.block.ruler.disable("code");
  md.core.ruler.after("block", "keep_extra_table_cells", keepExtraTableCells);
  md.core.ruler.before("footnote_tail", "keep_unused_footnotes", keepUnusedFootnotes);
  md.core.ruler.push("alignment_to_class", alignmentToClass);
  md.core.ruler.push("demote_top_headings", demoteTopHeadings);

  const renderToken: RendererRule = (tokens, index, options, _env, self) =>
    self.renderToken(tokens, index, options);

  md.core.ruler.push("figures", markFigures);

  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index];
    const state = stateOf(env);
    const href = String(token?.attrGet("href") ?? "");
    const file = state.media?.files[referenceKey(href)];
    if (token && file && !isExternal(href)) {
      token.attrSet("href", publicUrl(file.url, state));
      if (file.mime) token.attrSet("type", file.mime);
      token.meta = { ...(token.meta as object | null), file };
    } else if (token && isExternal(href)) token.attrSet("rel", "noopener noreferrer");
    else if (token) token.attrSet("href", publicUrl(href, state));
    return renderToken(tokens, index, options, env, self);
  };
  md.renderer.rules.link_close = (tokens, index, options, env, self) => {
    const file = (openingLink(tokens, index)?.meta as { file?: FileView } | null)?.file;
    return renderToken(tokens, index, options, env, self) + (file ? fileMetaHtml(file) : "");
  };
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (!token) return "";
    const state = stateOf(env);
    const src = String(token.attrGet("src") ?? "");
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const title = String(token.attrGet("title") ?? "");
    const figure = (token.meta as { figure?: boolean } | null)?.figure === true;
    const picture = isRemote(src) ? undefined : state.media?.pictures[referenceKey(src)];
    let html: string;
    if (picture) {
      html = pictureHtml(picture, { alt, eager: state.photosShown === 0, url: (path) => publicUrl(path, state), plain: state.absoluteBase !== undefined });
      state.photosShown += 1;
    } else if (isRemote(src)) {
      html = remoteImageHtml(publicUrl(src, state), alt, figure ? "" : title);
    } else {
      token.attrSet("src", publicUrl(src, state));
      token.attrSet("loading", "lazy");
      token.attrSet("decoding", "async");
      html = defaultImage ? defaultImage(tokens, index, options, env, self) : renderToken(tokens, index, options, env, self);
    }
    return figure ? figureHtml(html, title) : html;
  };
  md.renderer.rules.table_open = () => '<div class="table-scroll"><table>\n';
  md.renderer.rules.table_close = () => "</table></div>\n";
  return md;
}

const shared = createMarkdown();

/** Renders an article or page body to HTML under the policy above. */
export function renderMarkdown(source: string, env: RenderEnv = {}): string {
  const html = shared.render(source, { ...env, photosShown: 0 });
  // Feeds: footnote links (`#fn1`) point into the entry's page too.
  return env.absoluteBase ? html.replaceAll('href="#', `href="${env.absoluteBase.replace(/#.*$/, "").replace(/&/g, "&amp;").replace(/"/g, "&quot;")}#`) : html;
}

/** The token stream of a body, for checks that need its images and links with their lines. */
export function parseMarkdown(source: string): Token[] {
  return shared.parse(source, {});
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
