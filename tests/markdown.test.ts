/** The Markdown policy: raw HTML stays text, hostile links are not links, external links are marked. */
import { test } from "node:test";
import assert from "node:assert/strict";
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
