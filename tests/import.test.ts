/**
 * `npm run import`: the seed's layout and its everyday variants (full-width colons, no author, no
 * proofreader, GBK, CRLF, extra chrome lines, seconds in the date), a saved .html page with its
 * images, and what happens when a field cannot be found; hostile inputs (pipes, folder links and
 * loops, pages nested 20,000 deep, hrefs that try to inject links, picture links leaving the
 * page's folder). Modules are tested in-process, and the command as `npm run import` runs it
 * (in-process too: tests/helpers/cli.ts).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isTag, isText, type ChildNode } from "domhandler";
import { parseDocument } from "htmlparser2";
import iconv from "iconv-lite";
import MarkdownIt from "markdown-it";
import { loadContent } from "../src/content/load.ts";
import { errorsIn, formatProblem } from "../src/content/problems.ts";
import { readExisting } from "../src/editor/destination.ts";
import { escapeMarkdown, textBlocks } from "../src/importer/blocks.ts";
import { decodeText } from "../src/importer/decode.ts";
import { extractArticle } from "../src/importer/extract.ts";
import { htmlBlocks } from "../src/importer/html.ts";
import { importFile, importFiles, listInputs, normalizeDate, type GivenFields, type ImportOutcome } from "../src/importer/import.ts";
import { renderMarkdown } from "../src/markdown.ts";
import { runImport } from "../src/cli/commands/import.ts";
import { runCommand } from "./helpers/cli.ts";
import { ROOT, makeContent, removeDir, tempDir } from "./helpers/site.ts";

const SEED_TEXT = readFileSync(path.join(ROOT, "tests", "fixtures", "seed.txt"), "utf8");
const SEED_ARTICLE = readFileSync(path.join(ROOT, "content", "articles", "dangfeng", "wulanhaote-dangjian-jinyaoshi.md"), "utf8");
const ORIGINAL = "http://www.nmgdj.gov.cn/fccommon/Home/detail?site_id=75&detail_type=1&cid=15715536";
const made: string[] = [];
after(() => made.forEach(removeDir));

function folder(prefix: string): string {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
}

interface Run {
  outcome: ImportOutcome;
  contentDir: string;
}

/** Imports one input (written to a temporary file) into an empty site. */
async function importInput(name: string, data: string | Buffer, options: { given?: GivenFields; allowMissing?: boolean; dryRun?: boolean; extraFiles?: Record<string, Buffer> } = {}): Promise<Run> {
  const inputs = folder("portal-import-in-");
  const file = path.join(inputs, name);
  writeFileSync(file, data);
  for (const [extra, bytes] of Object.entries(options.extraFiles ?? {})) {
    mkdirSync(path.dirname(path.join(inputs, extra)), { recursive: true });
    writeFileSync(path.join(inputs, extra), bytes);
  }
  const contentDir = makeContent({ pages: false });
  made.push(contentDir);
  const existing = await readExisting({ contentDir, rootDir: contentDir });
  assert.ok(existing.ok);
  const outcome = await importFile(file, { location: { contentDir, rootDir: contentDir }, existing: existing.existing, cwd: inputs, given: options.given, allowMissing: options.allowMissing, dryRun: options.dryRun });
  return { outcome, contentDir };
}

/** The seed article as import writes it without --slug: the same, with the title's pinyin slug. */
function seedArticleWith(slug: string, change: (text: string) => string = (text) => text): string {
  return change(SEED_ARTICLE.replace("slug: wulanhaote-dangjian-jinyaoshi", `slug: ${slug}`));
}

function errors(outcome: ImportOutcome): string[] {
  return outcome.problems.filter((p) => p.severity === "error").map((p) => `${p.field}: ${p.message}`);
}

function warnings(outcome: ImportOutcome): string[] {
  return outcome.problems.filter((p) => p.severity === "warning").map((p) => p.field);
}

test("the seed text becomes the seed article: column from the breadcrumb, meta, editor line, 原文链接, body; chrome dropped", async () => {
  const { outcome, contentDir } = await importInput("seed.txt", SEED_TEXT);
  assert.deepEqual(outcome.problems, []);
  const slug = /slug: (.+)/.exec(outcome.text ?? "")?.[1] ?? "";
  assert.match(slug, /^xingan-?meng-/, "a pinyin slug of the title");
  assert.equal(outcome.file, `articles/dangfeng/${slug}.md`);
  assert.equal(outcome.text, seedArticleWith(slug));
  assert.equal(outcome.written, true);
  const content = await loadContent({ contentDir, rootDir: contentDir });
  assert.deepEqual(errorsIn(content.problems).map(formatProblem), [], "npm run check accepts it unchanged");
  for (const chrome of ["政讯通中心", "欢迎来到", "当前所在", "免责声明", "本站部分信息", "版权所有", "联系电话", "QQ"]) {
    assert.doesNotMatch(outcome.text ?? "", new RegExp(chrome), `${chrome} is portal chrome`);
  }
});

