/**
 * The one schema and the loader: every problem named by file, line and field, all in one run.
 * (BOM/CRLF, unknown keys and `npm run check` listing every problem are tested once, in safety.test.ts.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadContent } from "../src/content/load.ts";
import { formatProblem } from "../src/content/problems.ts";
import { createArticleSchema } from "../src/content/schema.ts";
import { loadPortal } from "../src/model/load.ts";
import { article, bundledSiteData, buildFixture, fixtureOptions, makeContent, removeDir } from "./helpers/site.ts";

async function problemsFor(files: Record<string, string | Buffer>, site?: Record<string, unknown>) {
  const content = makeContent({ site, rawFiles: files, pages: false });
  try {
    return await loadContent({ contentDir: content, rootDir: content });
  } finally {
    removeDir(content);
  }
}

test("each missing required field is named with its file, in one run", async () => {
  const result = await problemsFor({
    "articles/no-title.md": "---\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n---\n正文\n",
    "articles/no-date.md": "---\ntitle: 标题\ncolumn: 党风政风\neditor: 王伟\n---\n正文\n",
    "articles/no-column.md": "---\ntitle: 标题\ndate: 2024-05-20\neditor: 王伟\n---\n正文\n",
    "articles/no-editor.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\n---\n正文\n",
  });
  const seen = result.problems.map((problem) => `${problem.file} ${problem.field} ${problem.message}`).sort();
  assert.deepEqual(seen, [
    "articles/no-column.md column is missing",
    "articles/no-date.md date is missing",
    "articles/no-editor.md editor is missing",
    "articles/no-title.md title is missing",
  ]);
  assert.equal(result.articles.length, 0);
});

test("problems point at the line of the field and say how to fix it", async () => {
  const result = await problemsFor({
    "articles/bad.md": "---\ntitle: 标题\ndate: 2024-02-30\ncolumn: 不存在的栏目\neditor: 王伟\noriginalUrl: javascript:alert(1)\n---\n正文\n",
  });
  const lines = result.problems.map(formatProblem);
  assert.deepEqual(lines, [
    'articles/bad.md:3  date  "2024-02-30" is not a real calendar date or time  (check the month (01-12), the day of that month and the time (00:00-23:59, seconds 00-59))',
    `articles/bad.md:4  column  "不存在的栏目" is not a column of this site  (use one of: ${(bundledSiteData().columns as { name: string }[]).map((c) => c.name).join(", ")})`,
    'articles/bad.md:6  originalUrl  "javascript:alert(1)" is not an http(s) address  (give the full http:// or https:// address of the original article)',
    "articles/bad.md:6  source  is missing, and originalUrl marks this article as a reprint: the page would credit it to this site under the reprint disclaimer  (name the site it was reprinted from, e.g. source: 北疆先锋网)",
  ]);
});

test("two articles writing one URL are an error naming both files", async () => {
  const result = await problemsFor({
    "articles/a/same.md": "---\ntitle: 甲\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n---\n",
    "articles/b/same.md": "---\ntitle: 乙\ndate: 2024-05-21\ncolumn: 党风政风\neditor: 王伟\n---\n",
  });
  const clash = result.problems.find((problem) => problem.field === "slug");
  assert.ok(clash);
  assert.equal(clash.file, "articles/b/same.md");
  assert.match(clash.message, /articles\/a\/same\.md/);
});

test("slugs: the slug field, an ASCII file name, or a stable hash for a Chinese file name", async () => {
  const files = {
    "articles/Chosen.md": "---\ntitle: 甲\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\nslug: my-slug\n---\n",
    "articles/Plain-Name.md": "---\ntitle: 乙\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n---\n",
    "articles/乌兰浩特党建.md": "---\ntitle: 丙\ndate: 2024-05-20\ncolumn: 法治建设\neditor: 王伟\n---\n",
  };
  const first = await problemsFor(files);
  const second = await problemsFor(files);
  const urls = first.articles.map((a) => a.url).sort();
  assert.deepEqual(urls.slice(0, 2), ["/dangfeng/my-slug/", "/dangfeng/plain-name/"]);
  assert.match(urls[2] ?? "", /^\/fazhi\/20240520-[0-9a-f]{6}\/$/);
  assert.deepEqual(second.articles.map((a) => a.url).sort(), urls, "the same files give the same URLs");
});

test("the schema's types come from the schema: defaults and transforms", () => {
  const schema = createArticleSchema({ columns: [{ name: "党风政风", slug: "dangfeng" }], timezone: "Asia/Shanghai" });
  const parsed = schema.parse({ ...article(), title: 2024, tags: ["甲", "甲", "乙"], source: "  ", draft: false });
  assert.equal(parsed.title, "2024", "a number written as a title is text");
  assert.deepEqual(parsed.tags, ["甲", "乙"], "repeated tags count once");
  assert.equal(parsed.source, undefined, "a blank optional field means not given");
  assert.equal(parsed.date.iso, "2024-05-20T00:00:00+08:00");
});

test("site data problems are named by their data path", async () => {
  const site = bundledSiteData();
  const result = await problemsFor({}, {
    ...site,
    columns: [{ name: "党风政风", slug: "Dang Feng" }],
    timezone: "Mars/Olympus",
    navPages: [{ title: "关于我们", url: "/about/" }, { title: "坏链接", url: "javascript:alert(1)" }, { title: "外站", url: "//evil.example/" }],
  });
  const fields = result.problems.map((problem) => problem.field).sort();
  assert.deepEqual(fields, ["columns.0.slug", "navPages.1.url", "navPages.2.url", "timezone"]);
  assert.ok(result.problems.every((problem) => problem.file === "_data/site.json"));
});

test("npm start keeps serving with a broken article: it is left out and its problem shown; production refuses", async () => {
  const content = makeContent({
    articles: [
      { path: "good.md", frontmatter: article({ title: "正常文章" }) },
      { path: "broken.md", frontmatter: article({ title: "坏文章", date: "2024-02-30" }) },
    ],
  });
  try {
    const development = await buildFixture(content, { mode: "development" });
    try {
      assert.ok(development.files.includes("dangfeng/good/index.html"));
      assert.ok(!development.files.includes("dangfeng/broken/index.html"));
      // The problem itself is not in the pages: npm start adds it as it serves them (tests/dev.test.ts).
      assert.doesNotMatch(development.page("/"), /dev-problems/);
      const { allProblems } = await loadPortal(fixtureOptions(content, { mode: "development" }), () => {});
      assert.match(allProblems.map(formatProblem).join("\n"), /articles\/broken\.md:\d+  date  "2024-02-30" is not a real calendar date/);
    } finally {
      removeDir(development.outputDir);
    }
    await assert.rejects(buildFixture(content, { mode: "production" }), /articles\/broken\.md:\d+  date/);
  } finally {
    removeDir(content);
  }
});

// ---------------------------------------------------------------------------------------------
// Issue 7 and 10: text as typed, limits, editors' everyday mistakes, site.json at its real line.

const VALID = "title: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n";
const lines = (result: { problems: readonly Parameters<typeof formatProblem>[0][] }) => result.problems.map(formatProblem);

test("frontmatter text stays as typed: 0x1F, 007 and 5.10 are not read as numbers", async () => {
  const result = await problemsFor({
    "articles/numbers.md": "---\ntitle: 0x1F\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 007\nsource: 1e3\ntags: [5.10, 2024, 0o17]\nsummary: .inf\nslug: numbers\n---\n正文\n",
  });
  assert.deepEqual(lines(result), []);
  const data = result.articles[0]?.data;
  assert.equal(data?.title, "0x1F");
  assert.equal(data?.editor, "007");
  assert.equal(data?.source, "1e3");
  assert.equal(data?.summary, ".inf");
  assert.deepEqual(data?.tags, ["5.10", "2024", "0o17"]);
});

test("true or false where text belongs says to quote it; quoted, it is text", async () => {
  const result = await problemsFor({
    "articles/bool.md": `---\n${VALID}author: false\nslug: bool\n---\n正文\n`,
    "articles/quoted.md": `---\n${VALID}author: "false"\nslug: quoted\n---\n正文\n`,
  });
  assert.deepEqual(lines(result), ['articles/bool.md:6  author  reads as the value false, not as text  (put it in quotes to mean the text: "false")']);
  assert.equal(result.articles.find((item) => item.slug === "quoted")?.data.author, "false");
});

test("control characters: raw or escaped, in any field or the body, named with line and column", async () => {
  const result = await problemsFor({
    "articles/raw-tag.md": `---\n${VALID}tags: [基层\u0007治理]\nslug: raw-tag\n---\n正文\n`,
    "articles/escaped-summary.md": `---\n${VALID}summary: "摘要\\u001b[31m"\nslug: escaped-summary\n---\n正文\n`,
    "articles/escaped-cr.md": `---\n${VALID}source: "来源\\r"\nslug: escaped-cr\n---\n正文\n`,
    "articles/body-del.md": `---\n${VALID}slug: body-del\n---\n\n第一段。\n\n第二段\u007f有删除符，第三个\u0085字符。\n`,
    "articles/url-newline.md": `---\n${VALID}source: 新华网\noriginalUrl: "https://www.gov.cn/a\\nb"\nslug: url-newline\n---\n正文\n`,
    // In the frontmatter (YAML is not even read) and in the body: both named in the one run.
    "articles/both.md": `---\n${VALID}summary: 摘\u0000要\nslug: both\n---\n\n正文\u0008。\n`,
  });
  assert.deepEqual(lines(result).sort(), [
    "articles/body-del.md:11  body  contains the invisible control character U+007F (delete) at column 4 (and 1 more in the text)  (delete it (retype the text around it if your editor does not show it), or write a line break if one was meant)",
    "articles/both.md:10  body  contains the invisible control character U+0008 (backspace) at column 3  (delete it (retype the text around it if your editor does not show it), or write a line break if one was meant)",
    "articles/both.md:6  summary  contains the invisible control character U+0000 (NUL) at column 11  (delete it (retype the text around it if your editor does not show it), or write a line break if one was meant)",
    "articles/escaped-cr.md:6  source  contains the invisible control character U+000D (carriage return)  (delete it (retype the text around it if your editor does not show it), or write a line break if one was meant)",
    "articles/escaped-summary.md:6  summary  contains the invisible control character U+001B (escape)  (delete it (retype the text around it if your editor does not show it), or write a line break if one was meant)",
    "articles/raw-tag.md:6  tags  contains the invisible control character U+0007 (control character) at column 10  (delete it (retype the text around it if your editor does not show it), or write a line break if one was meant)",
    'articles/url-newline.md:7  originalUrl  "https://www.gov.cn/a\\x0ab" is not an http(s) address  (give the full http:// or https:// address of the original article)',
  ]);
  assert.equal(result.articles.length, 0);
});

test("a field of only invisible characters is empty: required ones are an error, optional ones not given", async () => {
  const result = await problemsFor({
    "articles/zw-editor.md": `---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: "\u200b\u200c\u200d\u2060\ufeff\u3000"\nslug: zw-editor\n---\n正文\n`,
    "articles/zw-author.md": `---\n${VALID}author: "\u200b"\nsummary: "\u2060 "\nslug: zw-author\n---\n正文\n`,
    "articles/zw-tag.md": `---\n${VALID}tags: [基层治理, "\u200b"]\nslug: zw-tag\n---\n正文\n`,
  });
  assert.deepEqual(lines(result).sort(), [
    "articles/zw-editor.md:5  editor  is empty: it holds only invisible characters (such as a zero-width space)  (name the 责任编辑, e.g. editor: 王伟)",
    "articles/zw-tag.md:6  tags.1  is empty: it holds only invisible characters (such as a zero-width space)  (write a list of words, e.g. tags: [基层治理, 党建引领])",
  ]);
  const author = result.articles.find((item) => item.slug === "zw-author")?.data;
  assert.equal(author?.author, undefined);
  assert.equal(author?.summary, undefined);
});

test("a full-width colon after a key, a missing space, a full-width comma in a list: named at their line with the fix", async () => {
  const result = await problemsFor({
    "articles/colon.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn：党风政风\neditor: 王伟\nslug: colon\n---\n正文\n",
    "articles/nospace.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor:王伟\nslug: nospace\n---\n正文\n",
    "articles/comma.md": `---\n${VALID}tags: [基层治理，党建引领]\nslug: comma\n---\n正文\n`,
    "articles/list.md": `---\n${VALID}tags:\n  - 基层治理\n  - 党建引领、作风建设\nslug: list\n---\n正文\n`,
  });
  assert.deepEqual(lines(result).sort(), [
    'articles/colon.md:4  column  has a full-width colon "：" after the key; only the ASCII colon ":" separates a key from its value  (write column: 党风政风 (an ASCII colon and a space))',
    'articles/comma.md:6  tags.0  "基层治理，党建引领" has a full-width "，" in it, so it is read as one tag, not several  (write a list of words, e.g. tags: [基层治理, 党建引领])',
    'articles/list.md:8  tags.1  "党建引领、作风建设" has a full-width "、" in it, so it is read as one tag, not several  (write a list of words, e.g. tags: [基层治理, 党建引领])',
    "articles/nospace.md:5  editor  has no space after the colon, so YAML reads the whole line as text  (write editor: 王伟)",
  ]);
});

test("a reprint without source is an error at its originalUrl line; with a source it loads", async () => {
  const result = await problemsFor({
    "articles/no-source.md": `---\n${VALID}originalUrl: https://www.gov.cn/a.htm\nslug: no-source\n---\n正文\n`,
    "articles/blank-source.md": `---\n${VALID}source: "\u200b"\noriginalUrl: https://www.gov.cn/b.htm\nslug: blank-source\n---\n正文\n`,
    "articles/with-source.md": `---\n${VALID}source: 新华网\noriginalUrl: https://www.gov.cn/c.htm\nslug: with-source\n---\n正文\n`,
  });
  assert.deepEqual(
    result.problems.map((problem) => `${problem.file}:${problem.line} ${problem.field}`).sort(),
    ["articles/blank-source.md:7 source", "articles/no-source.md:6 source"],
  );
  assert.match(result.problems[0]?.message ?? "", /reprint/);
  assert.deepEqual(result.articles.map((item) => item.slug), ["with-source"]);
});

test("a date with seconds is accepted; an empty body is a warning; the article still loads", async () => {
  const result = await problemsFor({
    "articles/seconds.md": "---\ntitle: 标题\ndate: 2024-06-01 10:30:00\ncolumn: 党风政风\neditor: 王伟\nslug: seconds\n---\n正文\n",
    "articles/empty.md": `---\n${VALID}slug: empty\n---\n\n\u200b\n  \n`,
  });
  assert.deepEqual(lines(result), ["articles/empty.md:8  body  warning: is empty: the page will show only the headline  (write the text below the closing --- line)"]);
  assert.equal(result.articles.find((item) => item.slug === "seconds")?.data.date.iso, "2024-06-01T10:30:00+08:00");
  assert.equal(result.articles.length, 2);
});

test("no slug and a file name that is not ASCII: a warning whose fix keeps today's URL", async () => {
  const files = { "articles/dangfeng/乌兰浩特党建.md": `---\n${VALID}---\n正文\n` };
  const before = await problemsFor(files);
  const [warning] = before.problems;
  assert.equal(before.problems.length, 1);
  assert.equal(warning?.severity, "warning");
  assert.equal(warning?.field, "slug");
  const url = before.articles[0]?.url ?? "";
  const slug = /\/([^/]+)\/$/.exec(url)?.[1] ?? "";
  assert.match(slug, /^20240520-[0-9a-f]{6}$/);
  assert.equal(warning?.fix, `add slug: ${slug}, so the URL survives renaming the file`);
  const after = await problemsFor({ "articles/dangfeng/改名以后.md": `---\n${VALID}slug: ${slug}\n---\n正文\n` });
  assert.deepEqual(lines(after), []);
  assert.equal(after.articles[0]?.url, url, "with the suggested slug, the renamed file keeps its URL");
});

test("limits from site.json: tags per article, tag, slug and title length, body bytes", async () => {
  const site = { ...bundledSiteData(), limits: { tagsPerArticle: 2, tagLength: 4, slugLength: 8, titleLength: 6, bodyBytes: 64 } };
  const result = await problemsFor(
    {
      "articles/ok.md": "---\ntitle: 六个字的标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\ntags: [基层治理, 党建]\nslug: ok\n---\n正文\n",
      "articles/tags.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\ntags: [甲, 乙, 丙]\nslug: tags\n---\n正文\n",
      "articles/tag.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\ntags: [五个字标签]\nslug: tag\n---\n正文\n",
      "articles/slug.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\nslug: nine-char\n---\n正文\n",
      "articles/title.md": "---\ntitle: 七个字的长标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\nslug: title\n---\n正文\n",
      "articles/body.md": `---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\nslug: body\n---\n${"正文".repeat(11)}\n`,
      "articles/longname-is-too-long.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n---\n正文\n",
      "articles/huge.md": Buffer.alloc(64 + 65_536 + 1, "a"),
    },
    site,
  );
  assert.deepEqual(lines(result).sort(), [
    "articles/body.md:8  body  is 67 bytes, more than the limit of 64  (split it into several articles, or raise limits.bodyBytes in site.json)",
    "articles/huge.md:1  file  is 65601 bytes, more than the site's limit allows (limits.bodyBytes in site.json)  (split it into several articles, or raise the limit)",
    "articles/longname-is-too-long.md:1  slug  is not set, and the file name gives a slug of 20 characters, more than the limit of 8  (add a short slug: line, e.g. slug: wulanhaote-dangjian, or rename the file)",
    "articles/slug.md:6  slug  is 9 characters long, more than the limit of 8  (use a few words, e.g. slug: wulanhaote-dangjian, or raise limits.slugLength in site.json)",
    "articles/tag.md:6  tags.0  is 5 characters long, more than the limit of 4  (shorten it, or raise limits.tagLength in site.json)",
    "articles/tags.md:6  tags  has 3 tags, more than the limit of 2  (keep the few tags readers would look for, or raise limits.tagsPerArticle in site.json)",
    "articles/title.md:2  title  is 7 characters long, more than the limit of 6  (shorten it, or raise limits.titleLength in site.json)",
  ]);
  assert.ok(result.articles.some((item) => item.slug === "ok"), "an article inside every limit loads");
});

/** A content folder whose site.json is exactly `text`. */
async function siteProblems(text: string) {
  const content = makeContent({ rawFiles: { "articles/ok.md": `---\n${VALID}slug: ok\n---\n正文\n` }, pages: false });
  writeFileSync(path.join(content, "_data", "site.json"), text);
  try {
    return await loadContent({ contentDir: content, rootDir: content });
  } finally {
    removeDir(content);
  }
}

