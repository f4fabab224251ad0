/**
 * Small media made here, for tests and for the bundled content: photos drawn with sharp from SVG
 * (shapes only, so no font is needed), a tiny valid PDF, and a favicon.ico holding PNG images.
 */
import sharp from "sharp";

/** Renders an SVG drawing to JPEG (or PNG) bytes. */
export async function drawImage(svg: string, format: "jpeg" | "png" = "jpeg", quality = 82): Promise<Buffer> {
  const image = sharp(Buffer.from(svg));
  return format === "jpeg" ? image.flatten({ background: "#ffffff" }).jpeg({ quality, mozjpeg: true }).toBuffer() : image.png({ compressionLevel: 9 }).toBuffer();
}

/** A plain test photo of the given size: a sky gradient, a building and a red banner. */
export function testSvg(width: number, height: number, hue = "#b3120f"): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 120 80">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7fb0e0"/><stop offset="1" stop-color="#e9f1f7"/></linearGradient></defs>
<rect width="120" height="80" fill="url(#sky)"/><rect x="20" y="30" width="80" height="50" fill="#d8c8a8"/>
<rect x="30" y="22" width="60" height="10" fill="${hue}"/><rect x="0" y="72" width="120" height="8" fill="#6b8f4e"/></svg>`;
}

/** The bytes of a PDF string, each character one byte (the file is ASCII throughout). */
function ascii(text: string): Buffer {
  return Buffer.from(text, "latin1");
}

/**
 * A one-page PDF 1.4 whose lines are drawn in STSong-Light, one of the CJK fonts every PDF reader
 * must provide (no font is embedded, so the file stays under 2 KB). Offsets in the xref table are
 * computed, so the file is valid, not merely PDF-shaped.
 */
export function tinyPdf(lines: readonly string[]): Buffer {
  const hex = (text: string) => [...text].map((char) => (char.codePointAt(0) ?? 0x3f).toString(16).padStart(4, "0")).join("").toUpperCase();
  const stream = ["BT", "/F1 16 Tf", "24 TL", "72 770 Td", ...lines.map((line, index) => `${index === 0 ? "" : "T* "}<${hex(line)}> Tj`), "ET"].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${ascii(stream).length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  ];
  let body = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(ascii(body).length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = ascii(body).length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return ascii(body);
}

/** Checks a PDF's cross-reference table: every entry points at its `N 0 obj`. Returns the problems. */
export function pdfProblems(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  const problems: string[] = [];
  if (!text.startsWith("%PDF-1.")) problems.push("no %PDF header");
  const startxref = /startxref\n(\d+)\n%%EOF\n?$/.exec(text);
  if (!startxref) return [...problems, "no startxref / %%EOF trailer"];
  const xrefAt = Number(startxref[1]);
  if (!text.startsWith("xref", xrefAt)) return [...problems, `startxref ${xrefAt} does not point at the xref table`];
  const entries = text.slice(xrefAt).split("\n").slice(2).filter((line) => / [nf] $/.test(line));
  entries.forEach((entry, index) => {
    if (entry.endsWith("f ")) return;
    const offset = Number(entry.slice(0, 10));
    if (!text.startsWith(`${index} 0 obj`, offset)) problems.push(`object ${index} is not at offset ${offset}`);
  });
  return problems;
}

/** A .ico file holding the given square PNG images (ICO allows PNG entries since Windows Vista). */
export async function icoFromPngs(pngs: readonly Buffer[]): Promise<Buffer> {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  const directory = Buffer.alloc(16 * pngs.length);
  let offset = 6 + directory.length;
  for (const [index, png] of pngs.entries()) {
    const { width = 0, height = 0 } = await sharp(png).metadata();
    const at = index * 16;
    directory.writeUInt8(width >= 256 ? 0 : width, at);
    directory.writeUInt8(height >= 256 ? 0 : height, at + 1);
    directory.writeUInt8(0, at + 2);
    directory.writeUInt8(0, at + 3);
    directory.writeUInt16LE(1, at + 4);
    directory.writeUInt16LE(32, at + 6);
    directory.writeUInt32LE(png.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += png.length;
  }
  return Buffer.concat([header, directory, ...pngs]);
}

/** A RIFF chunk: four-character code, little-endian size, data, and a pad byte to an even length. */
function riffChunk(code: string, data: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32LE(data.length);
  return Buffer.concat([Buffer.from(code, "latin1"), size, data, Buffer.alloc(data.length % 2)]);
}

function uint24(value: number): Buffer {
  const bytes = Buffer.alloc(3);
  bytes.writeUIntLE(value, 0, 3);
  return bytes;
}

/**
 * An animated WebP of two frames (the colour, then its negative), assembled by hand: sharp 0.33
 * cannot make a multi-frame image from scratch. VP8X with the animation flag, ANIM, and one ANMF
 * per frame around each frame's lossless VP8L chunk, as the WebP container spec lays them out.
 */
export async function animatedWebp(width: number, height: number): Promise<Buffer> {
  const still = (negate: boolean) => sharp({ create: { width, height, channels: 3, background: "#c00" } }).negate(negate).webp({ lossless: true }).toBuffer();
  const frames = await Promise.all([still(false), still(true)]);
  const vp8x = Buffer.concat([Buffer.from([0x02, 0, 0, 0]), uint24(width - 1), uint24(height - 1)]);
  const anim = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0]); // white background, loop forever
  const anmf = (frame: Buffer) => {
    // The still file is RIFF/WEBP with one VP8L chunk: keep that chunk whole.
    const bitstream = frame.subarray(12);
    return riffChunk("ANMF", Buffer.concat([uint24(0), uint24(0), uint24(width - 1), uint24(height - 1), uint24(300), Buffer.from([0]), bitstream]));
  };
  const body = Buffer.concat([Buffer.from("WEBP", "latin1"), riffChunk("VP8X", vp8x), riffChunk("ANIM", anim), ...frames.map(anmf)]);
  return riffChunk("RIFF", body);
}
