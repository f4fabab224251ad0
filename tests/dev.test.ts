/**
 * `npm start` in-process, without a server: the fast path for an edited article gives the model a
 * full reload would give and renders every page whose data changed; the session's loads, slices
 * and problems; the Chinese problems box and the server handler that adds it. tests/serve.test.ts
 * runs the real `npm start` once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import sharp from "sharp";
import { adviceFor, parseGuide } from "../src/content/guide.ts";
import { errorsIn, formatProblem } from "../src/content/problems.ts";
import { bannerHtml, problemsMiddleware, problemsPageHtml } from "../src/dev/banner.ts";
import { indexModel, patchEdited } from "../src/dev/patch.ts";
import { devSession } from "../src/dev/session.ts";
import { pagePrints } from "../src/model/fingerprint.ts";
import { loadPortal, type PortalData } from "../src/model/load.ts";
import { ROOT, article, fixtureOptions, makeContent, removeDir, tempDir, type ArticleSpec } from "./helpers/site.ts";

const guide = parseGuide(readFileSync(path.join(ROOT, "docs", "编辑指南.md"), "utf8"));

/** Article `index` of the test corpus: two columns and three tags, one a day. */
function spec(index: number): ArticleSpec {
  return {
    path: `${index % 2 === 0 ? "dangfeng" : "jijian"}/a${index}.md`,
    frontmatter: article({
      title: `文章${index}`,
      date: `2024-05-${String(index + 1).padStart(2, "0")}`,
      column: index % 2 === 0 ? "党风政风" : "纪检监察",
      tags: [["基层治理", "党建引领", "作风建设"][index % 3] as string],
      slug: `a${index}`,
    }),
    body: `第${index}篇第一段。\n\n第二段。`,
  };
}

const corpus = (count = 12) => Array.from({ length: count }, (_, index) => spec(index));

function articleText(index: number, changes: Record<string, string | string[]> = {}, body = `第${index}篇第一段。\n\n第二段。`): string {
  const fields = { ...(spec(index).frontmatter as Record<string, string | string[]>), ...changes };
  const yaml = Object.entries(fields).map(([key, value]) => (Array.isArray(value) ? `${key}: [${value.join(", ")}]` : `${key}: ${value}`));
  return `---\n${yaml.join("\n")}\n---\n\n${body}\n`;
}

const columnOf = (index: number) => (index % 2 === 0 ? "dangfeng" : "jijian");

test("an edited article is patched into the model exactly as a full reload computes it, and every page whose data changed is rendered", async () => {
  const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c00" } }).jpeg().toBuffer();
  const photoArticle = (alt: string) => `${articleText(12).replace("文章12", "图片文章")}`.replace(/\n\n[^]*$/, `\n\n![${alt}](photo.jpg)\n\n正文。\n`);
  const content = makeContent({ articles: corpus(), rawFiles: { "articles/dangfeng/photo/photo.jpg": photo } });
  const options = fixtureOptions(content, { mode: "development" });
  const file = (index: number) => (index === 12 ? path.join(content, "articles", "dangfeng", "photo", "index.md") : path.join(content, "articles", columnOf(index), `a${index}.md`));
  writeFileSync(file(12), photoArticle("会议现场"));
  try {
    const edits: { what: string; index: number; text: string; pages: number }[] = [
      { what: "title", index: 5, text: articleText(5, { title: "改过的标题" }), pages: 0 },
      { what: "a later paragraph", index: 6, text: articleText(6, {}, "第6篇第一段。\n\n改过的第二段。"), pages: 1 },
      { what: "the editor", index: 1, text: articleText(1, { editor: "李四" }), pages: 1 },
      { what: "the newest article's summary", index: 11, text: articleText(11, { summary: "新的摘要" }), pages: 0 },
      { what: "a photo's alt text", index: 12, text: photoArticle("改过的说明"), pages: 0 },
    ];
    for (const edit of edits) {
      const before = await loadPortal(options, () => {});
      const printsBefore = pagePrints(before);
      const homeBefore = JSON.stringify(before.home);
      const feedsBefore = before.feeds.map((feed) => JSON.stringify(feed));
      writeFileSync(file(edit.index), edit.text);
      const patched = await patchEdited(before, indexModel(before), [file(edit.index)], options);
      assert.ok(patched, `the fast path takes an edit of ${edit.what}`);
      if (edit.index === 12) assert.equal(patched.portal.articles.find((view) => view.file.endsWith("photo/index.md"))?.image?.alt, "改过的说明", "the photo's new alt text reaches the lists");
      const fresh = await loadPortal(options, () => {});
      const { allProblems: patchedProblems, ...patchedModel } = patched.portal;
      const { allProblems: freshProblems, ...freshModel } = fresh;
      assert.deepEqual(patchedModel, freshModel, `the patched model after an edit of ${edit.what}`);
      assert.deepEqual(patchedProblems.map(formatProblem).sort(), freshProblems.map(formatProblem).sort());

      const printsAfter = pagePrints(fresh);
      const rendered = new Set([...patched.slice.articles, ...patched.slice.listings].map((page) => page.url));
      const changed = [...printsAfter.pages].filter(([url, print]) => printsBefore.pages.get(url) !== print).map(([url]) => url);
      assert.ok(changed.length > 0);
      assert.deepEqual(changed.filter((url) => !rendered.has(url)), [], `every changed page is rendered after an edit of ${edit.what}`);
      if (edit.pages > 0) assert.equal(rendered.size, edit.pages, `only the article's own page after an edit of ${edit.what}`);
      if (JSON.stringify(fresh.home) !== homeBefore) assert.deepEqual(patched.slice.once, [true], "the home page");
      const feedsChanged = fresh.feeds.filter((feed, at) => JSON.stringify(feed) !== feedsBefore[at]).map((feed) => feed.path);
      assert.deepEqual(patched.slice.feeds.map((feed) => feed.path), feedsChanged);
    }

    // Anything that moves an article, or any problem, is left to the full reload.
    const refused: [string, number, string][] = [
      ["a date", 4, articleText(4, { date: "2023-01-01" })],
      ["a tag", 4, articleText(4, { tags: ["新标签"] })],
      ["a column", 4, articleText(4, { column: "纪检监察" })],
      ["a slug", 4, articleText(4, { slug: "moved" })],
      ["the 头条 flag", 4, articleText(4, { featured: "true" })],
      ["a mistake", 4, articleText(4, { date: "2024-02-30" })],
    ];
    for (const [what, index, text] of refused) {
      const before = await loadPortal(options, () => {});
      writeFileSync(file(index), text);
      assert.equal(await patchEdited(before, indexModel(before), [file(index)], options), undefined, `a change of ${what} is not patched`);
      writeFileSync(file(index), articleText(index));
    }
    const before = await loadPortal(options, () => {});
    assert.equal(await patchEdited(before, indexModel(before), [path.join(content, "articles", "new.md")], options), undefined, "a new file is not patched");
  } finally {
    removeDir(content);
  }
});

