/**
 * Load-time work on the files an article carries: finds every image and file link in its body and
 * frontmatter, resolves each against the article's own file, reads sizes and image headers, and
 * reports what is wrong (missing file, no alt text, unreadable image, too large, two files on one
 * URL) as problems with the article, the line and the file. Nothing is encoded or copied here.
 */
import { readFileSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { activeSvgContent, incompleteImage, svgText } from "./integrity.ts";
import { loadSharp } from "./libvips.ts";
import type { Token } from "markdown-it";
import type { Problem } from "../content/problems.ts";
import { parseMarkdown } from "../markdown.ts";
import {
  ATTACHMENT_EXTENSIONS,
  COPIED_FORMATS,
  ENCODED_FORMATS,
  IMAGE_EXTENSIONS,
  extensionOf,
  isAttachmentPath,
  isImagePath,
  isLocalFileReference,
  isRemote,
  referenceKey,
  renditionName,
  sizeLabel,
  stripQueryAndHash,
} from "./kinds.ts";

interface SourceFile {
  /** Project-relative source path, for messages. */
  file: string;
  absolute: string;
  /** Path under the owner's URL folder, `/`-separated and not encoded: `photo.jpg`, `images/a.png`. */
  output: string;
  bytes: number;
  /** Last change (ms): npm start re-renders a page whose photo was replaced by one of the same size. */
  modified: number;
  /** The line of the owner's file that refers to it. */
  line: number;
}

export interface ImageFile extends SourceFile {
  kind: "image";
  /** sharp's format name: jpeg, png, webp, avif, tiff, gif, svg. */
  format: string;
  /** Displayed size, after EXIF rotation. */
  width: number;
  height: number;
  hasAlpha: boolean;
  /** More than one frame (an animated WebP or AVIF): published as it is, since encoding keeps only the first. */
  animated: boolean;
}

export interface AttachmentFile extends SourceFile {
  kind: "attachment";
}

export type LocalFile = ImageFile | AttachmentFile;

export interface ResolvedMedia {
  /** Body references by their key (see referenceKey): images and attachment links. */
  refs: Record<string, LocalFile>;
  /** The `cover` frontmatter image. */
  cover: { image: ImageFile; alt: string } | null;
  /** The first local image of the body, the cover's stand-in. */
  firstImage: { image: ImageFile; alt: string } | null;
  /** The `attachments` frontmatter list, in order. */
  attachments: { file: AttachmentFile; title: string }[];
}

export const NO_MEDIA: ResolvedMedia = Object.freeze({ refs: {}, cover: null, firstImage: null, attachments: [] });

/** The frontmatter values this module reads (validated in shape by the one schema). */
export interface MediaFrontmatter {
  cover?: { file: string; alt: string } | undefined;
  attachments?: { file: string; title?: string | undefined }[] | undefined;
}

/** One article or page, as the loader read it. */
export interface MediaOwner {
  /** Project-relative path of the Markdown file. */
  file: string;
  absolute: string;
  body: string;
  /** 1-based line of the body's first line in the file. */
  bodyStartLine: number;
  /** Raw frontmatter text and its first line, to point at the `cover` / `attachments` lines. */
  frontmatter: string;
  frontmatterStartLine: number;
  data: MediaFrontmatter;
}

export interface MediaLimits {
  imageMB: number;
  attachmentMB: number;
  /** The longest URL segment (and so file name) in bytes, site.json limits.segmentBytes. */
  segmentBytes: number;
}

export interface MediaContext {
  rootDir: string;
  contentDir: string;
  limits: MediaLimits;
}

/** A reference as it appears in a body: where, what was written, and what it was written for. */
interface BodyReference {
  line: number;
  target: string;
  kind: "image" | "link";
  alt: string;
}

/** Images and links of a body with their file lines, in document order. */
export function bodyReferences(body: string, bodyStartLine: number): BodyReference[] {
  // Cheap test first: without `](` or `]:` a body has no image or link to resolve.
  if (!body.includes("](") && !body.includes("]:")) return [];
  const found: BodyReference[] = [];
  const walk = (tokens: readonly Token[], blockLine: number) => {
    let breaks = 0;
    for (const token of tokens) {
      const line = token.map ? bodyStartLine + token.map[0] : blockLine + breaks;
      if (token.type === "softbreak" || token.type === "hardbreak") breaks += 1;
      if (token.type === "image") {
        found.push({ line, kind: "image", target: String(token.attrGet("src") ?? ""), alt: altText(token.children ?? []) });
      } else if (token.type === "link_open") {
        found.push({ line, kind: "link", target: String(token.attrGet("href") ?? ""), alt: "" });
      }
      if (token.children) walk(token.children, line);
    }
  };
  walk(parseMarkdown(body), bodyStartLine);
  return found;
}

function altText(children: readonly Token[]): string {
  return children.map((child) => (child.children ? altText(child.children) : child.type === "text" || child.type === "code_inline" ? child.content : "")).join("").trim();
}

type Check = { ok: true; file: LocalFile } | { ok: false; message: string; fix: string };

const KINDS_FIX = `link one of: ${[...ATTACHMENT_EXTENSIONS].join(", ")}; show images as ${[...IMAGE_EXTENSIONS].join(", ")}`;

/**
 * Resolves and checks files for every owner. Sources shared by several articles are read once.
 * Returns the media of each owner (in the same order) and every problem found.
 */
export async function resolveMedia(owners: readonly MediaOwner[], context: MediaContext): Promise<{ media: ResolvedMedia[]; problems: Problem[] }> {
  const probe = createProbe(context);
  const problems: Problem[] = [];
  const media: ResolvedMedia[] = [];
  for (const owner of owners) {
    const result = await resolveOwner(owner, probe, context);
    media.push(result.media);
    problems.push(...result.problems);
  }
  return { media, problems };
}

async function resolveOwner(owner: MediaOwner, probe: Probe, context: MediaContext): Promise<{ media: ResolvedMedia; problems: Problem[] }> {
  const problems: Problem[] = [];
  const problem = (line: number, field: string, message: string, fix: string, severity: Problem["severity"] = "error") =>
    problems.push({ severity, file: owner.file, line, field, message, fix });
  const ownerDir = path.dirname(owner.absolute);
  const refs: Record<string, LocalFile> = {};
  let firstImage: ResolvedMedia["firstImage"] = null;

  for (const reference of bodyReferences(owner.body, owner.bodyStartLine)) {
    const field = reference.kind === "image" ? "image" : "attachment";
    if (reference.kind === "image" && !reference.alt) {
      problem(reference.line, "image", `"${shown(reference.target)}" has no alt text`, "describe the photo between the brackets: ![会议现场](photo.jpg)");
    }
    if (isRemote(reference.target)) {
      if (reference.kind === "image") {
        problem(
          reference.line,
          "image",
          `"${shown(reference.target)}" is loaded from another site, which may remove it or refuse it to our readers`,
          "save the photo beside the article and write its file name instead",
          "warning",
        );
      }
      continue;
    }
    if (!isLocalFileReference(reference.target)) {
      const unpublished = unpublishedFileMessage(reference.target);
      if (unpublished) problem(reference.line, field, unpublished.message, unpublished.fix);
      continue;
    }
    const wanted = reference.kind === "image" ? "image" : isImagePath(stripQueryAndHash(reference.target)) ? "image" : "attachment";
    if (reference.kind === "image" && !isImagePath(stripQueryAndHash(reference.target))) {
      problem(reference.line, "image", `"${shown(reference.target)}" is not an image file`, `show images as ${[...IMAGE_EXTENSIONS].join(", ")}; link other files with [title](file)`);
      continue;
    }
    const checked = await probe(ownerDir, referenceKey(reference.target), wanted, reference.line);
    if (!checked.ok) {
      problem(reference.line, field, checked.message, checked.fix);
      continue;
    }
    refs[referenceKey(reference.target)] = checked.file;
    if (!firstImage && checked.file.kind === "image" && reference.kind === "image") firstImage = { image: checked.file, alt: reference.alt };
  }

  let cover: ResolvedMedia["cover"] = null;
  if (owner.data.cover) {
    const line = lineOf(owner, "cover", owner.data.cover.file);
    if (isRemote(owner.data.cover.file) || !isLocalFileReference(owner.data.cover.file) || !isImagePath(owner.data.cover.file)) {
      problem(line, "cover", `"${shown(owner.data.cover.file)}" is not an image file beside the article`, "save the photo beside the article and write cover: { file: photo.jpg, alt: 说明 }");
    } else {
      const checked = await probe(ownerDir, referenceKey(owner.data.cover.file), "image", line);
      if (!checked.ok) problem(line, "cover", checked.message, checked.fix);
      else if (checked.file.kind === "image") cover = { image: checked.file, alt: owner.data.cover.alt };
    }
  }

  const attachments: ResolvedMedia["attachments"] = [];
  for (const entry of owner.data.attachments ?? []) {
    const line = lineOf(owner, "attachments", entry.file);
    if (!isLocalFileReference(entry.file) || !isAttachmentPath(entry.file)) {
      problem(line, "attachments", `"${shown(entry.file)}" is not an attachment file beside the article`, `list files of these kinds: ${[...ATTACHMENT_EXTENSIONS].join(", ")}`);
      continue;
    }
    const checked = await probe(ownerDir, referenceKey(entry.file), "attachment", line);
    if (!checked.ok) problem(line, "attachments", checked.message, checked.fix);
    else if (checked.file.kind === "attachment") attachments.push({ file: checked.file, title: entry.title ?? path.posix.basename(checked.file.output) });
  }

  return { media: { refs, cover, firstImage, attachments }, problems };
}

/** A relative link to a file this site does not publish (`.md`, `.exe`, a bare `www.gov.cn`). */
function unpublishedFileMessage(target: string): { message: string; fix: string } | undefined {
  const trimmed = stripQueryAndHash(target.trim());
  if (!trimmed || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith("/") || trimmed.startsWith("#")) return undefined;
  const extension = extensionOf(trimmed);
  if (!extension || extension === "html" || extension === "htm" || trimmed.endsWith("/")) return undefined;
  if (extension === "md") return { message: `"${shown(target)}" links to a Markdown file, which is not published`, fix: "link the article's page instead, e.g. /dangfeng/its-slug/" };
  return {
    message: `"${shown(target)}" is neither a page of this site nor a kind of file it publishes`,
    fix: `write https:// before a web address; ${KINDS_FIX}`,
  };
}

function shown(reference: string): string {
  return referenceKey(reference) || reference;
}

/** The line of a frontmatter key, or of the list item naming `value` below it. */
function lineOf(owner: MediaOwner, key: string, value: string): number {
  const lines = owner.frontmatter.split("\n");
  const keyIndex = lines.findIndex((line) => line.startsWith(`${key}:`));
  if (keyIndex < 0) return Math.max(1, owner.frontmatterStartLine - 1);
  const valueIndex = lines.findIndex((line, index) => index >= keyIndex && line.includes(value));
  return owner.frontmatterStartLine + (valueIndex >= 0 ? valueIndex : keyIndex);
}

type Probe = (ownerDir: string, key: string, wanted: "image" | "attachment", line: number) => Promise<Check>;

interface ImageHeader {
  ok: true;
  format: string;
  width: number;
  height: number;
  hasAlpha: boolean;
  animated: boolean;
}

/** Reads each source once, however many articles refer to it. */
function createProbe(context: MediaContext): Probe {
  const headers = new Map<string, Promise<ImageHeader | { ok: false; message: string }>>();
  const readHeader = (absolute: string, size: number) => {
    let pending = headers.get(absolute);
    if (!pending) {
      pending = imageHeader(absolute, size);
      headers.set(absolute, pending);
    }
    return pending;
  };
  const contentRoot = path.resolve(context.contentDir);
  const contentRealPath = realpath(contentRoot).catch(() => contentRoot);

  return async (ownerDir, key, wanted, line) => {
    const absolute = path.resolve(ownerDir, key);
    const file = path.relative(context.rootDir, absolute).split(path.sep).join("/");
    const inside = absolute.startsWith(contentRoot + path.sep);
    if (!inside || path.isAbsolute(key) || /^[a-z]:/i.test(key)) {
      return { ok: false, message: `"${key}" points outside the content folder`, fix: "keep the file beside the article and write its name" };
    }
    let size: number;
    let modified: number;
    try {
      const info = await stat(absolute);
      if (!info.isFile()) return { ok: false, message: `"${key}" is a folder, not a file (${file})`, fix: "write the file's name inside that folder" };
      size = info.size;
      modified = info.mtimeMs;
      // A link (symlink) inside the content folder must not publish a file from elsewhere on the machine.
      if (!(await realpath(absolute)).startsWith((await contentRealPath) + path.sep)) {
        return { ok: false, message: `"${key}" is a link to a file outside the content folder`, fix: "copy the file itself beside the article" };
      }
    } catch {
      return { ok: false, message: `"${key}" does not exist (looked for ${file})`, fix: "put the file beside the article, or correct the name (upper/lower case counts)" };
    }
    const output = outputName(ownerDir, absolute);
    if (wanted === "attachment") {
      const named = outputNameProblem(key, output, false, context.limits.segmentBytes);
      if (named) return named;
      const limit = context.limits.attachmentMB * 1024 * 1024;
      if (size > limit) return { ok: false, message: `"${key}" is ${sizeLabel(size)}, over the ${context.limits.attachmentMB} MB limit for attachments (${file})`, fix: "compress it or split it, or raise limits.attachmentMB in site.json" };
      return { ok: true, file: { kind: "attachment", file, absolute, output, bytes: size, modified, line } };
    }
    const limit = context.limits.imageMB * 1024 * 1024;
    if (size > limit) return { ok: false, message: `"${key}" is ${sizeLabel(size)}, over the ${context.limits.imageMB} MB limit for images (${file})`, fix: "export it smaller (3000 px wide is plenty), or raise limits.imageMB in site.json" };
    const header = await readHeader(absolute, size);
    if (!header.ok) return { ok: false, message: `"${key}" cannot be read as an image: ${header.message} (${file})`, fix: "open it in an image editor and save it again as JPEG or PNG" };
    // Copied formats keep their name; encoded ones get -<width>w.<format> added.
    const named = outputNameProblem(key, output, !COPIED_FORMATS.has(header.format) && !header.animated, context.limits.segmentBytes);
    if (named) return named;
    return { ok: true, file: { kind: "image", file, absolute, output, bytes: size, modified, line, format: header.format, width: header.width, height: header.height, hasAlpha: header.hasAlpha, animated: header.animated } };
  };
}

/** Where a source lands under its owner's URL: its path below the owner's folder, else its name. */
function outputName(ownerDir: string, absolute: string): string {
  const relative = path.relative(ownerDir, absolute);
  const inside = !relative.startsWith("..") && !path.isAbsolute(relative);
  return inside ? relative.split(path.sep).join("/") : path.basename(absolute);
}

/**
 * A published name readers could not fetch: a segment starting with a dot (web servers, the
 * bundled nginx configuration among them, hide such files), or one longer than a URL segment may
 * be, counting the width and format an encoded photo's copies add to its name.
 */
function outputNameProblem(key: string, output: string, encoded: boolean, segmentBytes: number): { ok: false; message: string; fix: string } | undefined {
  const published = encoded ? [output, renditionName(output, 9999, "webp")] : [output];
  const hidden = output.split("/").find((segment) => segment.startsWith("."));
  if (hidden) return { ok: false, message: `"${key}" is published as ${hidden}, a name starting with a dot, which web servers hide from readers`, fix: "rename it (or its folder) without the leading dot" };
  for (const name of published) {
    const long = name.split("/").find((segment) => Buffer.byteLength(segment) > segmentBytes);
    if (long) return { ok: false, message: `"${key}" makes a file name of ${Buffer.byteLength(long)} bytes${name === output ? "" : " with the width and format its encoded copies add"}, over the limit of ${segmentBytes}`, fix: "give the file a shorter name" };
  }
  return undefined;
}

/** Whether libvips decodes the whole image without meeting its end early (a small copy, so a big photo costs little). */
async function decodesWhole(absolute: string): Promise<boolean> {
  try {
    await (await loadSharp())(absolute, { failOn: "truncated", animated: true }).resize({ width: 64, withoutEnlargement: true }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

async function imageHeader(absolute: string, size: number): Promise<ImageHeader | { ok: false; message: string }> {
  try {
    const meta = await (await loadSharp())(absolute).metadata();
    const format = meta.format === "heif" && meta.compression === "av1" ? "avif" : (meta.format ?? "");
    if (meta.format === "heif" && meta.compression !== "av1") return { ok: false, message: "it is HEIC, which browsers and this build cannot show" };
    if (!ENCODED_FORMATS.has(format) && !COPIED_FORMATS.has(format)) return { ok: false, message: `its format (${format || "unknown"}) is not one browsers show` };
    if (!meta.width || !meta.height) return { ok: false, message: "it has no width or height" };
    const incomplete = await incompleteImage(absolute, meta.format ?? "", size, decodesWhole);
    if (incomplete) return { ok: false, message: incomplete };
    if (format === "svg") {
      const active = activeSvgContent(svgText(readFileSync(absolute)));
      if (active) return { ok: false, message: `the SVG holds ${active}, which would run on the portal's own address when the file is opened` };
    }
    // EXIF orientations 5-8 turn the picture a quarter: the shown width is the stored height.
    const turned = (meta.orientation ?? 1) >= 5;
    const animated = (meta.pages ?? 1) > 1 && (format === "webp" || format === "avif");
    return { ok: true, format, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height, hasAlpha: meta.hasAlpha ?? false, animated };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Input file /, "the file ") : String(error);
    return { ok: false, message };
  }
}