const SITE_TEXT = JSON.stringify(bundledSiteData(), null, 2);
const siteLine = (needle: string) => SITE_TEXT.slice(0, SITE_TEXT.indexOf(needle)).split("\n").length;

test("site.json: url is a URL that reads back as written; a newline, a space, a query are refused", async () => {
  for (const url of ["https://www.lzfz.org.cn\nDisallow: /", "https://www.lzfz.org.cn/a b", " https://www.lzfz.org.cn", "https://WWW.lzfz.org.cn", "https://www.lzfz.org.cn?x=1", "javascript:alert(1)", "//www.lzfz.org.cn"]) {
    const result = await siteProblems(JSON.stringify({ ...bundledSiteData(), url }, null, 2));
    assert.equal(result.site, undefined, JSON.stringify(url));
    assert.deepEqual(result.problems.map((problem) => `${problem.field}:${problem.line}`), [`url:${siteLine('"url"')}`], `${JSON.stringify(url)}: ${lines(result).join("\n")}`);
  }
  const good = await siteProblems(JSON.stringify({ ...bundledSiteData(), url: "https://www.lzfz.org.cn/" }, null, 2));
  assert.equal(good.site?.url, "https://www.lzfz.org.cn");
});

test("site.json: navPages are site paths or http(s) addresses after URL parsing", async () => {
  const navPages = [
    { title: "关于我们", url: "/about/" },
    { title: "外站", url: "https://www.gov.cn/" },
    { title: "反斜杠", url: "/\\evil.com" },
    { title: "协议相对", url: "//evil.com/" },
    { title: "空格", url: "/about us/" },
    { title: "制表符", url: "/\tabout/" },
    { title: "相对", url: "about/" },
  ];
  const result = await siteProblems(JSON.stringify({ ...bundledSiteData(), navPages }, null, 2));
  assert.deepEqual(result.problems.map((problem) => problem.field), ["navPages.2.url", "navPages.3.url", "navPages.4.url", "navPages.5.url", "navPages.6.url"]);
});

