/**
 * docs/编辑指南.md cannot drift from the code: every message the loader, the site data, `npm run
 * new` and `npm run import` produce for a broad set of mistakes (the broken-article corpus and the
 * cases below) is quoted in the guide, every field's fix is there word for word, and every
 * frontmatter key has a row. A new or reworded message fails here until the guide explains it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { loadContent } from "../src/content/load.ts";
import { adviceFor, messageTemplate as template, parseGuide, shownText as shown } from "../src/content/guide.ts";
import type { Problem } from "../src/content/problems.ts";
import { ARTICLE_KEYS, FIELD_FIXES } from "../src/content/schema.ts";
import { readExisting } from "../src/editor/destination.ts";
import { badNowProblem, createArticle, formatFlagProblem, noTerminalMessage, type FlagProblem } from "../src/editor/new-article.ts";
import { importFile, importFiles, listInputs, slugForManyProblem } from "../src/importer/import.ts";
import { ROOT, article, bundledSiteData, makeContent, removeDir, tempDir } from "./helpers/site.ts";

const GUIDE_FILE = path.join(ROOT, "docs", "编辑指南.md");
const guide = readFileSync(GUIDE_FILE, "utf8");

const guideSpans = new Set([...guide.matchAll(/`([^`\n]+)`/g)].map((match) => template(match[1] ?? "")));

function missingFromGuide(lines: Iterable<string>): string[] {
  return [...new Set(lines)].filter((line) => !guideSpans.has(template(line)));
}

/** npm start's problems box shows the guide's 怎么办 for each problem: a row of section 8 must quote it. */
const guideTable = parseGuide(guide);
function withoutAdvice(problems: readonly Problem[]): string[] {
  return problems.filter((problem) => adviceFor(guideTable, problem) === undefined).map(shown);
}

async function problemsOf(contentDir: string): Promise<Problem[]> {
  return (await loadContent({ contentDir, rootDir: contentDir })).problems;
}

test("every problem an article file can have is quoted in the guide", async () => {
  const contentDir = makeContent({
    pages: false,
    articles: [
      { path: "dangfeng/placeholder.md", frontmatter: article({ editor: "待填写" }) },
      { path: "dangfeng/unknown-key.md", frontmatter: { ...article(), colum: "党风政风" } },
      { path: "dangfeng/texts.md", frontmatter: "title: [一, 二]\ndate: 2024-05-20\ncolumn: 党风政风\neditor:\nsource: [a]\nauthor: [b]\nproofreader: [c]\nsummary: [d]\nfeatured: 是" },
      { path: "dangfeng/same.md", frontmatter: article({ date: "2024-05-20" }) },
      { path: "dangfeng/more/same.md", frontmatter: article({ date: "2024-05-21" }) },
      { path: "dangfeng/pager.md", frontmatter: article({ slug: "page" }) },
      { path: "dangfeng/long.md", frontmatter: article({ slug: "a".repeat(300), tags: ["x".repeat(300)] }) },
    ],
  });
  try {
    cpSync(path.join(ROOT, "tests", "fixtures", "broken"), path.join(contentDir, "articles", "broken"), { recursive: true });
    rmSync(path.join(contentDir, "articles", "broken", "cases.json"));
    const problems = await problemsOf(contentDir);
    const fields = new Set(problems.map((problem) => problem.field));
    for (const field of ["file", "frontmatter", "title", "date", "column", "editor", "originalUrl", "tags", "slug", "draft", "featured", "source", "author", "proofreader", "summary", "colum"]) {
      assert.ok(fields.has(field), `the cases produce a ${field} problem`);
    }
    assert.deepEqual(missingFromGuide(problems.map(shown)), []);
    assert.deepEqual(withoutAdvice(problems), []);
  } finally {
    removeDir(contentDir);
  }
});

