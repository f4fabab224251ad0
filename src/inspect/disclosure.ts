/**
 * 政府信息公开: the optional `disclosure` frontmatter block of a disclosed document (索引号,
 * 发布机构, 成文日期, 文号, 主题分类, 有效性), its forms, and the table shown above the article.
 */
import { z } from "zod";
import { parseFrontmatterDate, type PublishedDate } from "../dates.ts";
import type { Finding } from "./items.ts";

/** 索引号: the organisation's code (9-character 组织机构代码 or 18-character 统一社会信用代码), the year and a serial number. */
export const INDEX_NUMBER_FORM = /^[0-9A-Z]{9}(?:[0-9A-Z]{9})?[/-](\d{4})-\d{1,8}$/;
/** 文号 as GB/T 9704—2012 writes it: 机关代字, the full year in 六角括号 〔〕, the number without 第 or leading zeros, 号. */
export const DOCUMENT_NUMBER_FORM = /^\S+〔(\d{4})〕[1-9]\d*号$/;
export const VALIDITY = ["有效", "失效", "废止"] as const;
export type Validity = (typeof VALIDITY)[number];

/** How to fix each key of the block, by its data path (the schema's FIELD_FIXES take them in). */
const FIXES = {
  index: "write it as <机构代码>/<年份>-<序号>, e.g. 11150000MB1234567X/2024-00012 or 000014349/2024-00012",
  publisher: "name the 发布机构, e.g. 某某市人民政府办公室",
  written: "write the 成文日期 as YYYY-MM-DD, e.g. 2024-05-10",
  number: "write it as GB/T 9704—2012 does: 机关代字〔年份〕序号号, e.g. 某政办发〔2024〕12号 (六角括号 〔〕, no 第, no leading zeros), or leave the line out",
  topic: "name the 主题分类, e.g. 综合政务",
  validity: `write one of ${VALIDITY.join(", ")}`,
} as const;

const text = (what: string) =>
  z.preprocess(
    (value) => (typeof value === "number" ? String(value) : value),
    z
      .string({ error: (issue) => (issue.input === undefined ? "is missing" : `must be text: ${what}`) })
      .trim()
      .min(1, { error: "is empty" }),
  );

export const DISCLOSURE_FIXES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(FIXES).map(([key, fix]) => [`disclosure.${key}`, fix]));

/** The `disclosure:` block of the article schema; dates are read in the site's zone. */
export function disclosureSchema(timezone: string) {
  return z.strictObject(
    {
      /** 索引号 */
      index: text("the 索引号").refine((value) => INDEX_NUMBER_FORM.test(value), {
        error: (issue) => `"${String(issue.input)}" is not a 索引号 in the form <机构代码>/<年份>-<序号>`,
      }),
      /** 发布机构 */
      publisher: text("the 发布机构"),
      /** 成文日期: the day only. */
      written: z.unknown().transform((raw, ctx) => {
        const parsed = parseFrontmatterDate(raw, timezone);
        if (!parsed.ok) {
          ctx.addIssue({ code: "custom", message: parsed.problem });
          return z.NEVER;
        }
        if (parsed.date.hasTime) {
          ctx.addIssue({ code: "custom", message: `"${String(raw)}" has a time: a 成文日期 is a day` });
          return z.NEVER;
        }
        return parsed.date;
      }),
      /** 文号, when the document has one. */
      number: z.preprocess(
        (value) => (value === null || value === "" ? undefined : value),
        z
          .string({ error: "must be text: the 文号" })
          .trim()
          .refine((value) => DOCUMENT_NUMBER_FORM.test(value), {
            error: (issue) => `"${String(issue.input)}" is not a 文号 in the form 机关代字〔年份〕序号号`,
          })
          .optional(),
      ),
      /** 主题分类 */
      topic: text("the 主题分类"),
      /** 有效性: 有效 unless the document has expired (失效) or been repealed (废止). */
      validity: z.enum(VALIDITY, { error: `must be one of ${VALIDITY.join(", ")}` }).default("有效"),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `has keys it does not know: ${issue.keys.join(", ")}` : "must be a block of key: value lines (index, publisher, written, number, topic, validity)") },
  );
}

export type Disclosure = z.output<ReturnType<typeof disclosureSchema>>;

export interface DisclosureCell {
  label: string;
  value: string;
  /** Columns the value spans (3 when it is alone in its row). */
  span: number;
  /** The 有效性 of a document no longer in force: shown as a warning. */
  alert: boolean;
}

/** What the article page shows: the table's rows (two label/value pairs each) and the status line. */
export interface DisclosureView {
  rows: DisclosureCell[][];
  validity: Validity;
  /** True for 失效 and 废止: the page marks the document as no longer in force. */
  outOfForce: boolean;
  /** "本文件已废止。" or "本文件已失效。", "" while in force. */
  notice: string;
}

/** The customary 信息公开 table: 索引号 | 主题分类, 发布机构 | 成文日期, 文号 | 发布日期, 有效性. */
export function disclosureView(disclosure: Disclosure, published: PublishedDate): DisclosureView {
  const outOfForce = disclosure.validity !== "有效";
  const cell = (label: string, value: string, span = 1, alert = false): DisclosureCell => ({ label, value, span, alert });
  return {
    rows: [
      [cell("索引号", disclosure.index), cell("主题分类", disclosure.topic)],
      [cell("发布机构", disclosure.publisher), cell("成文日期", disclosure.written.day)],
      [cell("文号", disclosure.number ?? "无"), cell("发布日期", published.day)],
      [cell("有效性", disclosure.validity, 3, outOfForce)],
    ],
    validity: disclosure.validity,
    outOfForce,
    notice: outOfForce ? `本文件已${disclosure.validity}。` : "",
  };
}

/** What the consistency check reads of an article. */
export interface DisclosedArticle {
  file: string;
  position: { frontmatter: string; frontmatterLine: number };
  data: { date: PublishedDate; disclosure?: Disclosure | undefined };
}

/**
 * Consistency the form alone cannot see: a document is not written after it is published, and
 * the year in its 文号 is not after the year it was written.
 */
export function checkDisclosures(articles: Iterable<DisclosedArticle>, lineOf: (article: DisclosedArticle, key: string) => number): Finding[] {
  const findings: Finding[] = [];
  for (const article of articles) {
    const disclosure = article.data.disclosure;
    if (!disclosure) continue;
    const at = (key: string) => ({ item: "disclosure" as const, severity: "error" as const, file: article.file, line: lineOf(article, key), field: `disclosure.${key}` });
    if (disclosure.written.day > article.data.date.day) {
      findings.push({ ...at("written"), message: `成文日期 ${disclosure.written.day} is after the 发布时间 ${article.data.date.day}`, fix: "check both dates: a document is published on or after the day it was written" });
    }
    const numberYear = disclosure.number ? DOCUMENT_NUMBER_FORM.exec(disclosure.number)?.[1] : undefined;
    if (numberYear && numberYear > disclosure.written.year) {
      findings.push({ ...at("number"), message: `the 文号's year ${numberYear} is after the 成文日期 ${disclosure.written.day}`, fix: "check the year in 〔〕 and the 成文日期" });
    }
  }
  return findings;
}
