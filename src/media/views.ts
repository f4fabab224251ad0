/**
 * What pages show of an article's files, and what has to be written for them. Production shows
 * resized WebP with a JPEG (or PNG, for transparent images) fallback; development (npm start)
 * shows the originals, so editing never waits on encoding. URLs are site-root paths below the
 * article's own URL, percent-encoded; the path prefix is added where they are printed.
 */
import Image from "@11ty/eleventy-img";
import type { BuildMode } from "../options.ts";
import { COPIED_FORMATS, encodePath, mimeType, renditionName, sizeLabel, typeLabel } from "./kinds.ts";
import type { AttachmentFile, ImageFile, LocalFile, ResolvedMedia } from "./resolve.ts";

/**
 * Widths of body photos: the text column is at most 50rem (900 CSS px, 1050 with 字号 大), so
 * 1200 covers it and 2× phones; wider sources are never published at full size.
 */
export const BODY_WIDTHS: readonly number[] = [480, 800, 1200];
/** Widths of list thumbnails (shown 9rem wide); 480 is shared with the body set. */
export const THUMB_WIDTHS: readonly number[] = [240, 480];
/**
 * The modern format offered before the fallback. AVIF was measured at about 7× WebP's encode time
 * for a further 40-50% smaller file (README, "Photos"); WebP keeps warm and cold builds short.
 */
export const MODERN_FORMAT = "webp";
/** eleventy-img's rule for dropping a width too close to the original (its default). */
const MINIMUM_THRESHOLD = 1.25;

export interface Candidate {
  url: string;
  width: number;
}

/** A `<picture>` ready to print: `sources` are the modern formats, `src`/`srcset` the fallback. */
export interface PictureView {
  src: string;
  width: number;
  height: number;
  srcset: Candidate[];
  sources: { type: string; srcset: Candidate[] }[];
}

export interface FileView {
  url: string;
  /** The file's name as published, e.g. 关于开展廉政教育月活动的通知.pdf */
  name: string;
  /** PDF, DOCX, … */
  type: string;
  /** 235 KB */
  size: string;
  mime: string;
}

export interface AttachmentView extends FileView {
  title: string;
}

/** The article's image in lists, og:image and JSON-LD: its cover, else its first photo. */
export interface LeadImage {
  alt: string;
  thumbnail: PictureView;
  /** The largest fallback rendition (JPEG in production), for og:image and JSON-LD. */
  shareUrl: string;
  shareWidth: number;
  shareHeight: number;
}

/** One file to write below the page's folder: copied, or encoded from a source (through the cache). */
export type PublishJob =
  /** `stamp`: the source's last change, development only, so a replaced file re-renders its page. */
  | { kind: "copy"; from: string; to: string; stamp?: number }
  | { kind: "encode"; from: string; to: string; width: number; format: string };

export interface MediaView {
  /** Body images by reference key. */
  pictures: Record<string, PictureView>;
  /** Body file links by reference key (attachments, and links to images). */
  files: Record<string, FileView>;
  lead: LeadImage | null;
  attachments: AttachmentView[];
  /** Everything this article's page must have beside it. */
  jobs: PublishJob[];
}

export const EMPTY_MEDIA_VIEW: MediaView = Object.freeze({ pictures: {}, files: {}, lead: null, attachments: [], jobs: [] });

/** The widths eleventy-img will produce for a source of this width (never upscaled). */
export function validWidths(sourceWidth: number, wanted: readonly number[]): number[] {
  return Image.getWidths(sourceWidth, [...wanted], false, MINIMUM_THRESHOLD);
}

function isEncoded(image: ImageFile): boolean {
  return !COPIED_FORMATS.has(image.format) && !image.animated;
}

function fallbackFormat(image: ImageFile): string {
  return image.hasAlpha ? "png" : "jpeg";
}

const MIME_OF_FORMAT: Readonly<Record<string, string>> = { webp: "image/webp", avif: "image/avif", jpeg: "image/jpeg", png: "image/png" };

/** Builds the view of an article's files for one mode, below the article's URL (`/jiceng/slug/`). */
export function mediaView(media: ResolvedMedia, ownerUrl: string, mode: BuildMode): MediaView {
  return buildView(media, ownerUrl, mode).view;
}