test("every problem of photos, attachments and site files is quoted in the guide", async () => {
  const jpg = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#fff" } }).jpeg().toBuffer();
  const head = "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n";
  const site = { ...bundledSiteData(), logo: "/nope.png", publicSecurityBadge: "/bad.png" };
  const body = ["![](ok.jpg)", "![坏](bad.jpg)", "![大](big.jpg)", "[大](big.pdf)", "[无](none.pdf)", "![甲](x/same.jpg)", "![乙](y/same.jpg)", "[笔记](notes.md)", "[网站](www.gov.cn)", "![文](doc.pdf)", "![远](https://a.cn/a.jpg)", "[外](../../../x.txt)", "![夹](folder.jpg)"].join("\n\n");
  const contentDir = makeContent({
    site,
    pages: false,
    rawFiles: {
      "articles/a/index.md": `${head}attachments: 通知.pdf\n---\n${body}\n`,
      "articles/a/ok.jpg": jpg,
      "articles/a/bad.jpg": "x",
      "articles/a/big.jpg": "",
      "articles/a/big.pdf": "",
      "articles/a/x/same.jpg": jpg,
      "articles/a/y/same.jpg": Buffer.concat([jpg, Buffer.from([0])]),
      "articles/a/folder.jpg/x.txt": "x",
      "articles/b.md": `${head}cover: 封面.jpg\nattachments:\n  - { title: 没有文件 }\n---\n正文\n`,
      "articles/c.md": `${head}cover: { file: https://a.cn/a.jpg, alt: 远程 }\nattachments:\n  - photo.jpg\n---\n正文\n`,
      "articles/d.md": `${head}cover: { file: a.jpg }\n---\n正文\n`,
      "static/robots.txt": "x",
      "static/assets/a.css": "x",
      "static/dangfeng/feed.xml": "x",
      "static/bad.png": "x",
      "static/about/index.html": "x",
      "pages/about.md": "---\ntitle: 关于\n---\n正文\n",
    },
  });
  try {
    // Over the default limits (10 MB, 20 MB) without writing the bytes: sparse files.
    truncateSync(path.join(contentDir, "articles", "a", "big.jpg"), 11 * 1024 * 1024);
    truncateSync(path.join(contentDir, "articles", "a", "big.pdf"), 21 * 1024 * 1024);
    const problems = await problemsOf(contentDir);
    const fields = new Set(problems.map((problem) => problem.field));
    for (const field of ["image", "attachment", "attachments", "cover", "file", "slug", "logo", "publicSecurityBadge"]) assert.ok(fields.has(field), `the cases produce a ${field} problem`);
    assert.ok(problems.length >= 20, problems.map(shown).join("\n"));
    assert.deepEqual(missingFromGuide(problems.map(shown)), []);
    assert.deepEqual(withoutAdvice(problems), []);
  } finally {
    removeDir(contentDir);
  }
});

test("the site data's problems are quoted in the guide", async () => {
  const site = bundledSiteData();
  const columns = site["columns"] as { name: string; slug: string }[];
  const cases: Record<string, unknown>[] = [
    { ...site, columns: [{ ...columns[0], slug: "tags" }, ...columns.slice(1)] },
    { ...site, columns: [...columns, { name: "新栏目", slug: "Bad Slug" }] },
    { ...site, columns: [...columns, columns[1]] },
    { ...site, tagSlugs: { 廉政: "lianzheng", 廉政教育: "lianzheng" } },
  ];
  const problems: Problem[] = [];
  for (const data of cases) {
    const contentDir = makeContent({ site: data, pages: false });
    problems.push(...(await problemsOf(contentDir)));
    removeDir(contentDir);
  }
  const broken = makeContent({ pages: false, rawFiles: { "_data/site.json": '{ "name": "廉政法治网", }' } });
  problems.push(...(await problemsOf(broken)));
  rmSync(path.join(broken, "_data", "site.json"));
  problems.push(...(await problemsOf(broken)));
  removeDir(broken);
  const lines = problems.map(shown);
  assert.ok(lines.length >= 6, lines.join("\n"));
  assert.deepEqual(missingFromGuide(lines), []);
  assert.deepEqual(withoutAdvice(problems), []);
});

test("every message of npm run new is quoted in the guide", async () => {
  const contentDir = makeContent({ pages: false, rawFiles: { "articles/dangfeng/taken.md": "x" } });
  try {
    const existing = await readExisting({ contentDir, rootDir: contentDir });
    assert.ok(existing.ok);
    const options = { location: { contentDir, rootDir: contentDir }, existing: existing.existing, now: 0, dryRun: true };
    const problems: FlagProblem[] = [badNowProblem("昨天")];
    for (const request of [{}, { column: "党风", title: "标题", editor: "王伟", source: "新华网", date: "2024-02-30", originalUrl: "ftp://a" }, { column: "党风政风", title: "标题", editor: "王伟", slug: "taken" }, { column: "党风政风", title: "标题", editor: "王伟", slug: "page" }]) {
      const result = await createArticle(request, options);
      assert.equal(result.ok, false);
      if (!result.ok) problems.push(...result.problems);
    }
    // A flag's value is judged by the schema: the guide quotes the line with the flag, or the schema's
    // own message (8.1) and says the flag stands on the left.
    const lines = problems.map((problem) => {
      const line = formatFlagProblem(problem);
      return guideSpans.has(template(line)) ? line : `${problem.message}  (${problem.fix})`;
    });
    assert.deepEqual(missingFromGuide([...lines, noTerminalMessage(["column", "editor"])]), []);
  } finally {
    removeDir(contentDir);
  }
});

