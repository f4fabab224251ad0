/**
 * Finds an article in a copied or saved portal page, laid out as the seed page is:
 *
 *   政讯通中心 / 欢迎来到…            chrome before the breadcrumb: dropped
 *   当前所在:首页 > 党风政风 > 正文    breadcrumb: the column
 *   兴安盟乌兰浩特市:…                the title: the last line before the first meta line
 *   发布时间:… 来源:… 作者:…          meta lines
 *   paragraphs and images             the body, with chrome (字号, 打印, 分享到…) dropped
 *   [责任编辑:王伟 校对:李晓艳]        the editor line: the body ends here, or at 原文链接,
 *   原文链接:http://…                  免责声明, 上一篇/下一篇, 相关阅读, the site notices or
 *   [免责声明] …, notices, footer      the copyright line; everything after is chrome
 *
 * Labels are matched with full-width or ASCII colons. Nothing here knows the site: the column
 * is the breadcrumb's text, matched against the site's columns by the importer.
 */
import type { Block, TextBlock } from "./blocks.ts";

export interface Found {
  value: string;
  /** The input line it was read from. */
  line: number;
}

export type ArticleField = "date" | "source" | "author" | "editor" | "proofreader";

export interface Extracted {
  title?: Found;
  /** The breadcrumb's middle segments, e.g. ["党风政风"], and its line. */
  breadcrumb?: { segments: string[]; line: number };
  date?: Found;
  source?: Found;
  author?: Found;
  editor?: Found;
  proofreader?: Found;
  originalUrl?: Found;
  /** Paragraphs, headings and images of the body, in order. */
  body: Block[];
}

/** Labels as portals write them; longer ones first so 责任编辑 wins over 编辑. */
const LABELS: ReadonlyArray<readonly [string, ArticleField | "ignored"]> = [
  ["发布时间", "date"], ["发布日期", "date"], ["发表时间", "date"], ["发表日期", "date"], ["发稿时间", "date"],
  ["更新时间", "date"], ["日期", "date"], ["时间", "date"],
  ["文章来源", "source"], ["信息来源", "source"], ["稿件来源", "source"], ["新闻来源", "source"], ["来源", "source"],
  ["作者", "author"], ["撰稿", "author"], ["撰文", "author"], ["记者", "author"], ["通讯员", "author"],
  ["责任编辑", "editor"], ["编辑", "editor"], ["责编", "editor"],
  ["校对", "proofreader"],
  ["点击数", "ignored"], ["点击量", "ignored"], ["浏览次数", "ignored"], ["阅读次数", "ignored"], ["阅读量", "ignored"],
  ["访问量", "ignored"], ["浏览", "ignored"], ["字号", "ignored"], ["字体", "ignored"], ["审核", "ignored"], ["审校", "ignored"],
  ["终审", "ignored"], ["签发", "ignored"], ["监制", "ignored"], ["分享到", "ignored"],
];
const LABEL_PATTERN = new RegExp(
  `(${[...LABELS].map(([label]) => label).sort((a, b) => b.length - a.length).join("|")})\\s*[:：]`,
  "g",
);
const FIELD_OF = new Map<string, ArticleField | "ignored">(LABELS);

const BRACKETS = /^[\s\u3000[\]【】()（）|｜,，;；]+|[\s\u3000[\]【】()（）|｜,，;；]+$/g;
const DATE_LIKE = /^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}/;

/** `发布时间:2024-05-20 来源: 北疆先锋网 作者:佚名` → date, source, author (first of each kept). */
export function labelledValues(text: string): { values: Map<ArticleField, string>; labels: number; before: string } {
  const matches = [...text.matchAll(LABEL_PATTERN)];
  const values = new Map<ArticleField, string>();
  matches.forEach((match, index) => {
    const field = FIELD_OF.get(match[1] ?? "");
    const start = (match.index ?? 0) + match[0].length;
    const end = matches[index + 1]?.index ?? text.length;
    const value = text.slice(start, end).replace(BRACKETS, "");
    if (field && field !== "ignored" && value && !values.has(field)) values.set(field, value);
  });
  const before = text.slice(0, matches[0]?.index ?? text.length).replace(BRACKETS, "");
  return { values, labels: matches.length, before };
}

/** A line of the article head that carries 发布时间, 来源 or 作者 (or starts with a date and has a label). */
function metaOf(block: Block): Map<ArticleField, string> | undefined {
  if (block.kind !== "text" || block.text.length > 200) return undefined;
  const { values, labels, before } = labelledValues(block.text);
  if (labels === 0) return undefined;
  if (!values.has("date") && DATE_LIKE.test(before)) values.set("date", before);
  const head = values.has("date") || values.has("source") || values.has("author");
  return head ? values : undefined;
}

const BREADCRUMB_LABEL = /^(?:当前(?:所在|位置)|您(?:现在)?的?(?:当前)?(?:所在)?位置(?:是)?|所在位置|位置)\s*[:：]?\s*/;
const BREADCRUMB_SEPARATOR = /\s*(?:>>|»|›|>|＞|→|\/)\s*/;
const BREADCRUMB_ENDS = new Set(["首页", "网站首页", "主页", "正文", "详情", "内容", "正文内容", "文章", "阅读文章", "浏览文章"]);

function breadcrumbOf(block: Block): string[] | undefined {
  if (block.kind !== "text" || block.text.length > 120) return undefined;
  const labelled = BREADCRUMB_LABEL.test(block.text);
  if (!labelled && !/^(?:网站)?首页\s*(?:>>|»|›|>|＞|→)/.test(block.text)) return undefined;
  const segments = block.text.replace(BREADCRUMB_LABEL, "").split(BREADCRUMB_SEPARATOR).map((part) => part.trim()).filter(Boolean);
  if (segments.length < 2 && !labelled) return undefined;
  return segments.filter((segment) => !BREADCRUMB_ENDS.has(segment.replace(/\s+/g, "")));
}