test("site.json mistakes are reported at their real line", async () => {
  const site = bundledSiteData();
  const text = JSON.stringify({ ...site, columns: [...(site.columns as object[]), { name: "新栏目", slug: "Bad Slug" }], limits: { tagsPerArticel: 5 } }, null, 2);
  const result = await siteProblems(text);
  const at = (needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;
  assert.deepEqual(result.problems.map((problem) => `${problem.field}:${problem.line}`), [`columns.8.slug:${at('"Bad Slug"')}`, `limits.tagsPerArticel:${at('"tagsPerArticel"')}`]);

  // The key "name" appears many times; the one that is wrong is reported, not the first.
  const footer = JSON.stringify({ ...site, footer: { ...(site.footer as object), qq: [{ label: "客服QQ", number: "" }] } }, null, 2);
  const qq = await siteProblems(footer);
  assert.deepEqual(qq.problems.map((problem) => `${problem.field}:${problem.line}`), [`footer.qq.0.number:${footer.slice(0, footer.indexOf('"number": ""')).split("\n").length}`]);
});

test("site.json syntax: a trailing comma, a full-width colon, a control character: each at its line", async () => {
  const trailing = SITE_TEXT.replace('"pathPrefix": "/",', '"pathPrefix": "/",,');
  const trailingResult = await siteProblems(trailing);
  assert.equal(trailingResult.problems.length, 1);
  assert.equal(trailingResult.problems[0]?.line, siteLine('"pathPrefix"'));

  const lastComma = SITE_TEXT.replace(/(\S)\n}$/, "$1,\n}");
  const lastResult = await siteProblems(lastComma);
  assert.match(lastResult.problems[0]?.message ?? "", /comma after the last entry/);
  assert.equal(lastResult.problems[0]?.line, SITE_TEXT.split("\n").length - 1);

  const fullWidth = SITE_TEXT.replace('"lang": "zh-CN"', '"lang"："zh-CN"');
  const fullResult = await siteProblems(fullWidth);
  assert.match(fullResult.problems[0]?.message ?? "", /full-width "："/);
  assert.equal(fullResult.problems[0]?.line, siteLine('"lang"'));

  const control = SITE_TEXT.replace('"welcome": "', '"welcome": "\\u000b');
  const controlResult = await siteProblems(control);
  assert.deepEqual(lines(controlResult), [
    `_data/site.json:${siteLine('"welcome"')}  welcome  contains the invisible control character U+000B (vertical tab, often left by pasting from Word)  (delete it (retype the text around it if your editor does not show it), or write a line break if one was meant)`,
  ]);
});

test("a problem is always one printable line: control characters in a file name or a value are written as escapes", () => {
  const line = formatProblem({ severity: "error", file: "articles/esc\u001b[2J\u001b[31mred\n.md", line: 3, field: "title", message: 'is "a\rb"', fix: "rename the file" });
  assert.equal(line, 'articles/esc\\x1b[2J\\x1b[31mred\\x0a.md:3  title  is "a\\x0db"  (rename the file)');
  assert.equal(formatProblem({ severity: "error", file: "articles/\u202eexe.md", line: 1, field: "file", message: "m\u2028n", fix: "f" }), "articles/\\u202eexe.md:1  file  m\\u2028n  (f)");
});
