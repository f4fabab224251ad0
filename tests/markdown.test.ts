/** The Markdown policy: raw HTML stays text, hostile links are not links, external links are marked. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { firstParagraphText, isSafeHref, renderMarkdown } from "../src/markdown.ts";

test("raw HTML in an article is shown as text, never passed through", () => {
  const html = renderMarkdown('正文<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n<iframe src="https://evil.example"></iframe>');
  assert.doesNotMatch(html, /<script|<img|<iframe/i);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
  assert.match(html, /&lt;iframe/);
});

test("javascript:, data:, vbscript: and file: links are not rendered as links", () => {
  const sources = [
    "[点我](javascript:alert(1))",
    "[点我](JAVASCRIPT:alert(1))",
    "[点我](java\tscript:alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[点我](vbscript:msgbox(1))",
    "[点我](file:///etc/passwd)",
    "![图](javascript:alert(1))",
    "![图](data:image/svg+xml;base64,PHN2Zz4=)",
    "<javascript:alert(1)>",
  ];
  for (const source of sources) {
    const html = renderMarkdown(source);
    assert.doesNotMatch(html, /<a |<img /, source);
    assert.doesNotMatch(html, /href=|src=/, source);
  }
});

test("http(s), mailto, tel and relative links are links; external ones get rel=noopener noreferrer", () => {
  const html = renderMarkdown("[原文](https://www.gov.cn/a.html) [邮件](mailto:a@b.cn) [电话](tel:01056212745) [栏目](/dangfeng/) [锚点](#top) https://flk.npc.gov.cn/");
  assert.match(html, /<a href="https:\/\/www\.gov\.cn\/a\.html" rel="noopener noreferrer">原文<\/a>/);
  assert.match(html, /<a href="mailto:a@b\.cn">邮件<\/a>/);
  assert.match(html, /<a href="tel:01056212745">电话<\/a>/);
  assert.match(html, /<a href="\/dangfeng\/">栏目<\/a>/);
  assert.match(html, /<a href="#top">锚点<\/a>/);
  assert.match(html, /<a href="https:\/\/flk\.npc\.gov\.cn\/" rel="noopener noreferrer">/, "bare addresses become links too");
  assert.doesNotMatch(html, /href="\/dangfeng\/" rel=/, "site links are not marked external");
});

test("isSafeHref decides by scheme, ignoring case and hidden whitespace", () => {
  for (const href of ["https://a.cn", "http://a.cn", "//a.cn/x", "/a/", "a/b", "#x", "?q=1", "mailto:x@y.cn", "tel:110"]) assert.equal(isSafeHref(href), true, href);
  for (const href of ["javascript:x", " javascript:x", "JaVaScRiPt:x", "java\nscript:x", "data:text/html,x", "vbscript:x", "file:///x", "blob:x", "\\\\evil/x", "/\\evil.com"]) assert.equal(isSafeHref(href), false, href);
});

test("remote images are lazy and send no Referer, tables scroll instead of overflowing a phone", () => {
  const html = renderMarkdown("![乌兰浩特](https://img.example.cn/a.jpg)\n\n| 项目 | 数量 |\n| --- | --- |\n| 党群服务站 | 105 |");
  assert.match(html, /<img src="https:\/\/img\.example\.cn\/a\.jpg" alt="乌兰浩特" referrerpolicy="no-referrer" loading="lazy" decoding="async">/);
  assert.match(html, /<div class="table-scroll"><table>[\s\S]*<\/table><\/div>/);
});

test("the first paragraph gives a plain-text description, cut with an ellipsis", () => {
  assert.equal(firstParagraphText("## 小标题\n\n第一段**重点**内容，[链接](https://a.cn)。\n\n第二段。"), "第一段重点内容，链接。");
  assert.equal(firstParagraphText("<b>粗体</b>文字"), "<b>粗体</b>文字", "markup stays literal text (escaped where printed)");
  const long = "字".repeat(300);
  assert.equal(firstParagraphText(long, 120).length, 120);
  assert.ok(firstParagraphText(long, 120).endsWith("…"));
  assert.equal(firstParagraphText(""), "");
});

/** The text a reader sees in rendered HTML: tags out, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

test("a page of every construct an editor can type keeps every word of it", () => {
  const source = readFileSync(path.join(import.meta.dirname, "fixtures", "every-construct.md"), "utf8");
  const html = renderMarkdown(source);
  const text = visibleText(html);
  const words = [
    "一级标题文字", "二级标题文字", "三级标题文字", "四级标题文字", "设置型标题文字",
    "粗体文字", "斜体文字", "删除文字", "行内代码文字", "链接文字", "栏目链接", "https://www.12388.gov.cn/", "https://flk.npc.gov.cn/",
    "硬换行之后的文字", "反斜杠换行之后的文字",
    "无序列表第一项", "嵌套列表子项", "更深一层子项", "无序列表第三项", "有序列表第二项", "有序嵌套子项", "星号列表项", "加号列表项",
    "[ ] 待办事项文字", "[x] 已办事项文字",
    "引用第一段文字", "嵌套引用文字", "引用里的列表项",
    "左对齐列", "居中列", "右对齐列", "表格甲", "表格己 | 多出来的单元格", "只有一格",
    "第一条脚注文字。", "第二条脚注文字， 缩进的续行文字。", "行内脚注文字", "[^unused]: 没人引用的脚注文字。",
    "[注]: 看起来像链接定义的文字", "[参考链接文字][注]",
    "围栏代码块文字 <b>不是标记</b>", "波浪围栏代码文字", "缩进代码块文字",
    '<span class="x">行内标记文字</span>', "<!-- 注释文字 -->", "<div>块级HTML文字</div>", '<script>alert("脚本文字")</script>',
    "[不安全链接文字](javascript:alert(1))", "*星号文字*", "_下划线文字_", "实体文字&与©符号", "全角空格开头的段落文字",
  ];
  const lost = words.filter((word) => !text.includes(word));
  assert.deepEqual(lost, [], "every word survives rendering");
  assert.match(html, /alt="图片说明文字"/, "an image keeps its description");
  assert.doesNotMatch(html, /<(script|span|div class="x")\b/, "raw HTML stays text");
});

test("footnotes render as numbered footnotes with links both ways", () => {
  const html = renderMarkdown("正文[^1]。\n\n[^1]: 脚注的文字。");
  assert.match(html, /<sup class="footnote-ref"><a href="#fn1" id="fnref1">\[1\]<\/a><\/sup>/);
  assert.match(html, /<section class="footnotes">[\s\S]*<li id="fn1" class="footnote-item"><p>脚注的文字。 <a href="#fnref1" class="footnote-backref">/);
  assert.doesNotMatch(renderMarkdown("没有引用。\n\n[^9]: 孤立的脚注。"), /<section/, "an unreferenced definition stays in place as text");
});

test("table alignment is a class, never an inline style (the pages' CSP blocks inline styles)", () => {
  const html = renderMarkdown("| 左 | 中 | 右 | 默认 |\n| :-- | :-: | --: | --- |\n| 1 | 2 | 3 | 4 |");
  assert.doesNotMatch(html, /style=/);
  assert.match(html, /<th class="align-left">左<\/th>\n<th class="align-center">中<\/th>\n<th class="align-right">右<\/th>\n<th>默认<\/th>/);
  assert.match(html, /<td class="align-right">3<\/td>\n<td>4<\/td>/);
  const css = readFileSync(path.join(import.meta.dirname, "..", "templates", "assets", "site.css"), "utf8");
  for (const align of ["center", "right"]) assert.match(css, new RegExp(`\\.align-${align} \\{ text-align: ${align}; \\}`));
});

test("a body's # heading becomes an h2: the article title is the page's only h1", () => {
  assert.equal(renderMarkdown("# 小标题\n\n## 次标题"), "<h2>小标题</h2>\n<h2>次标题</h2>\n");
});

test("a paragraph indented with spaces stays a paragraph (never a code block); fenced code is a code block", () => {
  const html = renderMarkdown("    第一段缩进了四个空格，是正文。\n\n        第二段缩进八个空格。\n\n```\nnpm run build\n```\n");
  assert.equal(html, "<p>第一段缩进了四个空格，是正文。</p>\n<p>第二段缩进八个空格。</p>\n<pre><code>npm run build\n</code></pre>\n");
});

test("of two footnote definitions with one label the first is the footnote and the second stays as text: no text is lost", () => {
  const html = renderMarkdown("正文[^1]。\n\n[^1]: 第一个定义文字\n\n[^1]: 第二个定义文字\n");
  assert.match(html, /<li id="fn1" class="footnote-item"><p>第一个定义文字/);
  assert.match(html, /<p>\[\^1\]: 第二个定义文字<\/p>/);
});

test("footnotes cost the same each however many there are: 20,000 in one body all render, in order", { timeout: 60_000 }, () => {
  const count = 20_000;
  const body = Array.from({ length: count }, (_, i) => `注${i}[^${i}]`).join("\n\n") + "\n\n" + Array.from({ length: count }, (_, i) => `[^${i}]: 说明${i}`).join("\n");
  const html = renderMarkdown(body);
  const items = html.match(/<li id="fn\d+" class="footnote-item">/g) ?? [];
  assert.equal(items.length, count);
  const notes = html.slice(html.indexOf('<section class="footnotes">'));
  assert.match(notes, /^<section class="footnotes">\n<ol class="footnotes-list">\n<li id="fn1" class="footnote-item"><p>说明0 /, "in the order they are referred to");
  assert.match(notes, /<li id="fn20000" class="footnote-item"><p>说明19999 /);
});
