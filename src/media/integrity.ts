/**
 * Two checks on an image before it is published, both cheap enough for every check and build:
 *
 * - Whole files only. A photo cut short by an interrupted upload or copy still has a readable
 *   header, and libvips decodes it with the missing part grey (or a GIF shows half of itself), so
 *   each format's own end is looked for: JPEG's EOI marker, PNG's IEND chunk, the RIFF size of
 *   WebP, GIF's trailer byte, the box sizes of AVIF/HEIF and `</svg>`. Usually only the last bytes
 *   are read; the whole file only when something follows the end (a camera's trailer, padding).
 * - No live content in SVG. An SVG is published as it is, and opened at its own address it is a
 *   document of the portal's origin: a script or an event attribute in it would run there (object
 *   storage and GitHub Pages send no Content-Security-Policy to stop it).
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";

const TAIL_BYTES = 64;

function readTail(absolute: string, size: number, count: number): Buffer {
  const fd = openSync(absolute, "r");
  try {
    const length = Math.min(count, size);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer;
  } finally {
    closeSync(fd);
  }
}

function readHead(absolute: string, count: number): Buffer {
  const fd = openSync(absolute, "r");
  try {
    const buffer = Buffer.alloc(count);
    const read = readSync(fd, buffer, 0, count, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Whether the JPEG stream reaches its EOI marker: markers walked, entropy-coded data skipped. */
export function jpegIsComplete(bytes: Buffer): boolean {
  let at = 2; // after SOI
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1] as number;
    if (marker === 0xd9) return true;
    // Fill bytes, and markers without a length (TEM, RSTn).
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (at + 3 >= bytes.length) return false;
    const length = bytes.readUInt16BE(at + 2);
    at += 2 + length;
    if (marker !== 0xda) continue;
    // After a scan header: entropy-coded data up to the next marker that is not a stuffed 0xFF00 or a restart.
    for (;;) {
      const next = bytes.indexOf(0xff, at);
      if (next < 0 || next + 1 >= bytes.length) return false;
      const following = bytes[next + 1] as number;
      if (following === 0x00 || (following >= 0xd0 && following <= 0xd7) || following === 0xff) {
        at = next + (following === 0xff ? 1 : 2);
        continue;
      }
      at = next;
      break;
    }
  }
  return false;
}

const PNG_IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Whether the PNG's chunks, walked from the signature, reach IEND within the file. */
export function pngIsComplete(bytes: Buffer): boolean {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString("latin1", at + 4, at + 8) === "IEND") return true;
    at += 12 + length;
  }
  return false;
}

/** Whether the ISO base media file's top-level boxes (AVIF, HEIF) fit the file exactly. */
function boxesFit(absolute: string, size: number): boolean {
  const fd = openSync(absolute, "r");
  try {
    const header = Buffer.alloc(16);
    let at = 0;
    while (at < size) {
      const read = readSync(fd, header, 0, 16, at);
      if (read < 8) return false;
      const small = header.readUInt32BE(0);
      const boxSize = small === 1 ? (read < 16 ? Number.NaN : Number(header.readBigUInt64BE(8))) : small === 0 ? size - at : small;
      if (!Number.isFinite(boxSize) || boxSize < 8) return false;
      at += boxSize;
    }
    return at === size;
  } finally {
    closeSync(fd);
  }
}

/**
 * Why the image file at `absolute` (of sharp's `format`, `size` bytes) is not whole, or undefined
 * when it ends as its format says. Formats without a simple end (TIFF) are left to the encoder,
 * which refuses a truncated file. The cheap look is only a first test: a file it doubts (a JPEG
 * with stray bytes and a trailer, a GIF with a line break after its trailer, an AVIF with padding)
 * is decoded in full by libvips, told to fail on a cut file, and refused only if that fails too.
 */
export async function incompleteImage(absolute: string, format: string, size: number, decodesWhole: (absolute: string) => Promise<boolean>): Promise<string | undefined> {
  const doubt = cheapEndCheck(absolute, format, size);
  if (doubt === undefined) return undefined;
  return (await decodesWhole(absolute)) ? undefined : doubt;
}