/** The view, and every job asked for on the way (two sources may ask for one output: a clash). */
function buildView(media: ResolvedMedia, ownerUrl: string, mode: BuildMode): { view: MediaView; asked: PublishJob[] } {
  if (Object.keys(media.refs).length === 0 && !media.cover && media.attachments.length === 0) return { view: EMPTY_MEDIA_VIEW, asked: [] };
  const jobs = new Map<string, PublishJob>();
  const asked: PublishJob[] = [];
  const addJob = (job: PublishJob) => {
    asked.push(job);
    if (!jobs.has(job.to)) jobs.set(job.to, job);
  };
  const urlOf = (output: string) => ownerUrl + encodePath(output);
  const copy = (file: LocalFile) => addJob({ kind: "copy", from: file.absolute, to: file.output, ...(mode === "development" ? { stamp: file.modified } : {}) });

  const picture = (image: ImageFile, widths: readonly number[]): PictureView => {
    if (mode === "development" || !isEncoded(image)) {
      copy(image);
      return { src: urlOf(image.output), width: image.width, height: image.height, srcset: [], sources: [] };
    }
    const sizes = validWidths(image.width, widths).map((width) => ({ width, height: Math.floor((width * image.height) / image.width) }));
    const candidates = (format: string) =>
      sizes.map(({ width }) => {
        const to = renditionName(image.output, width, format);
        addJob({ kind: "encode", from: image.absolute, to, width, format });
        return { url: urlOf(to), width };
      });
    const fallback = candidates(fallbackFormat(image));
    const modern = candidates(MODERN_FORMAT);
    const largest = sizes[sizes.length - 1] ?? { width: image.width, height: image.height };
    return {
      src: fallback[fallback.length - 1]?.url ?? urlOf(image.output),
      width: largest.width,
      height: largest.height,
      srcset: fallback,
      sources: [{ type: MIME_OF_FORMAT[MODERN_FORMAT] ?? "image/webp", srcset: modern }],
    };
  };
  const fileView = (file: AttachmentFile): FileView => {
    copy(file);
    return { url: urlOf(file.output), name: file.output.slice(file.output.lastIndexOf("/") + 1), type: typeLabel(file.output), size: sizeLabel(file.bytes), mime: mimeType(file.output) };
  };
  /** A link to an image opens its largest published version. */
  const imageLink = (image: ImageFile): FileView => {
    const shown = picture(image, BODY_WIDTHS);
    return { url: shown.src, name: image.output.slice(image.output.lastIndexOf("/") + 1), type: typeLabel(image.output), size: sizeLabel(image.bytes), mime: "" };
  };

  const pictures: Record<string, PictureView> = {};
  const files: Record<string, FileView> = {};
  for (const [key, file] of Object.entries(media.refs) as [string, LocalFile][]) {
    if (file.kind === "attachment") files[key] = fileView(file);
    else {
      pictures[key] = picture(file, BODY_WIDTHS);
      files[key] = imageLink(file);
    }
  }

  const leadSource = media.cover ?? media.firstImage;
  let lead: LeadImage | null = null;
  if (leadSource) {
    // Shared (og:image, JSON-LD) at the largest body width only: a cover outside the body needs no more.
    const share = picture(leadSource.image, validWidths(leadSource.image.width, BODY_WIDTHS).slice(-1));
    lead = { alt: leadSource.alt, thumbnail: picture(leadSource.image, THUMB_WIDTHS), shareUrl: share.src, shareWidth: share.width, shareHeight: share.height };
  }
  const attachments = media.attachments.map(({ file, title }) => ({ ...fileView(file), title }));
  const view = { pictures, files, lead, attachments, jobs: [...jobs.values()].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0)) };
  return { view, asked };
}

/** Every path a view writes below its owner's URL (for the clash check), in both modes. */
export function publishedPaths(media: ResolvedMedia, ownerUrl: string): { path: string; source: string }[] {
  return (["production", "development"] as const).flatMap((mode) => buildView(media, ownerUrl, mode).asked.map((job) => ({ path: ownerUrl + job.to, source: job.from })));
}