test("every message of npm run import is quoted in the guide", async () => {
  const inputs = tempDir("portal-guide-in-");
  const contentDir = makeContent({ pages: false, rawFiles: { "articles/dangfeng/taken.md": "x" } });
  try {
    const texts: Record<string, string> = {
      "no-title.txt": "发布时间:2024-05-20\n正文。\n",
      "no-date.txt": "标题\n来源:新华网\n正文。\n",
      "no-body.txt": "标题\n",
      "foreign.txt": "当前所在:首页 > 新闻中心 > 基层动态 > 正文\n标题\n发布时间:2024-05-20 来源:新华网\n正文。\n[责任编辑:王伟]\n原文链接:https://www.gov.cn/a.html\n",
      "twice-a.txt": "当前所在:首页 > 党风政风 > 正文\n标题\n发布时间:2024-05-20 来源:新华网\n正文。\n[责任编辑:王伟]\n原文链接:https://www.gov.cn/b.html\n",
      "twice-b.txt": "当前所在:首页 > 党风政风 > 正文\n标题\n发布时间:2024-05-20 来源:新华网\n正文。\n[责任编辑:王伟]\n原文链接:https://www.gov.cn/b.html\n",
      "page.html": '<h1>标题</h1><p>发布时间:2024-05-20 来源:新华网</p><p>正文。</p><img src="https://a.cn/x.jpg">',
    };
    for (const [name, text] of Object.entries(texts)) writeFileSync(path.join(inputs, name), text);
    mkdirSync(path.join(inputs, "empty"));
    const location = { contentDir, rootDir: contentDir };
    const fresh = async () => {
      const existing = await readExisting(location);
      assert.ok(existing.ok);
      return { location, existing: existing.existing, cwd: inputs, dryRun: true };
    };
    const problems: Problem[] = [];
    for (const name of ["no-title.txt", "no-date.txt", "no-body.txt", "foreign.txt", "page.html"]) problems.push(...(await importFile(path.join(inputs, name), await fresh())).problems);
    problems.push(...(await importFile(path.join(inputs, "no-title.txt"), { ...(await fresh()), allowMissing: true })).problems);
    for (const slug of ["taken", "page"]) problems.push(...(await importFile(path.join(inputs, "twice-a.txt"), { ...(await fresh()), given: { slug } })).problems);
    for (const outcome of await importFiles([path.join(inputs, "twice-a.txt"), path.join(inputs, "twice-b.txt")], await fresh())) problems.push(...outcome.problems);
    problems.push(...(await listInputs([path.join(inputs, "none.txt"), path.join(inputs, "empty")], inputs)).problems);
    const fields = new Set(problems.map((problem) => `${problem.severity} ${problem.field}`));
    for (const field of ["title", "date", "column", "source", "editor", "originalUrl", "body", "slug", "file"]) assert.ok(fields.has(`error ${field}`), `the cases produce a ${field} error`);
    for (const field of ["author", "proofreader", "image", "title"]) assert.ok(fields.has(`warning ${field}`), `the cases produce a ${field} warning`);
    assert.deepEqual(missingFromGuide([...problems.map(shown), formatFlagProblem(slugForManyProblem(2))]), []);
  } finally {
    removeDir(inputs);
    removeDir(contentDir);
  }
});

test("the guide gives every field's fix word for word, and a row with an example for every frontmatter key", () => {
  for (const [field, fix] of Object.entries(FIELD_FIXES)) assert.ok(guide.includes(fix), `the fix of ${field} is in the guide: ${fix}`);
  for (const key of ARTICLE_KEYS) assert.match(guide, new RegExp(`^\\| \`${key}\` \\| (是|否) \\| \`${key}: `, "m"), `the field table has a row for ${key} with an example`);
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  assert.match(readme, /\(docs\/编辑指南\.md\)/, "the README links the guide");
  assert.deepEqual(readdirSync(path.join(ROOT, "docs")).filter((name) => name.endsWith(".md")).includes("编辑指南.md"), true);
});