test("full-width colons, CRLF, a BOM, blank and indented lines, and GBK all give the same article", async () => {
  const fullWidth = SEED_TEXT.replace(/(当前所在|发布时间|来源|作者|责任编辑|校对|原文链接):/g, "$1：").replace("廉政法治网!", "廉政法治网！");
  assert.notEqual(fullWidth, SEED_TEXT);
  const variants: Record<string, string | Buffer> = {
    "full-width.txt": fullWidth,
    "crlf.txt": `\ufeff${SEED_TEXT.replace(/\n/g, "\r\n")}`,
    "blank-lines.txt": SEED_TEXT.replace(/\n/g, "\n\n \n\u3000\n").replace(/\n {2}/g, "\n\u3000\u3000"),
    "gbk.txt": iconv.encode(fullWidth.replace(/\n/g, "\r\n"), "gbk"),
  };
  for (const [name, data] of Object.entries(variants)) {
    const { outcome } = await importInput(name, data, { dryRun: true, given: { slug: "wulanhaote-dangjian-jinyaoshi" } });
    assert.deepEqual(outcome.problems, [], name);
    assert.equal(outcome.text, SEED_ARTICLE, name);
    assert.equal(outcome.written, false, "--dry-run writes nothing");
  }
  assert.equal(decodeText(iconv.encode("标题", "gbk")).encoding, "gb18030");
  assert.equal(decodeText(Buffer.from("标题")).encoding, "utf-8");
});

test("extra chrome lines (top bar, 字号, 打印/关闭, 分享到, 上一篇/下一篇, 相关阅读) are dropped", async () => {
  const noisy = SEED_TEXT.replace("欢迎来到廉政法治网!\n", "欢迎来到廉政法治网!\n设为首页 | 加入收藏\n首页 廉政要闻 党风政风 纪检监察\n")
    .replace("作者:佚名\n", "作者:佚名  点击数:1024\n【字号：大 中 小】\n【打印本页】【关闭窗口】\n分享到：微信 微博 QQ空间\n")
    .replace("  [责任编辑:王伟 校对:李晓艳]\n", "  [责任编辑:王伟 校对:李晓艳]\n上一篇：乌兰浩特市召开全域互联共建推进会\n下一篇：兴安盟开展廉政教育月活动\n相关阅读\n· 基层治理新探索\n");
  const { outcome } = await importInput("noisy.txt", noisy, { dryRun: true, given: { slug: "wulanhaote-dangjian-jinyaoshi" } });
  assert.deepEqual(outcome.problems, []);
  assert.equal(outcome.text, SEED_ARTICLE);
});

test("no author, no proofreader: written without them, each named as a note", async () => {
  const { outcome: noAuthor } = await importInput("no-author.txt", SEED_TEXT.replace(" 作者:佚名", ""), { given: { slug: "a" } });
  assert.deepEqual(errors(noAuthor), []);
  assert.deepEqual(warnings(noAuthor), ["author"]);
  assert.equal(noAuthor.text, SEED_ARTICLE.replace("author: 佚名\n", "").replace("slug: wulanhaote-dangjian-jinyaoshi", "slug: a"));
  assert.equal(noAuthor.written, true);

  const { outcome: noProofreader } = await importInput("no-proofreader.txt", SEED_TEXT.replace("[责任编辑:王伟 校对:李晓艳]", "【责任编辑：王伟】"), { given: { slug: "b" } });
  assert.deepEqual(errors(noProofreader), []);
  assert.deepEqual(warnings(noProofreader), ["proofreader"]);
  assert.match(noProofreader.text ?? "", /\neditor: 王伟\noriginalUrl: /);
  assert.match(formatProblem(noProofreader.problems[0]!), /^no-proofreader\.txt:1 {2}proofreader {2}warning: not found \(no 校对 in the editor line\): left out {2}\(add --proofreader to name one\)$/);
});

