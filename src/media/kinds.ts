/**
 * What kinds of files an article may carry, how their sizes and types are shown to readers,
 * and how their paths become URLs. Pure functions, shared by validation, rendering and publishing.
 */

/** Attachments: copied as they are and shown with their type and size. */
export const ATTACHMENT_EXTENSIONS: ReadonlySet<string> = new Set([
  "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "ofd", "zip", "rar", "txt",
]);

/** Images an article may show; the raster ones are re-encoded in production builds. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(["jpg", "jpeg", "png", "webp", "avif", "gif", "svg", "tif", "tiff"]);

/** sharp's names for the formats that are resized and re-encoded; GIF (animation) and SVG are copied. */
export const ENCODED_FORMATS: ReadonlySet<string> = new Set(["jpeg", "png", "webp", "avif", "tiff"]);
/** Formats that are copied as they are: browsers show them everywhere and resizing would lose something. */
export const COPIED_FORMATS: ReadonlySet<string> = new Set(["gif", "svg"]);

const MIME: Readonly<Record<string, string>> = {
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  wps: "application/vnd.ms-works",
  ofd: "application/ofd",
  zip: "application/zip",
  rar: "application/vnd.rar",
  txt: "text/plain",
};

/** The lowercase extension of a path, without the dot ("" when none). */
export function extensionOf(filePath: string): string {
  const name = filePath.slice(filePath.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export function isAttachmentPath(filePath: string): boolean {
  return ATTACHMENT_EXTENSIONS.has(extensionOf(filePath));
}

export function isImagePath(filePath: string): boolean {
  return IMAGE_EXTENSIONS.has(extensionOf(filePath));
}

/** `PDF`, `DOCX`, `OFD`: the type as readers of government sites expect to see it. */
export function typeLabel(filePath: string): string {
  return extensionOf(filePath).toUpperCase();
}

export function mimeType(filePath: string): string {
  return MIME[extensionOf(filePath)] ?? "application/octet-stream";
}

/** `235 KB`, `1.4 MB`, `512 B`: sizes as the portals print them (1 KB = 1024 bytes). */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function isRemote(reference: string): boolean {
  return /^(https?:)?\/\//i.test(reference.trim());
}

/**
 * A reference to a file beside the article: relative, no scheme, no query, naming an image or an
 * attachment. Links to pages (`../other/`, `/about/`) are not files.
 */
export function isLocalFileReference(reference: string): boolean {
  const trimmed = reference.trim();
  if (!trimmed || SCHEME.test(trimmed) || trimmed.startsWith("/") || trimmed.startsWith("#") || trimmed.startsWith("\\")) return false;
  const pathPart = stripQueryAndHash(trimmed);
  return isImagePath(pathPart) || isAttachmentPath(pathPart);
}

export function stripQueryAndHash(reference: string): string {
  return reference.replace(/[?#].*$/, "");
}

/**
 * The key under which a reference is looked up: as the editor wrote it, percent-decoded (Markdown
 * encodes `会议.jpg` as `%E4%BC%9A%E8%AE%AE.jpg`) and without a leading `./`.
 */
export function referenceKey(reference: string): string {
  let decoded = stripQueryAndHash(reference.trim());
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A lone % stays as written.
  }
  return decoded.replace(/^(\.\/)+/, "");
}

/** A site-root path with each segment percent-encoded, safe inside `src`, `href` and `srcset`. */
export function encodePath(sitePath: string): string {
  return sitePath
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/** `photo.jpg` + 800 + jpeg → `photo-800w.jpg`; `images/a.png` + 480 + webp → `images/a-480w.webp`. */
export function renditionName(outputName: string, width: number, format: string): string {
  const dot = outputName.lastIndexOf(".");
  const stem = dot > outputName.lastIndexOf("/") ? outputName.slice(0, dot) : outputName;
  return `${stem}-${width}w.${format === "jpeg" ? "jpg" : format}`;
}
