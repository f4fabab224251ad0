/** The one schema and the loader: every problem named by file, line and field, all in one run. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { loadContent } from "../src/content/load.ts";
import { formatProblem } from "../src/content/problems.ts";
import { createArticleSchema } from "../src/content/schema.ts";
import { ROOT, article, bundledSiteData, buildFixture, makeContent, removeDir } from "./helpers/site.ts";

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

test("BOM and CRLF are accepted; GBK is reported as not UTF-8; broken YAML names its line", async () => {
  const gbkTitle = Buffer.from([0xb1, 0xea, 0xcc, 0xe2]); // 标题 in GBK
  const result = await problemsFor({
    "articles/bom-crlf.md": "\ufeff---\r\ntitle: 带BOM的文章\r\ndate: 2024-05-20\r\ncolumn: 党风政风\r\neditor: 王伟\r\n---\r\n正文\r\n",
    "articles/gbk.md": Buffer.concat([Buffer.from("---\ntitle: "), gbkTitle, Buffer.from("\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n---\n")]),
    "articles/yaml.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: [党风政风\neditor: 王伟\n---\n正文\n",
  });
  assert.deepEqual(result.articles.map((a) => a.data.title), ["带BOM的文章"]);
  const byFile = new Map(result.problems.map((problem) => [problem.file, problem]));
  assert.match(byFile.get("articles/gbk.md")?.message ?? "", /not UTF-8.*GBK/);
  assert.equal(byFile.get("articles/gbk.md")?.field, "file");
  assert.equal(byFile.get("articles/yaml.md")?.field, "frontmatter");
  assert.match(byFile.get("articles/yaml.md")?.message ?? "", /YAML does not parse/);
  assert.ok((byFile.get("articles/yaml.md")?.line ?? 0) >= 4, "the line of the broken YAML or after it");
});

test("unknown keys are warnings; the article still loads", async () => {
  const result = await problemsFor({ "articles/typo.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\ncolum: 党风政风\n---\n正文\n" });
  assert.equal(result.articles.length, 1);
  assert.deepEqual(
    result.problems.map((problem) => [problem.severity, problem.field, problem.line]),
    [["warning", "colum", 6]],
  );
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

test("npm run check lists every problem and exits 1; the bundled content passes", () => {
  const content = makeContent({
    rawFiles: {
      "articles/one.md": "---\ntitle: \ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n---\n",
      "articles/two.md": "---\ntitle: 标题\ndate: 2024-5-20\ncolumn: 党风政风\neditor: 王伟\n---\n",
    },
  });
  try {
    const bad = spawnSync(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: ROOT, env: { ...process.env, PORTAL_CONTENT: content }, encoding: "utf8" });
    assert.equal(bad.status, 1);
    const relative = path.relative(ROOT, content);
    assert.match(bad.stderr, new RegExp(`${relative}/articles/one\\.md:2  title  is empty`));
    assert.match(bad.stderr, new RegExp(`${relative}/articles/two\\.md:3  date  "2024-5-20"`));
    assert.match(bad.stderr, /2 error\(s\) in 2 file\(s\)/);

    const good = spawnSync(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /^OK: site data, \d+ articles and 3 pages checked/);
  } finally {
    removeDir(content);
  }
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
      const home = development.page("/");
      assert.match(home, /<section class="dev-problems" role="alert"/);
      assert.match(home, /articles\/broken\.md:\d+  date  &quot;2024-02-30&quot; is not a real calendar date/);
    } finally {
      removeDir(development.outputDir);
    }
    await assert.rejects(buildFixture(content, { mode: "production" }), /articles\/broken\.md:\d+  date/);
  } finally {
    removeDir(content);
  }
});