test("a required field that cannot be found is named and nothing is written; a flag fills it in", async () => {
  const text = SEED_TEXT.replace("  [责任编辑:王伟 校对:李晓艳]\n", "").replace(/^当前所在.*\n/m, "").replace(/^原文链接.*\n/m, "");
  const { outcome, contentDir } = await importInput("bare.txt", text);
  assert.deepEqual(errors(outcome), [
    "column: not found (no breadcrumb (当前所在:首页 > 栏目 > 正文) naming a column of this site)",
    "editor: not found (no [责任编辑:… 校对:…] line after the text)",
    "originalUrl: not found (no 原文链接 line (nor, in a saved page, the address it was saved from))",
  ]);
  assert.match(formatProblem(outcome.problems[0]!), /^bare\.txt:1 {2}column {2}not found .* {2}\(add --column with one of: 廉政要闻, 党风政风, .*, or --allow-missing to write 待填写 and fill it in later\)$/);
  assert.equal(outcome.written, false);
  assert.deepEqual(readdirSync(path.join(contentDir, "articles")), [], "nothing was written");

  const { outcome: filled } = await importInput("bare.txt", text, { given: { column: "dangfeng", editor: "王伟", proofreader: "李晓艳", originalUrl: ORIGINAL, slug: "wulanhaote-dangjian-jinyaoshi" } });
  assert.deepEqual(filled.problems, []);
  assert.equal(filled.text, SEED_ARTICLE, "--column takes a column's slug as well as its name");

  const foreign = SEED_TEXT.replace("首页 > 党风政风 > 正文", "首页 > 新闻中心 > 基层动态 > 正文");
  const { outcome: elsewhere } = await importInput("foreign.txt", foreign);
  assert.deepEqual(errors(elsewhere), ['column: not found (the breadcrumb names "新闻中心" > "基层动态", not a column of this site)']);
});

test("--allow-missing writes 待填写 where a field is missing, and npm run check fails until it is filled in", async () => {
  const text = SEED_TEXT.replace("  [责任编辑:王伟 校对:李晓艳]\n", "").replace(" 来源: 北疆先锋网", "");
  const { outcome, contentDir } = await importInput("gaps.txt", text, { allowMissing: true, given: { slug: "gaps" } });
  assert.deepEqual(errors(outcome), []);
  assert.deepEqual(warnings(outcome), ["source", "editor", "proofreader"]);
  assert.match(outcome.text ?? "", /\nsource: 待填写\n[\s\S]*\neditor: 待填写\n/);
  const content = await loadContent({ contentDir, rootDir: contentDir });
  assert.deepEqual(errorsIn(content.problems).map(formatProblem), [
    "articles/dangfeng/gaps.md:7  editor  is still 待填写 (left by npm run import for you to fill in)  (name the 责任编辑, e.g. editor: 王伟)",
    "articles/dangfeng/gaps.md:5  source  is still 待填写 (left by npm run import for you to fill in)  (name the 来源 as text, or leave the line out to use the site's name)",
  ]);
});

test("dates as pages write them become the frontmatter form; a bad one is named at its line", async () => {
  assert.equal(normalizeDate("2024-05-20 10:30:00"), "2024-05-20 10:30");
  assert.equal(normalizeDate("2024年5月20日 9:05"), "2024-05-20 09:05");
  assert.equal(normalizeDate("2024/5/20"), "2024-05-20");
  assert.equal(normalizeDate("2024.05.20"), "2024-05-20");
  const { outcome } = await importInput("seconds.txt", SEED_TEXT.replace("发布时间:2024-05-20", "发布时间：2024-05-20 10:30:00"), { dryRun: true });
  assert.match(outcome.text ?? "", /\ndate: 2024-05-20 10:30\n/);
  const { outcome: bad } = await importInput("bad-date.txt", SEED_TEXT.replace("发布时间:2024-05-20", "发布时间:2024-02-30"), { dryRun: true });
  assert.deepEqual(bad.problems.map((p) => formatProblem(p).replace(/ {2}\(.*\)$/, "")), ['bad-date.txt:8  date  "2024-02-30" is not a real calendar date or time']);
});