function cheapEndCheck(absolute: string, format: string, size: number): string | undefined {
  const cut = "the file is cut short (an upload or copy that did not finish)";
  switch (format) {
    case "jpeg": {
      const tail = readTail(absolute, size, 2);
      if (tail[0] === 0xff && tail[1] === 0xd9) return undefined;
      return jpegIsComplete(readFileSync(absolute)) ? undefined : `${cut}: the JPEG has no end marker`;
    }
    case "png": {
      if (readTail(absolute, size, PNG_IEND.length).equals(PNG_IEND)) return undefined;
      return pngIsComplete(readFileSync(absolute)) ? undefined : `${cut}: the PNG has no IEND chunk`;
    }
    case "webp": {
      const head = readHead(absolute, 12);
      if (head.length < 12) return cut;
      const riffSize = head.readUInt32LE(4) + 8;
      return riffSize <= size ? undefined : `${cut}: the WebP says ${riffSize} bytes, the file has ${size}`;
    }
    case "gif": {
      // The trailer byte; some tools pad after it with zeros or end with a line break.
      const tail = readTail(absolute, size, TAIL_BYTES);
      let end = tail.length - 1;
      while (end > 0 && (tail[end] === 0x00 || tail[end] === 0x0a || tail[end] === 0x0d)) end -= 1;
      return tail[end] === 0x3b ? undefined : `${cut}: the GIF has no trailer`;
    }
    case "avif":
    case "heif":
      return boxesFit(absolute, size) ? undefined : `${cut}: its last box runs past the end of the file`;
    case "svg": {
      const text = svgText(readFileSync(absolute)).replace(/<!--[\s\S]*?-->/g, "").trimEnd();
      return /<\/(?:[\w.-]+:)?svg\s*>$/i.test(text) || /<(?:[\w.-]+:)?svg\b[^>]*\/>$/i.test(text) ? undefined : `${cut}: the SVG does not end with </svg>`;
    }
    default:
      return undefined;
  }
}

/** An SVG file's text: UTF-16 when it starts with a byte-order mark (as a browser reads it), else UTF-8. */
export function svgText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  return new TextDecoder("utf-8").decode(bytes);
}

/** Numeric character references decoded (`&#106;` → `j`); out-of-range ones dropped. */
function decodeNumericReferences(text: string): string {
  return text.replace(/&#x([0-9a-f]+);?|&#(\d+);?/gi, (_, hex: string | undefined, decimal: string | undefined) => {
    const codePoint = hex ? Number.parseInt(hex, 16) : Number(decimal);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : "";
  });
}

/**
 * What in an SVG's text could run when the file is opened at its own address: a script element,
 * an event attribute (`onload=`, looked for anywhere, since a `>` may stand inside an attribute
 * value), a `javascript:` address, an entity declared to hold markup (a DTD entity can spell
 * `<script>` out of sight), or embedded HTML that loads another document (iframe, embed, object).
 * `foreignObject` alone is allowed: Illustrator and diagram tools put text in it, and whatever
 * could run inside it is caught by the rest. Undefined when there is none of them.
 */
export function activeSvgContent(text: string): string | undefined {
  const withoutComments = text.replace(/<!--[\s\S]*?-->/g, "");
  const decoded = decodeNumericReferences(withoutComments);
  for (const entity of withoutComments.matchAll(/<!ENTITY\s+%?\s*[\w.:-]+\s+(?:"([^"]*)"|'([^']*)')/gi)) {
    const value = decodeNumericReferences(entity[1] ?? entity[2] ?? "");
    if (/[<>]|&lt;|&gt;|script|javascript/i.test(value)) return "an entity declared to hold markup (<!ENTITY … \"<…\">)";
  }
  if (/<!ENTITY[^>]*\bSYSTEM\b|<!ENTITY[^>]*\bPUBLIC\b/i.test(withoutComments)) return "an entity read from another file (<!ENTITY … SYSTEM)";
  if (/<(?:[a-z][\w.-]*:)?script\b/i.test(decoded)) return "a <script> element";
  const event = /[\s"'/](on[a-z]+)\s*=/i.exec(decoded);
  if (event) return `an event attribute (${event[1]}=)`;
  // Anywhere in the value: an animation's `values="x;javascript:…"` sets the address too.
  if (/(?:href|src|action|values|to|from|by)\s*=\s*["']?[^"']*?(?:javascript\s*:|vbscript\s*:|data\s*:\s*text\/html)/i.test(decoded.replace(/[\t\n\r]/g, ""))) return "a javascript: (or HTML data:) address";
  const embedded = /<(?:[a-z][\w.-]*:)?(iframe|embed|object)\b/i.exec(decoded);
  if (embedded) return `embedded HTML (<${embedded[1]}>)`;
  return undefined;
}