test("the session renders everything first, then patches an edit, reloads for a move, and keeps the last good site data", async () => {
  const content = makeContent({ articles: corpus() });
  const outputDir = tempDir("portal-dev-out-");
  const lines: string[] = [];
  const session = devSession({ options: fixtureOptions(content, { mode: "development" }), outputDir, log: (line) => lines.push(line), siteDataPollMs: 20 });
  const build = async (changed: string[] = []) => {
    session.changed(changed);
    const portal = await session.load();
    return { portal, slice: session.slice(portal) };
  };
  const articleFile = (index: number) => path.join(content, "articles", columnOf(index), `a${index}.md`);
  try {
    const first = await build();
    assert.equal(first.slice.articles.length, 12, "the first build renders every page");
    assert.equal(first.slice.once.length, 1);

    writeFileSync(articleFile(3), articleText(3, {}, "第3篇第一段。\n\n改过。"));
    const edited = await build([articleFile(3)]);
    assert.deepEqual(edited.slice.articles.map((view) => view.url), ["/jijian/a3/"], "an edit beyond the summary renders the article's page (and the feeds that carry it)");
    assert.match(edited.portal.articles.find((view) => view.url === "/jijian/a3/")?.body ?? "", /改过/);

    writeFileSync(articleFile(3), articleText(3, { date: "2024-06-30" }));
    const moved = await build([articleFile(3)]);
    assert.ok(moved.slice.listings.length > 0 && moved.slice.once.length === 1, "a new date reorders lists: reloaded and compared");
    assert.ok(!moved.slice.articles.some((view) => view.url === "/dangfeng/a4/"), "pages whose data did not change are not rendered");

    // A mistake in an article: left out, its problem shown; nothing else re-rendered for the problem itself.
    writeFileSync(articleFile(7), articleText(7, { date: "2024-02-30" }));
    const broken = await build([articleFile(7)]);
    assert.deepEqual(session.shown().problems.map((problem) => `${problem.field} ${problem.line}`), ["date 3"]);
    assert.ok(!broken.portal.articles.some((view) => view.url === "/jijian/a7/"));
    writeFileSync(articleFile(7), articleText(7));
    await build([articleFile(7)]);
    assert.deepEqual(session.shown().problems, []);
    assert.ok(lines.some((line) => line.includes("every problem is fixed")), "the terminal says the last problem is fixed");

    // site.json broken after a good start: the last good model stands and nothing is rendered again.
    const siteFile = path.join(content, "_data", "site.json");
    const siteText = readFileSync(siteFile, "utf8");
    writeFileSync(siteFile, siteText.replace('"name":', '"name"'));
    const lastGood = await build([siteFile]);
    assert.equal(session.shown().siteData, "last good");
    assert.equal(lastGood.slice.articles.length + lastGood.slice.listings.length + lastGood.slice.once.length, 0);
    writeFileSync(siteFile, siteText);
    await build([siteFile]);
    assert.deepEqual(session.shown(), { problems: [], siteData: "ok" });
  } finally {
    removeDir(content);
    removeDir(outputDir);
  }
});