test("import never overwrites: a taken --slug is refused, the same 原文链接 twice is refused", async () => {
  const contentDir = makeContent({ pages: false, rawFiles: { "articles/dangfeng/taken.md": "手写的文件" } });
  made.push(contentDir);
  const inputs = folder("portal-import-twice-");
  writeFileSync(path.join(inputs, "a.txt"), SEED_TEXT);
  writeFileSync(path.join(inputs, "b.txt"), SEED_TEXT);
  const location = { contentDir, rootDir: contentDir };
  const existing = await readExisting(location);
  assert.ok(existing.ok);
  const taken = await importFile(path.join(inputs, "a.txt"), { location, existing: existing.existing, cwd: inputs, given: { slug: "taken" } });
  assert.match(errors(taken).join("\n"), /^slug: "taken" is taken/);
  assert.equal(readFileSync(path.join(contentDir, "articles", "dangfeng", "taken.md"), "utf8"), "手写的文件");

  const both = await importFiles([path.join(inputs, "a.txt"), path.join(inputs, "b.txt")], { location, existing: existing.existing, cwd: inputs });
  assert.equal(both[0]?.written, true);
  assert.deepEqual(errors(both[1]!), [`originalUrl: ${ORIGINAL} was already imported as ${both[0]?.file}`]);
});

// A 1×1 PNG.
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

function savedPage(charset: string): string {
  return `<!DOCTYPE html>
<!-- saved from url=(0061)https://www.lzfz.org.cn/dangfeng/wulanhaote-dangjian-jinyaoshi/ -->
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<title>兴安盟乌兰浩特市:巧用党建“金钥匙” 打开治理“千把锁” - 廉政法治网</title>
<link rel="stylesheet" href="./page_files/site.css"><script src="./page_files/enhance.js">var x = "发布时间:1999-01-01";</script>
<style>.x { color: red }</style>
</head>
<body>
<div class="topbar"><span>政讯通中心</span> <span>欢迎来到廉政法治网！</span></div>
<nav><a href="https://www.lzfz.org.cn/">首页</a> <a href="https://www.lzfz.org.cn/dangfeng/">党风政风</a></nav>
<form><input name="q" value="搜索"><button>搜索</button></form>
<div class="breadcrumb">当前所在：<a href="https://www.lzfz.org.cn/">首页</a> &gt; <a href="https://www.lzfz.org.cn/dangfeng/">党风政风</a> &gt; 正文</div>
<h1 class="title">兴安盟乌兰浩特市:巧用党建“金钥匙”
  打开治理“千把锁”</h1>
<div class="meta"><span>发布时间：2024-05-20 10:30:00</span>&nbsp;&nbsp;<span>来源： 北疆先锋网</span> <span>作者：佚名</span></div>
<div class="font-size">【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="content">
<p>　　“作为社区的红石榴联盟单位，兴安盟政协向社区捐赠了物资。”详见<a href="https://www.gov.cn/a.html">政府网</a>和<a href="/local/">本站</a>。</p>
<p style="text-align:center"><img src="./page_files/photo1.png" alt="互联共建签约仪式"></p>
<p>　　第二段有 *星号* 和 &lt;b&gt;尖括号&lt;/b&gt;，<br>换行后的文字。</p>
<p><img src="./page_files/%E5%9B%BE%E7%89%872.png"></p>
<p><img src="https://remote.example.cn/x.jpg" alt="远程图片"></p>
<p><img src="../outside.png"></p>
<h3>一、小标题</h3>
<p>1. 以数字开头的段落</p>
</div>
<p class="editor">[责任编辑：王伟 校对：李晓艳]</p>
<div class="reprint"><p>原文链接：<a href="${ORIGINAL.replace(/&/g, "&amp;")}">${ORIGINAL.replace(/&/g, "&amp;")}</a></p><p>[免责声明] 本文来源于网络转载。</p></div>
<footer><p>北京中农兴业网络技术有限公司主办</p><p>廉政法治网 lzfz.org.cn 版权所有。</p></footer>
</body></html>
`;
}

const EXPECTED_HTML_ARTICLE = `---
title: 兴安盟乌兰浩特市:巧用党建“金钥匙” 打开治理“千把锁”
date: 2024-05-20 10:30
column: 党风政风
source: 北疆先锋网
author: 佚名
editor: 王伟
proofreader: 李晓艳
originalUrl: ${ORIGINAL}
slug: saved-page
---

“作为社区的红石榴联盟单位，兴安盟政协向社区捐赠了物资。”详见[政府网](https://www.gov.cn/a.html)和本站。

![互联共建签约仪式](photo1.png)

第二段有 \\*星号\\* 和 \\<b>尖括号\\</b>，

换行后的文字。

![](tupian-2.png)

## 一、小标题

1\\. 以数字开头的段落
`;

