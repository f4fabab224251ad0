/**
 * Decoding a file an editor copied or saved: pages from Chinese government sites are still often
 * GBK. UTF-8 is taken when the bytes are valid UTF-8 (a legacy-encoded Chinese text almost never
 * is); otherwise the charset the page declares, else GB18030 (the superset of GBK and GB2312).
 */
import iconv from "iconv-lite";

export interface DecodedText {
  /** The text with LF line ends and no byte-order mark. */
  text: string;
  /** What it was read as: utf-8, utf-16le, gb18030, or a page's declared charset. */
  encoding: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The charset a saved page declares in its first bytes (`<meta charset="gbk">`), if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  return /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head)?.[1]?.toLowerCase();
}

export function decodeText(bytes: Uint8Array, charsetHint?: string): DecodedText {
  let text: string;
  let encoding: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = iconv.decode(bytes.subarray(2), "utf-16le");
    encoding = "utf-16le";
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = iconv.decode(bytes.subarray(2), "utf-16be");
    encoding = "utf-16be";
  } else {
    try {
      text = utf8.decode(bytes);
      encoding = "utf-8";
    } catch {
      const hint = charsetHint && !/^utf-?8$/.test(charsetHint) && iconv.encodingExists(charsetHint) ? charsetHint : undefined;
      // GBK and GB2312 pages are decoded as GB18030, which reads both and more.
      encoding = hint && !/^(gbk|gb2312|x-gbk|gb18030)$/.test(hint) ? hint : "gb18030";
      text = iconv.decode(bytes, encoding);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text: text.replace(/\r\n?/g, "\n"), encoding };
}