test("with no good site data at the very first start, the session waits for site.json to be saved and the pages show why", async () => {
  const content = makeContent({ articles: corpus().slice(0, 2) });
  const siteFile = path.join(content, "_data", "site.json");
  const siteText = readFileSync(siteFile, "utf8");
  writeFileSync(siteFile, siteText.replace('"name":', '"name"'));
  const outputDir = tempDir("portal-dev-out-");
  const session = devSession({ options: fixtureOptions(content, { mode: "development" }), outputDir, log: () => {}, siteDataPollMs: 20 });
  try {
    const state: { loaded?: PortalData } = {};
    const loading = session.load().then((portal) => (state.loaded = portal));
    while (session.shown().siteData !== "none") await new Promise((resolve) => setTimeout(resolve, 10));
    const page = problemsPageHtml(session.shown(), guide);
    assert.match(page, /<html lang="zh-CN">/);
    assert.match(page, /内容有 1 处问题：网站资料 site\.json 有误，改好并保存后预览自动开始/);
    assert.match(page, /site\.json:\d+<\/code> <code>json<\/code>（JSON 格式）：JSON 格式错/);
    assert.match(page, /<meta http-equiv="refresh" content="2">/, "the page reloads itself until the site is there");
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(state.loaded, undefined, "no build without site data");
    writeFileSync(siteFile, siteText);
    assert.equal((await loading).articles.length, 2);
    assert.deepEqual(session.shown(), { problems: [], siteData: "ok" });
  } finally {
    removeDir(content);
    removeDir(outputDir);
  }
});

test("the problems box is in Chinese: file and line, the field and its name, the guide's advice, the terminal's line as detail, all escaped", async () => {
  const content = makeContent({
    pages: false,
    articles: [
      { path: "date.md", frontmatter: article({ date: "2024-02-30" }) },
      { path: "column.md", frontmatter: article({ column: "<b>党风</b>" }) },
    ],
  });
  try {
    const { allProblems } = await loadPortal(fixtureOptions(content, { mode: "development" }), () => {});
    const problems = errorsIn(allProblems);
    assert.equal(problems.length, 2);
    for (const problem of problems) assert.ok(adviceFor(guide, problem), `the guide has advice for ${formatProblem(problem)}`);
    const box = bannerHtml({ problems, siteData: "ok" }, guide);
    assert.match(box, /内容有 2 处问题，相关文件暂未显示/);
    assert.match(box, /<code>[^<]*date\.md:\d+<\/code> <code>date<\/code>（发布时间）：没有这一天或这个时刻（如 2 月 30 日、13 月、25 点）。改正月、日、时刻/);
    assert.match(box, /终端显示：<code>&quot;2024-02-30&quot; is not a real calendar date or time {2}\(check the month/);
    assert.match(box, /<code>column<\/code>（栏目）：栏目名不对（错字、简称）。用括号里列出的栏目名之一/);
    assert.doesNotMatch(box, /<b>/, "an editor's text never becomes markup");
    const unknown = bannerHtml({ problems: [{ severity: "error", file: "a.md", line: 2, field: "title", message: "is new", fix: "see" }], siteData: "last good" }, guide);
    assert.match(unknown, /网站资料 site\.json 有误，预览暂用上次正确的网站资料/);
    assert.match(unknown, /<code>is new {2}\(see\)<\/code>（编辑指南还没有这条信息的说明）/, "a message the guide lacks is shown as it is");
  } finally {
    removeDir(content);
  }
});

test("the server adds the box to every page it serves while there are problems, and leaves everything alone otherwise", async () => {
  const outputDir = tempDir("portal-dev-out-");
  writeFileSync(path.join(outputDir, "index.html"), '<html><body><main id="main" class="wrap"><h1>首页</h1></main></body></html>');
  writeFileSync(path.join(outputDir, "404.html"), '<html><body><main id="main" class="wrap"><h1>找不到</h1></main></body></html>');
  let shown = { problems: [{ severity: "error" as const, file: "a.md", line: 3, field: "date", message: '"2024-02-30" is not a real calendar date or time', fix: "check the month (01-12), the day of that month and the time (00:00-23:59, seconds 00-59)" }], siteData: "ok" as "ok" | "none" };
  const handler = problemsMiddleware({ outputDir, pathPrefix: "/", guideFile: path.join(ROOT, "docs", "编辑指南.md"), shown: () => shown });
  const server = createServer((request, response) => void handler(request, response, () => response.writeHead(299).end("next")));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  try {
    const home = await fetch(`${base}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<main id="main" class="wrap">\n<section class="dev-problems"[\s\S]*a\.md:3[\s\S]*<h1>首页<\/h1>/);
    const missing = await fetch(`${base}/nowhere/`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /dev-problems[\s\S]*找不到/);
    assert.equal((await fetch(`${base}/assets/site.css`)).status, 299, "other files are the server's own");
    shown = { ...shown, siteData: "none" };
    assert.match(await (await fetch(`${base}/dangfeng/x/`)).text(), /改好并保存后预览自动开始/, "without site data, every page address shows the problems");
    shown = { problems: [], siteData: "ok" };
    assert.equal((await fetch(`${base}/`)).status, 299, "no problems: the server serves the page as it is");
  } finally {
    server.close();
    removeDir(outputDir);
  }
});