test("a saved .html page: real HTML parsing, images copied beside the article in its own folder", async () => {
  const extraFiles = { "page_files/photo1.png": PIXEL, "page_files/图片2.png": PIXEL, "outside.png": PIXEL, "page_files/site.css": Buffer.from("body{}") };
  const { outcome, contentDir } = await importInput("page.html", savedPage("utf-8"), { given: { slug: "saved-page" }, extraFiles });
  assert.deepEqual(errors(outcome), []);
  assert.equal(outcome.file, "articles/dangfeng/saved-page/index.md");
  assert.equal(outcome.text, EXPECTED_HTML_ARTICLE);
  assert.deepEqual(outcome.images, ["photo1.png", "tupian-2.png"]);
  assert.deepEqual(readdirSync(path.join(contentDir, "articles", "dangfeng", "saved-page")).sort(), ["index.md", "photo1.png", "tupian-2.png"]);
  assert.deepEqual(readFileSync(path.join(contentDir, "articles", "dangfeng", "saved-page", "photo1.png")), PIXEL);
  // The remote picture and one outside the page's folder are named, not fetched or copied.
  assert.deepEqual(outcome.problems.filter((p) => p.field === "image").map((p) => `${p.line} ${p.message.slice(0, 40)}`), [
    `22 "https://remote.example.cn/x.jpg" is not`,
    `23 "../outside.png" is not a picture saved `,
  ]);
  const content = await loadContent({ contentDir, rootDir: contentDir });
  // The saved page gave 图片2 no alt text: npm run check asks the editor to describe it.
  assert.deepEqual(errorsIn(content.problems).map((p) => `${p.line} ${p.field} ${p.message}`), ['21 image "tupian-2.png" has no alt text']);
  assert.equal(content.articles[0]?.url, "/dangfeng/saved-page/");

  // The same page saved as GBK, and without its 原文链接: the address it was saved from is used.
  const gbk = iconv.encode(savedPage("gbk").replace(/<div class="reprint">[\s\S]*?<\/div>/, ""), "gbk");
  const { outcome: fromGbk } = await importInput("page-gbk.htm", gbk, { given: { slug: "saved-page" }, extraFiles, dryRun: true });
  assert.deepEqual(errors(fromGbk), []);
  assert.equal(fromGbk.text, EXPECTED_HTML_ARTICLE.replace(ORIGINAL, "https://www.lzfz.org.cn/dangfeng/wulanhaote-dangjian-jinyaoshi/"));
});

test("a saved page with long menus and no breadcrumb: the title is the line above the meta line", async () => {
  const menu = Array.from({ length: 40 }, (_, i) => `<li><a href="/c${i}/">栏目${i}</a></li>`).join("");
  const page = `<html><head><title>网站名</title></head><body><h1>某某网</h1><ul>${menu}</ul><h2>网格化管理让服务更精细</h2><p>发布日期：2024年6月1日 作者：李明 来源：市委组织部</p><p>正文。</p><p>（编辑：张三）</p></body></html>`;
  const { outcome } = await importInput("menus.html", page, { dryRun: true, given: { column: "基层治理", originalUrl: ORIGINAL, slug: "wangge" } });
  assert.deepEqual(errors(outcome), []);
  assert.equal(outcome.text, `---\ntitle: 网格化管理让服务更精细\ndate: 2024-06-01\ncolumn: 基层治理\nsource: 市委组织部\nauthor: 李明\neditor: 张三\noriginalUrl: ${ORIGINAL}\nslug: wangge\n---\n\n正文。\n`);
});

test("a folder is imported file by file, leaving out the pages' _files folders", async () => {
  const dir = folder("portal-import-folder-");
  for (const name of ["b.txt", "a.html", "a_files/frame.htm", "notes.doc"]) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), "x");
  }
  const listed = await listInputs([dir, "missing.txt"], dir);
  assert.deepEqual(listed.files.map((file) => path.relative(dir, file)), ["a.html", "b.txt"]);
  assert.deepEqual(listed.problems.map((p) => `${p.file} ${p.message}`), ["missing.txt does not exist"]);
});

test("plain text becomes Markdown that shows exactly its words", () => {
  const lines = ["1. 总体要求", "# 不是标题", "> 不是引用", "- 不是列表", "+ 加号", "*重点*与_下划线_", "[注]: 见某文件", "a<b>c</b>", "&amp; 实体", "反斜杠\\", "`代码`", "~~删除~~", "---", "2024. 年度总结"];
  for (const line of lines) {
    const html = renderMarkdown(escapeMarkdown(line));
    const shown = html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();
    assert.equal(shown, line, `${line} → ${html}`);
    assert.match(html, /^<p>/, `${line} stays a paragraph`);
  }
  assert.equal(escapeMarkdown("“单丝不成线,独木不成林”。近年来,乌兰浩特市(签约)+党建"), "“单丝不成线,独木不成林”。近年来,乌兰浩特市(签约)+党建", "prose is left as it is");
});

