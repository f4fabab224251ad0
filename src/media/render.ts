/**
 * HTML for an article's images and file links, as the Markdown renderer prints them. Every value
 * is escaped; URLs arrive as site-root paths and leave through `url()`, which adds the path prefix
 * (pages) or makes them absolute (feeds).
 */
import type { AttachmentView, Candidate, FileView, PictureView } from "./views.ts";

/** How a body photo is laid out: the text column, full width on phones (1rem margins each side). */
export const BODY_SIZES = "(min-width: 52rem) 50rem, calc(100vw - 2rem)";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function srcset(candidates: readonly Candidate[], url: (path: string) => string): string {
  return candidates.map((candidate) => `${url(candidate.url)} ${candidate.width}w`).join(", ");
}

export interface PictureOptions {
  alt: string;
  /** The first photo of a page loads at once; the rest load lazily and decode off the main thread. */
  eager: boolean;
  url: (path: string) => string;
  /** Feeds get one plain <img>: readers handle it best, and <picture> adds nothing there. */
  plain: boolean;
}

export function pictureHtml(picture: PictureView, options: PictureOptions): string {
  const loading = options.eager ? "" : ' loading="lazy" decoding="async"';
  const img = `<img src="${escapeHtml(options.url(picture.src))}" alt="${escapeHtml(options.alt)}" width="${picture.width}" height="${picture.height}"`;
  if (options.plain || picture.srcset.length === 0) return `${img}${options.plain ? "" : loading}>`;
  const sizes = escapeHtml(BODY_SIZES);
  const sources = picture.sources
    .map((source) => `<source type="${escapeHtml(source.type)}" srcset="${escapeHtml(srcset(source.srcset, options.url))}" sizes="${sizes}">`)
    .join("");
  return `<picture>${sources}${img} srcset="${escapeHtml(srcset(picture.srcset, options.url))}" sizes="${sizes}"${loading}></picture>`;
}

/** A photo on its own line: centred, with the Markdown title as its caption. */
export function figureHtml(inner: string, caption: string): string {
  return `<figure class="figure">${inner}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ""}</figure>\n`;
}

/** Remote images stay allowed, but never tell the other site which page shows them. */
export function remoteImageHtml(src: string, alt: string, title: string): string {
  const titleAttribute = title ? ` title="${escapeHtml(title)}"` : "";
  return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${titleAttribute} referrerpolicy="no-referrer" loading="lazy" decoding="async">`;
}

/** After a file link: `（PDF，235 KB）`. */
export function fileMetaHtml(file: FileView): string {
  return file.mime ? `<span class="file-meta">（${escapeHtml(file.type)}，${escapeHtml(file.size)}）</span>` : "";
}

/** The 附件 block at the end of an article: `附件：1. 关于…的通知.pdf（PDF，235 KB）`. */
export function attachmentsHtml(attachments: readonly AttachmentView[], url: (path: string) => string): string {
  if (attachments.length === 0) return "";
  const items = attachments
    .map((file) => `<li><a href="${escapeHtml(url(file.url))}" type="${escapeHtml(file.mime)}">${escapeHtml(file.title)}</a>${fileMetaHtml(file)}</li>`)
    .join("");
  return `<div class="attachments"><p>附件：</p><ol>${items}</ol></div>\n`;
}
