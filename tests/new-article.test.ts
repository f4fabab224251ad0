/**
 * `npm run new`: a file that validates as `npm run check` reads it, in the column's folder, with
 * an ASCII slug, dated now in the site's zone; never a replaced file; flags alone suffice, and
 * without a terminal it names what is missing instead of asking.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { loadContent } from "../src/content/load.ts";
import { errorsIn } from "../src/content/problems.ts";
import { readExisting, type ExistingContent } from "../src/editor/destination.ts";
import { askForMissing, createArticle, type NewArticleRequest } from "../src/editor/new-article.ts";
import { firstFreeSlug, titleSlug } from "../src/editor/slug.ts";
import { runNew } from "../src/cli/commands/new.ts";
import { runCommand } from "./helpers/cli.ts";
import { ROOT, makeContent, removeDir } from "./helpers/site.ts";

const made: string[] = [];
after(() => made.forEach(removeDir));

/** An empty content folder (the bundled site.json, no articles) and what `new` reads of it. */
async function emptySite(): Promise<{ contentDir: string; existing: ExistingContent }> {
  const contentDir = makeContent({ pages: false });
  made.push(contentDir);
  const existing = await readExisting({ contentDir, rootDir: contentDir });
  assert.ok(existing.ok);
  return { contentDir, existing: existing.existing };
}

// 2024-05-20 10:30 in Shanghai, whatever zone this machine is in.
const NOW = Date.parse("2024-05-20T02:30:00Z");
const REQUEST: NewArticleRequest = { column: "党风政风", title: "机关作风建设为民服务", editor: "王伟" };