test("the extractor finds the parts of a page without a breadcrumb or meta labels in the seed's words", () => {
  const found = extractArticle(textBlocks("某某网\n关于开展廉政教育月活动的通知\n2024-06-01 09:00 来源：市纪委监委\n正文第一段。\n（编辑：张三）\n"));
  assert.equal(found.title?.value, "关于开展廉政教育月活动的通知");
  assert.equal(found.date?.value, "2024-06-01 09:00");
  assert.equal(found.source?.value, "市纪委监委");
  assert.equal(found.editor?.value, "张三");
  assert.deepEqual(found.body.map((block) => (block.kind === "text" ? block.text : "")), ["正文第一段。"]);
  assert.equal(found.breadcrumb, undefined);
});

test("npm run import -- FILE --dry-run prints the article and writes nothing", async () => {
  const contentDir = makeContent({ pages: false });
  made.push(contentDir);
  const run = await runCommand(runImport, ["tests/fixtures/seed.txt", "--dry-run", "--slug", "wulanhaote-dangjian-jinyaoshi"], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_CONTENT: contentDir },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, SEED_ARTICLE);
  assert.match(run.stderr, /tests\/fixtures\/seed\.txt: would write .*articles\/dangfeng\/wulanhaote-dangjian-jinyaoshi\.md:/);
  assert.equal(existsSync(path.join(contentDir, "articles", "dangfeng")), false);
});

