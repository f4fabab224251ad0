/**
 * The inspection report: one self-contained HTML page a person can read (or attach to a ticket):
 * a summary by inspection item, every finding with its file and line, and the columns' article
 * counts and last update dates. It is a standalone file, not a page of the site: its style sheet
 * is an inline <style> element (the site's Content-Security-Policy does not apply to it), and it
 * has no script. Every text from content is escaped.
 */
import type { ColumnStatus } from "./columns.ts";
import { summarize, type Finding } from "./items.ts";

export interface ReportInput {
  site: { name: string; url: string };
  /** The build's date in the site's zone (YYYY-MM-DD). */
  today: string;
  articleCount: number;
  pageCount: number;
  findings: readonly Finding[];
  columns: readonly ColumnStatus[];
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

const STYLE = `
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #222; margin: 0; line-height: 1.6; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid #b3120f; }
table { border-collapse: collapse; width: 100%; font-size: 0.9375rem; }
caption { text-align: left; color: #555; padding: 0.25rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f3eeee; }
td.number { text-align: right; }
.where { font-family: monospace; overflow-wrap: anywhere; min-width: 12rem; }
.nowrap { white-space: nowrap; }
.verdict { font-size: 1.125rem; font-weight: bold; }
.failed { color: #a30f0c; font-weight: bold; }
.passed { color: #1a6b2a; }
.warned { color: #7a4d00; }
footer { color: #555; font-size: 0.875rem; margin: 2rem 0 1rem; }
`;

const SEVERITY = { error: "错误", warning: "提醒" } as const;
const COLUMN_STATE = { ok: "正常", empty: "空白栏目", stale: "未按时更新" } as const;

function where(finding: Finding): string {
  return `${finding.file}:${finding.line}${finding.column === undefined ? "" : `:${finding.column}`}`;
}

/** The report page, byte-identical for the same content and "now". */
export function renderReport(input: ReportInput): string {
  const items = summarize(input.findings);
  const errors = input.findings.filter((finding) => finding.severity === "error").length;
  const warnings = input.findings.length - errors;
  const labels = new Map(items.map((item) => [item.id, item.label]));
  const verdict = errors > 0 ? `未通过：${errors} 处错误（阻止发布），${warnings} 处提醒` : warnings > 0 ? `通过，另有 ${warnings} 处提醒` : "通过，未发现问题";

  const summaryRows = items.map((item) => {
    const state = !item.passed ? '<td class="failed">未通过</td>' : item.warnings > 0 ? '<td class="warned">通过（有提醒）</td>' : '<td class="passed">通过</td>';
    return `<tr><th scope="row">${escapeHtml(item.label)}</th><td>${escapeHtml(item.about)}</td>${state}<td class="number">${item.errors}</td><td class="number">${item.warnings}</td></tr>`;
  });
  const sorted = [...input.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  const findingRows = sorted.map(
    (finding, index) =>
      `<tr><td class="number">${index + 1}</td><td class="nowrap">${escapeHtml(labels.get(finding.item) ?? finding.item)}</td><td class="nowrap${finding.severity === "error" ? " failed" : ""}">${SEVERITY[finding.severity]}</td><td class="where">${escapeHtml(where(finding))}</td><td>${escapeHtml(finding.field)}</td><td>${escapeHtml(finding.message)}</td><td>${escapeHtml(finding.fix)}</td></tr>`,
  );
  const columnRows = input.columns.map(
    (column) =>
      `<tr><th scope="row">${escapeHtml(column.name)}</th><td class="where">${escapeHtml(column.url)}</td><td class="number">${column.count}</td><td>${escapeHtml(column.lastUpdated || "—")}</td><td class="number">${column.ageDays ?? "—"}</td><td class="number">${column.updateWithinDays ?? "—"}</td><td${column.state === "ok" ? "" : ' class="failed"'}>${COLUMN_STATE[column.state]}</td></tr>`,
  );

  const title = `网站检查报告 - ${input.site.name} - ${input.today}`;
  return [
    "<!doctype html>",
    '<html lang="zh-CN">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(input.site.name)}（${escapeHtml(input.site.url)}），检查日期 ${escapeHtml(input.today)}：${input.articleCount} 篇已发布文章，${input.pageCount} 个页面，${input.columns.length} 个栏目。</p>`,
    `<p class="verdict${errors > 0 ? " failed" : ""}">结论：${escapeHtml(verdict)}</p>`,
    '<section aria-labelledby="summary-heading">',
    '<h2 id="summary-heading">检查项汇总</h2>',
    "<table>",
    "<caption>每个检查项的结果：有错误即未通过；提醒不阻止发布。</caption>",
    '<thead><tr><th scope="col">检查项</th><th scope="col">检查内容</th><th scope="col">结果</th><th scope="col">错误</th><th scope="col">提醒</th></tr></thead>',
    `<tbody>${summaryRows.join("")}</tbody>`,
    "</table>",
    "</section>",
    '<section aria-labelledby="findings-heading">',
    `<h2 id="findings-heading">问题清单（${input.findings.length}）</h2>`,
    findingRows.length === 0
      ? "<p>未发现问题。</p>"
      : [
          "<table>",
          "<caption>错误在前；位置为 文件:行 或 文件:行:列。</caption>",
          '<thead><tr><th scope="col">序号</th><th scope="col">检查项</th><th scope="col">级别</th><th scope="col">位置</th><th scope="col">字段</th><th scope="col">问题</th><th scope="col">修改方法</th></tr></thead>',
          `<tbody>${findingRows.join("")}</tbody>`,
          "</table>",
        ].join(""),
    "</section>",
    '<section aria-labelledby="columns-heading">',
    '<h2 id="columns-heading">栏目更新情况</h2>',
    "<table>",
    `<caption>已发布文章数与最近更新日期；距今天数按 ${escapeHtml(input.today)} 计算，更新要求为 site.json 中的 updateWithinDays。</caption>`,
    '<thead><tr><th scope="col">栏目</th><th scope="col">地址</th><th scope="col">文章数</th><th scope="col">最近更新</th><th scope="col">距今天数</th><th scope="col">更新要求（天）</th><th scope="col">状态</th></tr></thead>',
    `<tbody>${columnRows.join("")}</tbody>`,
    "</table>",
    "</section>",
    "<footer><p>由 npm run check -- --report 生成。</p></footer>",
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
