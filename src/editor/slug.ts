/**
 * ASCII slugs for new and imported articles, written into their frontmatter so the URL never
 * moves with the file. A Chinese title becomes its pinyin, word by word: the words come from the
 * ICU word breaker built into Node (Intl.Segmenter), the sounds from pinyin-pro, which reads
 * words in context (银行 yinhang, 行长 hangzhang). 乌兰浩特市巧用党建 → wulan-haote-shi-qiao-yong-dangjian.
 */
import { pinyin } from "pinyin-pro";
import { asciiPart } from "../urls.ts";

const HAN = /\p{Script=Han}/u;
const words = new Intl.Segmenter("zh", { granularity: "word" });

/** The pinyin slug of a title, cut at a word boundary to at most `maxLength` characters; "" when nothing is left. */
export function titleSlug(title: string, maxLength = 48): string {
  const parts: string[] = [];
  for (const segment of words.segment(title.normalize("NFKC"))) {
    if (!segment.isWordLike) continue;
    const word = HAN.test(segment.segment)
      ? pinyin(segment.segment, { toneType: "none", type: "array", nonZh: "consecutive", v: true }).join("")
      : segment.segment;
    const ascii = asciiPart(word);
    if (ascii) parts.push(ascii);
  }
  let slug = "";
  for (const part of parts) {
    const next = slug ? `${slug}-${part}` : part;
    if (next.length > maxLength) break;
    slug = next;
  }
  // One first word longer than the limit still gives a slug rather than none.
  return slug || (parts[0] ?? "").slice(0, maxLength).replace(/-+$/, "");
}

/**
 * The first of `base`, `base-2`, `base-3`, … that `isTaken` refuses; `base` itself when free.
 * Used when the slug was derived: an editor's own `--slug` is never changed, only refused.
 */
export function firstFreeSlug(base: string, isTaken: (slug: string) => boolean): string {
  if (!isTaken(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}