test("titleSlug: the pinyin of a Chinese title, word by word, ASCII, cut at a word boundary", () => {
  const slug = titleSlug("机关作风建设为民服务");
  assert.match(slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  // Word boundaries come from the ICU version of the Node release; the sounds do not.
  assert.equal(slug.replace(/-/g, ""), "jiguanzuofengjiansheweiminfuwu");
  assert.equal(titleSlug("银行行长").replace(/-/g, ""), "yinhanghangzhang", "polyphones read in context");
  assert.equal(titleSlug("绿色").replace(/-/g, ""), "lvse", "ü is written v");
  assert.match(titleSlug("2024年AI赋能基层治理"), /^2024-.*ai-.*jiceng-?zhili$/);
  assert.ok(titleSlug("兴安盟乌兰浩特市:巧用党建“金钥匙” 打开治理“千把锁”").length <= 48);
  assert.equal(titleSlug("！！？——"), "", "nothing to read gives no slug (the caller falls back to the date)");
  assert.equal(firstFreeSlug("a", (slug) => ["a", "a-2"].includes(slug)), "a-3");
});

test("new writes a file that validates, in the column's folder, dated now in the site's zone", async () => {
  const { contentDir, existing } = await emptySite();
  const result = await createArticle({ ...REQUEST, source: "北疆先锋网", author: "记者 张三", proofreader: "李晓艳", originalUrl: "https://www.nmgdj.gov.cn/a?id=1&b=2", tags: ["作风建设", "为民服务"] }, { location: { contentDir, rootDir: contentDir }, existing, now: NOW });
  assert.ok(result.ok, JSON.stringify(result));
  const slug = titleSlug(REQUEST.title ?? "");
  assert.equal(result.file, `articles/dangfeng/${slug}.md`);
  assert.equal(
    readFileSync(path.join(contentDir, result.file), "utf8"),
    [
      "---",
      "title: 机关作风建设为民服务",
      "date: 2024-05-20 10:30",
      "column: 党风政风",
      "source: 北疆先锋网",
      "author: 记者 张三",
      "editor: 王伟",
      "proofreader: 李晓艳",
      "originalUrl: https://www.nmgdj.gov.cn/a?id=1&b=2",
      "tags: [作风建设, 为民服务]",
      `slug: ${slug}`,
      "---",
      "",
      "",
    ].join("\n"),
  );
  const content = await loadContent({ contentDir, rootDir: contentDir });
  assert.deepEqual(errorsIn(content.problems), []);
  assert.equal(content.articles[0]?.url, `/dangfeng/${slug}/`);
  assert.equal(content.articles[0]?.data.date.display, "2024-05-20 10:30");
});

test("new never replaces a file: a derived slug moves on to -2, an editor's own slug is refused", async () => {
  const { contentDir, existing } = await emptySite();
  const location = { contentDir, rootDir: contentDir };
  const first = await createArticle(REQUEST, { location, existing, now: NOW });
  assert.ok(first.ok);
  const firstText = readFileSync(path.join(contentDir, first.file), "utf8");
  const again = await readExisting(location);
  assert.ok(again.ok);
  const second = await createArticle(REQUEST, { location, existing: again.existing, now: NOW });
  assert.ok(second.ok);
  assert.equal(second.file, first.file.replace(/\.md$/, "-2.md"));

  // A file there by hand (even one that is not an article) is never replaced either.
  mkdirSync(path.join(contentDir, "articles", "dangfeng"), { recursive: true });
  writeFileSync(path.join(contentDir, "articles", "dangfeng", "shoudong.md"), "手写的笔记");
  const refused = await createArticle({ ...REQUEST, slug: "shoudong" }, { location, existing: again.existing, now: NOW });
  assert.equal(refused.ok, false);
  assert.match(JSON.stringify(refused), /--slug.*is taken/);
  assert.equal(readFileSync(path.join(contentDir, "articles", "dangfeng", "shoudong.md"), "utf8"), "手写的笔记");
  assert.equal(readFileSync(path.join(contentDir, first.file), "utf8"), firstText);

  // A slug another column's article uses is fine: URLs differ by column.
  const other = await createArticle({ ...REQUEST, column: "jijian", slug: "shoudong" }, { location, existing: again.existing, now: NOW, dryRun: true });
  assert.ok(other.ok);
  assert.equal(other.file, "articles/jijian/shoudong.md");
});

test("new names what is wrong with the flags, through the one schema, and writes nothing", async () => {
  const { contentDir, existing } = await emptySite();
  const location = { contentDir, rootDir: contentDir };
  const bad = await createArticle({ ...REQUEST, column: "党风", source: "新华网", originalUrl: "javascript:alert(1)", date: "2024-02-30" }, { location, existing, now: NOW });
  assert.equal(bad.ok, false);
  const lines = bad.ok ? [] : bad.problems.map((p) => `${p.flag} ${p.message}`);
  assert.deepEqual(lines, [
    '--date "2024-02-30" is not a real calendar date or time',
    '--column "党风" is not a column of this site',
    '--original-url "javascript:alert(1)" is not an http(s) address',
  ]);
  const missing = await createArticle({ column: "党风政风" }, { location, existing, now: NOW });
  assert.deepEqual(missing.ok ? [] : missing.problems.map((p) => `${p.flag} ${p.message}`), ["--title is missing", "--editor is missing"]);
  assert.equal(existsSync(path.join(contentDir, "articles", "dangfeng")), false);
});

test("in a terminal, new asks for the missing column (by number, name or slug), title and editor", async () => {
  const { existing } = await emptySite();
  const answers = ["", "99", "2", "  ", "网格化管理", "王伟"];
  const asked: string[] = [];
  const said: string[] = [];
  const done = await askForMissing({ source: "新华网" }, existing.site, async (question) => {
    asked.push(question);
    return answers.shift() ?? "";
  }, (line) => said.push(line));
  assert.deepEqual(done, { source: "新华网", column: "党风政风", title: "网格化管理", editor: "王伟" });
  assert.equal(asked.length, 6);
  assert.ok(said.some((line) => line.includes("2. 党风政风 (dangfeng)")), "the columns are listed with numbers");
});

test("npm run new with flags alone writes the article; without a terminal it names what is missing and waits for nothing", async () => {
  const contentDir = makeContent({ pages: false });
  made.push(contentDir);
  const env = { ...process.env, PORTAL_CONTENT: contentDir };
  const run = (args: string[]) => runCommand(runNew, args, { cwd: ROOT, env });

  const ok = await run(["--column", "dangfeng", "--title", "网格化管理精细化", "--editor", "王伟", "--now", "2024-05-20T10:30:00+08:00"]);
  assert.equal(ok.code, 0, ok.stderr);
  const written = /wrote (\S+)/.exec(ok.stdout)?.[1] ?? "";
  assert.match(written, /articles\/dangfeng\/[a-z0-9-]+\.md$/);
  assert.match(readFileSync(path.resolve(ROOT, written), "utf8"), /^---\ntitle: 网格化管理精细化\ndate: 2024-05-20 10:30\ncolumn: 党风政风\neditor: 王伟\nslug: [a-z0-9-]+\n---\n/);

  const missing = await run(["--title", "只有标题"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /missing --column, --editor \(no terminal to ask in, so nothing was written\)/);
});
