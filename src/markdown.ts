/**
 * The Markdown policy for editors' text: raw HTML is shown as text, never passed through;
 * only http(s), mailto, tel and relative links become links; external links get
 * rel="noopener noreferrer"; wide tables scroll on phones instead of breaking the layout.
 */
import MarkdownIt from "markdown-it";
import type { RendererRule, Token } from "markdown-it";
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

export function createMarkdown(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = isSafeHref;

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