const EDITOR_LINE = /^[[【(（]?\s*(?:责任编辑|编辑|责编)\s*[:：]/;
const ORIGINAL_LINK = /^[[【]?\s*(?:原文链接|原文地址|原文网址|原链接|原文)\s*[:：]\s*(.*)$/;
/** Lines after which nothing belongs to the article. */
const END_MARKERS = [
  EDITOR_LINE,
  ORIGINAL_LINK,
  /^[[【]?\s*免责声明/,
  /^(?:上一篇|下一篇|上一条|下一条)\s*[:：]?/,
  /^(?:相关(?:阅读|文章|新闻|链接|推荐)|推荐阅读|延伸阅读)\s*[:：]?$/,
  /^本站部分信息/,
  /^本网部分转载/,
  /版权所有/,
  /^(?:Copyright|©)/i,
];
/** Page furniture that may sit between the meta lines and the end of the body: 【打印本页】【关闭窗口】, 字号:大 中 小, 分享到:… */
const CHROME_WORDS = /^(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|加入收藏|返回顶部|返回|我要纠错|纠错)+$/;
const FONT_SIZE = /^(?:字号|字体)(?:大|中|小|默认|标准)+$/;
const CHROME_START = /^(?:分享到|扫一扫|(?:点击数|点击量|浏览次数|阅读次数|阅读量|访问量)\s*[:：])/;

function isEnd(block: Block): boolean {
  return block.kind === "text" && block.text.length <= 300 && END_MARKERS.some((pattern) => pattern.test(block.text));
}

function isChrome(block: Block): boolean {
  if (block.kind !== "text" || block.text.length > 60) return false;
  const bare = block.text.replace(/[\s\u3000[\]【】()（）|｜:：]/g, "");
  return CHROME_WORDS.test(bare) || FONT_SIZE.test(bare) || CHROME_START.test(block.text);
}

/** The first http(s) address in a text, if any. */
function addressIn(text: string): string | undefined {
  return /https?:\/\/[^\s"'<>，。；]+/i.exec(text)?.[0];
}

export function extractArticle(blocks: readonly Block[], hints: { title?: Found } = {}): Extracted {
  const result: Extracted = { body: [] };
  let cursor = 0;

  // The breadcrumb, if the page has one near the top; what comes before it is chrome.
  const crumbIndex = blocks.findIndex((block, index) => index < 300 && breadcrumbOf(block) !== undefined);
  if (crumbIndex >= 0) {
    const crumb = blocks[crumbIndex] as TextBlock;
    result.breadcrumb = { segments: breadcrumbOf(crumb) ?? [], line: crumb.line };
    cursor = crumbIndex + 1;
  }

  // The meta lines: the first after the breadcrumb (a saved page may have long menus before them).
  let metaIndex = -1;
  for (let index = cursor; index < Math.min(blocks.length, cursor + 300); index += 1) {
    const block = blocks[index] as Block;
    if (isEnd(block)) break;
    if (metaOf(block)) {
      metaIndex = index;
      break;
    }
  }

  let bodyStart = cursor;
  if (metaIndex >= 0) {
    const titleBlock = blocks.slice(cursor, metaIndex).reverse().find((block): block is TextBlock => block.kind === "text" && !isChrome(block));
    if (titleBlock) result.title = { value: titleBlock.text, line: titleBlock.line };
    bodyStart = metaIndex;
    // Meta may run over several lines (来源 on one, 发布时间 on the next), with chrome between.
    while (bodyStart < blocks.length) {
      const block = blocks[bodyStart] as Block;
      const meta = metaOf(block);
      if (meta) {
        for (const [field, value] of meta) if (!result[field]) result[field] = { value, line: block.line };
      } else if (!isChrome(block)) break;
      bodyStart += 1;
    }
  } else {
    const titleIndex = blocks.findIndex((block, index) => index >= cursor && block.kind === "text" && !isChrome(block));
    const titleBlock = blocks[titleIndex];
    if (titleBlock?.kind === "text") {
      result.title = { value: titleBlock.text, line: titleBlock.line };
      bodyStart = titleIndex + 1;
    }
  }
  if (hints.title && (metaIndex < 0 || !result.title)) result.title = hints.title;

  let bodyEnd = bodyStart;
  while (bodyEnd < blocks.length && !isEnd(blocks[bodyEnd] as Block)) bodyEnd += 1;
  result.body = blocks.slice(bodyStart, bodyEnd).filter((block) => !isChrome(block));

  // After the body: the editor line and the original link; the rest (disclaimer, notices, footer) is
  // dropped. The editor line wins over an 编辑 among the meta lines.
  let editorLineSeen = false;
  for (let index = bodyEnd; index < blocks.length; index += 1) {
    const block = blocks[index] as Block;
    if (block.kind !== "text") continue;
    if (EDITOR_LINE.test(block.text) && !editorLineSeen) {
      editorLineSeen = true;
      const { values } = labelledValues(block.text);
      for (const field of ["editor", "proofreader"] as const) {
        const value = values.get(field);
        if (value) result[field] = { value, line: block.line };
      }
      continue;
    }
    const link = ORIGINAL_LINK.exec(block.text);
    if (link && !result.originalUrl) {
      const next = blocks[index + 1];
      const address = addressIn(link[1] ?? "") ?? (next?.kind === "text" ? addressIn(next.text) : undefined);
      const value = address ?? (link[1] ?? "").trim();
      if (value) result.originalUrl = { value, line: block.line };
    }
  }
  return result;
}
