import assert from "node:assert/strict";
import test from "node:test";
import { minifyHtml } from "../src/minify.ts";

const page = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8">
    <title>标题 &amp; 副题</title>
    <!-- a template comment -->
    <script type="application/ld+json">{"headline":"A & B","url":"https://example.org/?a=1&b=2"}</script>
    <script src="/assets/enhance.js" defer></script>
  </head>
  <body>
    <p class="font-size-tools" hidden>
      <button type="button" data-font-size="large">大</button>
      <button type="button" data-font-size="normal">中</button>
    </p>
    <ul>
      <li><a href="https://service.weibo.com/share/share.php?url=x&amp;title=y">新浪微博</a></li>
      <li><a href="/b/">乙</a> <a href="/c/">丙</a></li>
    </ul>
    <pre>  缩进
    保留  </pre>
    <p title="say &quot;hi&quot; &lt;script&gt;">正文第一段，&lt;script&gt;alert(1)&lt;/script&gt; &nbsp;&#12288;
    第二行。</p>
  </body>
</html>
`;

test("the production minifier keeps the markup tools expect and only drops what renders the same", async () => {
  const html = await minifyHtml(page);
  assert.ok(html.length < page.length, "smaller");
  assert.doesNotMatch(html, /<!--/, "comments removed");
  assert.doesNotMatch(html, />\s*\n\s*</, "no indentation between tags");
  for (const tag of ["<html lang=\"zh-CN\">", "<head>", "</head>", "<body>", "</body>", "</html>", "</li>", "</p>", "</ul>"]) {
    assert.ok(html.includes(tag), `${tag} is kept (no tag omission)`);
  }
  assert.match(html, /<script src="\/assets\/enhance\.js" defer><\/script>/, "attributes quoted, boolean attributes as written");
  assert.match(html, /<p class="font-size-tools" hidden>/);
  assert.match(html, /share\.php\?url=x&amp;title=y"/, "& in a link stays encoded");
  assert.match(html, /<title>标题 &amp; 副题<\/title>/);
  assert.ok(html.includes(`{"headline":"A & B","url":"https://example.org/?a=1&b=2"}`), "JSON-LD untouched");
  assert.match(html, /<a href="\/b\/">乙<\/a> <a href="\/c\/">丙<\/a>/, "one space kept between inline elements");
  // A newline right after <pre> is not part of its text; swc writes one so leading spaces survive.
  assert.ok(html.includes("<pre>\n  缩进\n    保留  </pre>"), "preformatted text untouched");
  assert.ok(html.includes(`<p title="say &quot;hi&quot; &lt;script&gt;">正文第一段，&lt;script&gt;alert(1)&lt;/script&gt; &nbsp;&#12288; 第二行。</p>`), "character references exactly as written; a line break in text becomes one space, as the browser renders it");
  assert.equal(await minifyHtml(`<p>\uE000 &amp; \uE001</p>`), `<html><head></head><body><p>\uE000 &amp; \uE001</p></body></html>`, "private-use characters in the text survive");
  assert.equal(await minifyHtml(page), html, "the same input gives the same output");
});
