/**
 * `npm start` shows the content's problems on every page it serves, in Chinese like the page: each
 * problem's file and line, its field, what the editors' guide says to do (src/content/guide.ts),
 * and the terminal's English line as the detail. The server adds the box as it serves a page, so
 * the pages themselves never change when a problem appears or goes, and nothing is rendered again
 * for it. While there is no usable site data at all (site.json broken at the very first start),
 * every page address answers with a page listing the problems, which reloads itself until the
 * site is built.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { adviceFor, parseGuide, shownText, type GuideTable } from "../content/guide.ts";
import type { Problem } from "../content/problems.ts";
import type { ServerMiddleware } from "../eleventy-types.ts";
import { escapeHtml } from "../media/render.ts";
import type { ShownProblems } from "./session.ts";

/** What the fields are called in Chinese, as the guide names them. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  file: "文件",
  frontmatter: "开头的字段",
  title: "标题",
  date: "发布时间",
  column: "栏目",
  editor: "责任编辑",
  source: "来源",
  author: "作者",
  proofreader: "校对",
  originalUrl: "原文链接",
  tags: "标签",
  summary: "摘要",
  draft: "草稿",
  featured: "头条",
  slug: "网址",
  cover: "配图",
  attachments: "附件",
  attachment: "附件",
  image: "图片",
  disclosure: "信息公开",
  body: "正文",
  json: "JSON 格式",
  columns: "栏目",
  url: "网站地址",
  name: "网站名称",
  footer: "页脚",
  logo: "网站标志",
  publicSecurityBadge: "公安备案图标",
  tagSlugs: "标签网址",
};

/** The guide's Markdown cell as HTML: its code spans as <code>, everything else as text. */
function adviceHtml(advice: string): string {
  return advice
    .split("`")
    .map((part, index) => (index % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join("");
}

function problemHtml(problem: Problem, guide: GuideTable): string {
  const where = `${problem.file}:${problem.line}${problem.column === undefined ? "" : `:${problem.column}`}`;
  const name = FIELD_NAMES[problem.field.split(".")[0] ?? ""];
  const field = `<code>${escapeHtml(problem.field)}</code>${name ? `（${name}）` : ""}`;
  const advice = adviceFor(guide, problem);
  const english = `<code>${escapeHtml(shownText(problem))}</code>`;
  return advice === undefined
    ? `<li><code>${escapeHtml(where)}</code> ${field}：${english}（编辑指南还没有这条信息的说明）</li>`
    : `<li><code>${escapeHtml(where)}</code> ${field}：${adviceHtml(advice)}<br><small class="dev-problem-detail">终端显示：${english}</small></li>`;
}

/** The box at the top of every page; empty when there is nothing to show. */
export function bannerHtml(shown: ShownProblems, guide: GuideTable): string {
  const count = shown.problems.length;
  if (count === 0) return "";
  const heading =
    shown.siteData === "ok"
      ? `内容有 ${count} 处问题，相关文件暂未显示（仅在 npm start 预览中可见）`
      : shown.siteData === "last good"
        ? `内容有 ${count} 处问题：网站资料 site.json 有误，预览暂用上次正确的网站资料（仅在 npm start 预览中可见）`
        : `内容有 ${count} 处问题：网站资料 site.json 有误，改好并保存后预览自动开始`;
  return `<section class="dev-problems" role="alert" aria-labelledby="dev-problems-heading">\n<h2 id="dev-problems-heading">${heading}</h2>\n<ul>${shown.problems.map((problem) => problemHtml(problem, guide)).join("\n")}</ul>\n</section>\n`;
}

/** The page shown at every address while there is no site to show. */
export function problemsPageHtml(shown: ShownProblems, guide: GuideTable): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'">
<meta http-equiv="refresh" content="2">
<title>网站资料有误 - npm start 预览</title>
</head>
<body>
<main id="main">
${bannerHtml(shown, guide)}</main>
</body>
</html>
`;
}

/** Where every page's main content starts (templates/layouts/base.njk): the box goes first in it. */
const MAIN_START = '<main id="main" class="wrap">';

export interface BannerOptions {
  outputDir: string;
  pathPrefix: string;
  /** The editors' guide, docs/编辑指南.md. */
  guideFile: string;
  shown: () => ShownProblems;
}

/** The server's request handler: pages served with the problems box while there are problems. */
export function problemsMiddleware({ outputDir, pathPrefix, guideFile, shown }: BannerOptions): ServerMiddleware {
  let guide: GuideTable | undefined;
  const guideTable = () => {
    if (!guide) {
      try {
        guide = parseGuide(readFileSync(guideFile, "utf8"));
      } catch {
        guide = new Map();
      }
    }
    return guide;
  };
  const prefix = pathPrefix.endsWith("/") ? pathPrefix : `${pathPrefix}/`;
  const send = (response: Parameters<ServerMiddleware>[1], status: number, html: string) => {
    response.statusCode = status;
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.end(html);
  };

  return async (request, response, next) => {
    const state = shown();
    if (state.problems.length === 0 || (request.method !== "GET" && request.method !== "HEAD")) return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    } catch {
      return next();
    }
    const isPage = pathname.endsWith("/") || pathname.endsWith(".html");
    if (!isPage || !pathname.startsWith(prefix) || pathname.split("/").includes("..")) return next();
    if (state.siteData === "none") return send(response, 200, problemsPageHtml(state, guideTable()));

    const relative = pathname.slice(prefix.length);
    const file = path.join(outputDir, relative.endsWith("/") || relative === "" ? path.join(relative, "index.html") : relative);
    let status = 200;
    let html = await readFile(file, "utf8").catch(() => undefined);
    if (html === undefined) {
      status = 404;
      html = await readFile(path.join(outputDir, "404.html"), "utf8").catch(() => undefined);
    }
    if (html === undefined || !html.includes(MAIN_START)) return next();
    send(response, status, html.replace(MAIN_START, `${MAIN_START}\n${bannerHtml(state, guideTable())}`));
  };
}
