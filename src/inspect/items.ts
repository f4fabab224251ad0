/**
 * The inspection items, as the report's summary table lists them, and findings: problems in the
 * usual format that also say which item they belong to.
 */
import type { Problem } from "../content/problems.ts";

export const INSPECTION_ITEMS = [
  { id: "content", label: "内容与数据格式", about: "文章、页面和站点数据文件能读取并通过校验" },
  { id: "corrections", label: "错别字", about: "官方用语的错误写法（content/_data/words.json 的 corrections）" },
  { id: "forbidden", label: "禁用词", about: "本站不发布的词语（content/_data/words.json 的 forbidden）" },
  { id: "empty-columns", label: "空白栏目", about: "没有已发布文章的栏目" },
  { id: "stale-columns", label: "栏目更新", about: "超过 updateWithinDays 天未更新的栏目" },
  { id: "dead-links", label: "站内链接", about: "正文中指向本站不存在页面的链接" },
  { id: "identity", label: "网站标识与备案", about: "ICP 备案号、公安机关备案号、网站标识码、党政机关网站标识、纠错链接的格式，政府网站的必备项" },
  { id: "disclosure", label: "政府信息公开要素", about: "信息公开文件的索引号、发布机构、成文日期、文号、主题分类、有效性" },
] as const;

export type InspectionItemId = (typeof INSPECTION_ITEMS)[number]["id"];

/** A problem and the inspection item it belongs to. */
export interface Finding extends Problem {
  item: InspectionItemId;
}

/** The site.json fields of the 网站标识与备案 item. */
const IDENTITY_FIELDS = /^(kind|footer\.(icp|publicSecurity|siteCode|governmentMark|correctionUrl))(\.|$)/;

/** The item of a problem found by the content loader (schema and data-file validation). */
export function itemOfProblem(problem: Problem): InspectionItemId {
  if (problem.file.endsWith("site.json") && IDENTITY_FIELDS.test(problem.field)) return "identity";
  if (problem.field === "disclosure" || problem.field.startsWith("disclosure.")) return "disclosure";
  return "content";
}

/** Findings for the loader's problems, which carry no item of their own. */
export function asFindings(problems: readonly Problem[]): Finding[] {
  return problems.map((problem) => ("item" in problem ? (problem as Finding) : { ...problem, item: itemOfProblem(problem) }));
}

export interface ItemSummary {
  id: InspectionItemId;
  label: string;
  about: string;
  errors: number;
  warnings: number;
  /** No errors (warnings do not fail an item). */
  passed: boolean;
}

/** One row per inspection item: how many errors and warnings it found. */
export function summarize(findings: readonly Finding[]): ItemSummary[] {
  return INSPECTION_ITEMS.map((item) => {
    const own = findings.filter((finding) => finding.item === item.id);
    const errors = own.filter((finding) => finding.severity === "error").length;
    return { id: item.id, label: item.label, about: item.about, errors, warnings: own.length - errors, passed: errors === 0 };
  });
}