/** Makes a named pipe (Node has no call for it); `release` opens its other end, so a reader blocked on it (a regression) returns. */
function makeFifo(file: string): { release: () => void } {
  const made = spawnSync("mkfifo", [file], { encoding: "utf8" });
  assert.equal(made.status, 0, `mkfifo (coreutils) is needed for this test\n${made.stderr}`);
  return {
    release: () => {
      try {
        closeSync(openSync(file, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody is reading it, as it should be.
      }
    },
  };
}

test("inputs that are not regular files (a pipe, folder links to .. and /, a folder named .txt, dangling and looping links): one line each, the others imported, no hang, exit 1", { timeout: 30_000 }, async (t) => {
  const dir = folder("portal-import-odd-");
  const pages = path.join(dir, "pages");
  mkdirSync(path.join(pages, "dir.txt"), { recursive: true });
  mkdirSync(path.join(pages, "sub"));
  writeFileSync(path.join(pages, "sub", "seed.txt"), SEED_TEXT);
  symlinkSync("..", path.join(pages, "loop"));
  symlinkSync("/", path.join(pages, "root"));
  symlinkSync(path.join(dir, "nowhere.txt"), path.join(pages, "x.txt"));
  symlinkSync("self.html", path.join(pages, "self.html"));
  symlinkSync(path.join(dir, "gone.txt"), path.join(dir, "dangling.txt"));
  const pipes = [makeFifo(path.join(dir, "p.txt")), makeFifo(path.join(pages, "pipe.html"))];
  t.after(() => pipes.forEach((pipe) => pipe.release()));
  const contentDir = makeContent({ pages: false });
  made.push(contentDir);

  const run = await runCommand(runImport, ["--dry-run", "p.txt", "pages", "dangling.txt", "missing.txt"], { cwd: dir, env: { ...process.env, PORTAL_CONTENT: contentDir } });
  assert.equal(run.code, 1);
  assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
  const problems = run.stderr.split("\n").filter((line) => /^\S+:1 {2}file {2}/.test(line)).map((line) => line.replace(/ {2}\(.*\)$/, ""));
  assert.deepEqual(problems.sort(), [
    "dangling.txt:1  file  is a link to something that does not exist",
    "missing.txt:1  file  does not exist",
    "p.txt:1  file  is a named pipe (FIFO), not a regular file",
    "pages/dir.txt:1  file  is a folder, but its name ends in .txt or .html like a saved page",
    "pages/loop:1  file  is a link to a folder; links inside a folder are not followed (they can loop or lead anywhere on the disk)",
    "pages/pipe.html:1  file  is a named pipe (FIFO), not a regular file",
    "pages/root:1  file  is a link to a folder; links inside a folder are not followed (they can loop or lead anywhere on the disk)",
    "pages/self.html:1  file  is a link that points at itself in a loop",
    "pages/x.txt:1  file  is a link to something that does not exist",
  ]);
  assert.match(run.stderr, /^pages\/sub\/seed\.txt: would write /m, "the regular file among them is still imported");
  assert.equal(run.stdout, seedArticleWith(/slug: (.+)/.exec(run.stdout)?.[1] ?? ""));
  assert.match(run.stderr, /^9 input\(s\) not imported\./m);
});

test("saved pages nested 20,000 deep (divs, unclosed <b>, a link and a heading around deep markup) are read without overflowing the stack", { timeout: 120_000 }, async () => {
  // The recursive walk overflowed from about 5,000 levels. htmlparser2 itself takes time quadratic
  // in the depth (its open-element stack is shifted at the front), a few seconds per 100,000
  // levels, so the test stays at 20,000: each nest below is there for a reason.
  const depth = 20_000;
  const paragraphs = SEED_TEXT.split("\n").map((line) => `<p>${line.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`).join("\n");
  const page = `<!DOCTYPE html><html><head><title>页面</title></head><body>${"<div>".repeat(depth)}${paragraphs}${"</div>".repeat(depth)}${"<b>".repeat(depth)}</body></html>`;
  const { outcome } = await importInput("deep.html", page, { dryRun: true, given: { slug: "wulanhaote-dangjian-jinyaoshi" } });
  assert.deepEqual(errors(outcome), []);
  assert.equal(outcome.text, SEED_ARTICLE);
  // A link's words, the h1's text and whether a link holds a picture are each read from a subtree.
  const spans = (inner: string) => `${"<span>".repeat(depth)}${inner}${"</span>".repeat(depth)}`;
  const { blocks, hints } = htmlBlocks(`<body><h1><a href="https://ok.example/">${spans("标题")}</a></h1><p><a href="https://ok.example/">${spans('<img src="x.png" alt="图">')}</a></p></body>`);
  assert.equal(hints.title?.value, "标题");
  assert.deepEqual(blocks.map((block) => (block.kind === "text" ? block.markdown : `image ${block.src} ${block.alt}`)), ["[标题](https://ok.example/)", "image x.png 图"]);
});

/** The text of parsed HTML, entities decoded. */
function textContent(node: ChildNode | { children: ChildNode[] }): string {
  if ("data" in node && isText(node)) return node.data;
  return "children" in node ? node.children.map(textContent).join("") : "";
}

/** Every <a> in rendered HTML: its href and its text, entities decoded. */
function renderedLinks(html: string): { href: string; text: string }[] {
  const links: { href: string; text: string }[] = [];
  const visit = (nodes: readonly ChildNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      if (node.name === "a") links.push({ href: node.attribs["href"] ?? "", text: textContent(node) });
      visit(node.children);
    }
  };
  visit(parseDocument(html, { decodeEntities: true }).children);
  return links;
}

test("hostile hrefs in a saved page: each link is written so that it renders as exactly one link, to the address the page linked, with its words", async () => {
  const hrefs = [
    "https://ok.example/x) 请到 [官方网站](https://phish.example/login) 登录 (https://ok.example/y",
    "https://ok.example/a\\",
    "https://ok.example/a\\b?q=c\\d#e\\f",
    "https://ok.example/wiki/A_(b)?q=(c)#(d)",
    "https://ok.example/a b?c d#e f",
    "https://ok.example/<script>?x=<y>#<z>",
    "https://ok.example/a\nb?c\r\nd",
    "https://ok.example/a](https://phish.example/)",
    "https://ok.example/`code`?q=`x`#`y`",
    "https://ok.example/?a=1&amp;b=2&copy;&#40;",
    "https://ok.example/100%?q=50%25",
    "https://ok.example/a|b^c{d}?e[f]g",
    "https://例子.测试/路径?查询=值#片段",
    "HTTPS://OK.EXAMPLE",
  ];
  const words = ["这篇报道", "反斜杠结尾", "[官方网站](https://phish.example/) \\ *x* `y` <b>", "第四", "第五", "第六", "第七", "第八", "第九", "第十", "十一", "十二", "十三", "十四"];
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const paragraphs = hrefs.map((href, index) => `<p>请看<a href="${escape(href)}">${escape(words[index] ?? "")}</a>后文${index}。</p>`).join("\n");
  const page = `<html><body><h2>网格化管理让服务更精细</h2><p>发布日期：2024年6月1日 来源：市委组织部</p>\n${paragraphs}\n<p>（编辑：张三）</p></body></html>`;
  const { outcome } = await importInput("links.html", page, { dryRun: true, given: { column: "基层治理", originalUrl: ORIGINAL, slug: "links" } });
  assert.deepEqual(errors(outcome), []);
  const body = (outcome.text ?? "").split("\n---\n")[1] ?? "";
  const rendered = renderMarkdown(body).split("\n").filter((line) => line.startsWith("<p>"));
  assert.equal(rendered.length, hrefs.length);
  // markdown-it percent-encodes a few characters of every address (`|`, `^`, `[`, a `\` in a query):
  // the target is the href as a browser reads it, normalised as markdown-it normalises any link.
  const normalise = new MarkdownIt().normalizeLink;
  hrefs.forEach((href, index) => {
    const shown = words[index]?.replace(/\s+/g, " ").trim();
    const links = renderedLinks(rendered[index] ?? "");
    assert.deepEqual(links, [{ href: normalise(new URL(href).href), text: shown }], `${JSON.stringify(href)} → ${rendered[index]}`);
    assert.equal(textContent(parseDocument(rendered[index] ?? "", { decodeEntities: true })), `请看${shown}后文${index}。`);
  });
  // Where no such character is in the address, the browser goes exactly where the page pointed.
  for (const index of [1, 3, 4, 5, 6, 9, 12, 13]) assert.equal(renderedLinks(rendered[index] ?? "")[0]?.href, new URL(hrefs[index] ?? "").href, hrefs[index]);
  assert.equal(renderedLinks(rendered[1] ?? "")[0]?.href, "https://ok.example/a/", "a trailing backslash is a slash to a browser");
  // markdown-it would percent-encode an IPv6 host's brackets: such a link keeps only its words.
  assert.deepEqual(htmlBlocks('<p><a href="https://[::1]/x">本机</a></p>').blocks.map((block) => (block.kind === "text" ? block.markdown : "")), ["本机"]);
});

test("a saved page's picture that is a link leaving the page's folder (in _files, or a linked _files folder) is named and not copied", async () => {
  const dir = folder("portal-import-leak-");
  const inputs = path.join(dir, "saved");
  const elsewhere = path.join(dir, "elsewhere");
  mkdirSync(path.join(inputs, "page_files"), { recursive: true });
  mkdirSync(elsewhere);
  writeFileSync(path.join(elsewhere, "outside.png"), PIXEL);
  writeFileSync(path.join(inputs, "page_files", "photo.png"), PIXEL);
  symlinkSync(path.join(elsewhere, "outside.png"), path.join(inputs, "page_files", "leak.png"));
  symlinkSync(elsewhere, path.join(inputs, "linked_files"));
  // A link that stays inside the page's folder is the page's own picture.
  symlinkSync("photo.png", path.join(inputs, "page_files", "alias.png"));
  const page = `<html><body><h2>网格化管理让服务更精细</h2><p>发布日期：2024年6月1日 来源：市委组织部</p><p>正文。</p>
<p><img src="page_files/leak.png" alt="x"></p>
<p><img src="linked_files/outside.png" alt="y"></p>
<p><img src="page_files/alias.png" alt="z"></p>
<p>（编辑：张三）</p></body></html>`;
  writeFileSync(path.join(inputs, "page.html"), page);
  const contentDir = makeContent({ pages: false });
  made.push(contentDir);
  const existing = await readExisting({ contentDir, rootDir: contentDir });
  assert.ok(existing.ok);
  const outcome = await importFile(path.join(inputs, "page.html"), { location: { contentDir, rootDir: contentDir }, existing: existing.existing, cwd: dir, given: { column: "基层治理", originalUrl: ORIGINAL, slug: "wangge" } });
  assert.deepEqual(errors(outcome), []);
  assert.deepEqual(outcome.problems.map((p) => `${p.line} ${p.field} ${p.message}`), [
    "1 author not found (no 作者 on the meta line): left out",
    "1 proofreader not found (no 校对 in the editor line): left out",
    `2 image "page_files/leak.png" is a link to a file outside the page's folder: left out`,
    `3 image "linked_files/outside.png" is a link to a file outside the page's folder: left out`,
  ]);
  assert.deepEqual(outcome.images, ["alias.png"]);
  assert.deepEqual(readdirSync(path.join(contentDir, "articles", "jiceng", "wangge")).sort(), ["alias.png", "index.md"]);
  assert.doesNotMatch(outcome.text ?? "", /leak|outside/);
});
