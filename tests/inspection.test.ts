/**
 * The inspection (src/inspect/): 错敏词 with line and column, the allow-list, empty and stale
 * columns, dead links into the site, footer identity formats and what a government site must
 * show, 网页标签, 政府信息公开 blocks, and the HTML report (html-validate and axe in Chromium).
 * Checked in-process through the loader and checkSite, and once through `npm run check`'s command
 * (in-process too: tests/helpers/cli.ts).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import type axe from "axe-core";
import { htmlValidator } from "./helpers/html-validator.ts";
import { loadContent } from "../src/content/load.ts";
import { formatProblem } from "../src/content/problems.ts";
import { createArticleSchema } from "../src/content/schema.ts";
import { Automaton } from "../src/inspect/automaton.ts";
import { loadInspectionData } from "../src/inspect/index.ts";
import { asFindings, summarize } from "../src/inspect/items.ts";
import { articleTags } from "../src/inspect/page-tags.ts";
import { renderReport } from "../src/inspect/report.ts";
import { checkSite, type SiteCheck } from "../src/inspect/run.ts";
import { WordMatcher, wordListsSchema } from "../src/inspect/words.ts";
import { siteSchema } from "../src/site/schema.ts";
import { axeSource, useChromium, withPage } from "./helpers/browser.ts";
import { meta, metas, plainText } from "./helpers/portal.ts";
import { BUNDLED_CONTENT, ROOT, article, buildFixture, bundledSiteData, fixtureOptions, makeContent, removeDir, tempDir, type BuiltSite } from "./helpers/site.ts";
import { runCheckInProcess } from "./helpers/safety.ts";

const validator = htmlValidator;
const bundledWords = JSON.parse(readFileSync(path.join(BUNDLED_CONTENT, "_data", "words.json"), "utf8")) as {
  corrections: { severity: string; entries: unknown[] };
  forbidden: { severity: string; entries: unknown[] };
  allowed: string[];
};

// ---------------------------------------------------------------------------------------------
// Fixture A: a site with one of each finding, checked in-process (and once through the check command).

const TYPO_BODY = [
  "第一段没有问题。",
  "",
  "第二段：开展两学一作学习教育。“不忘出心（错误写法）”一词不报；不忘出心要报。这是内部资料。",
  "",
  "链接：[关于](/about/)、[纪检](/jijian)、[归档](/archive/2025/)、[标签页](/tags/)、[订阅](/feed.xml)、[坏链接](/no-such-page/)、[第九页](/dangfeng/page/9/)。",
  "",
  "![图片](/images/missing.png)",
  "",
  "相对：[栏目](../)、[纪检](../../jijian/)、[本页](./)、[关于](../../about/index.html)、[坏相对](../nope/)、[坏页面](next.html)。",
].join("\n");
/** The file's line of TYPO_BODY's first line: ---, five frontmatter lines, ---, a blank line. */
const BODY_LINE = 9;

function findingsSite(): string {
  const site = bundledSiteData();
  const columns = site.columns as Record<string, unknown>[];
  (columns[1] as Record<string, unknown>).updateWithinDays = 30; // 党风政风
  (columns[2] as Record<string, unknown>).updateWithinDays = 400; // 纪检监察
  site.inspection = { emptyColumn: "error", staleColumn: "warning" };
  const words = {
    ...bundledWords,
    forbidden: { ...bundledWords.forbidden, entries: [...bundledWords.forbidden.entries, { word: "内部资料", reason: "not for publication", severity: "warning" }] },
    allowed: ["不忘出心（错误写法）"],
  };
  return makeContent({
    site,
    rawFiles: { "_data/words.json": JSON.stringify(words, null, 2) },
    articles: [
      {
        path: "dangfeng/typo.md",
        frontmatter: 'title: 加强党风廉正建设\ndate: 2025-10-01\ncolumn: 党风政风\neditor: 王伟\nsummary: "落实中央八条规定精神"',
        body: TYPO_BODY,
      },
      { path: "jijian/old.md", frontmatter: article({ title: "旧文章", date: "2024-11-15", column: "纪检监察" }) },
      { path: "yaowen/draft.md", frontmatter: article({ title: "草稿", date: "2025-12-01", column: "廉政要闻", draft: true }) },
      { path: "fazhi/future.md", frontmatter: article({ title: "未来", date: "2026-06-01", column: "法治建设" }) },
      {
        path: "fagui/late.md",
        frontmatter: "title: 成文晚于发布\ndate: 2025-05-01\ncolumn: 政策法规\neditor: 王伟\ndisclosure:\n  index: 000014349/2025-00001\n  publisher: 某某市人民政府办公室\n  written: 2025-05-02\n  number: 某政办发〔2026〕3号\n  topic: 综合政务",
      },
    ],
  });
}

let findingsContent = "";
let findings: SiteCheck;

before(async () => {
  findingsContent = findingsSite();
  findings = await checkSite(fixtureOptions(findingsContent));
});

after(() => {
  if (findingsContent) removeDir(findingsContent);
});

const relative = (file: string) => `${path.relative(ROOT, findingsContent).split(path.sep).join("/")}/${file}`;
const at = (item: string, file: string) =>
  findings.findings
    .filter((finding) => finding.item === item && finding.file === relative(`articles/${file}`))
    .map((finding) => `${finding.line}:${finding.column ?? "-"} ${finding.field} ${finding.severity}`);

test("the automaton finds every pattern, overlaps and repeats included, with UTF-16 ranges", () => {
  const automaton = new Automaton(["he", "she", "hers", "党风廉正建设", "廉正", "he"]);
  const hits: string[] = [];
  const text = "ushers；加强党风廉正建设。😀she";
  automaton.scan(text, (pattern, start, end) => hits.push(`${automaton.patterns[pattern]}@${start}-${end}=${text.slice(start, end)}`));
  assert.deepEqual(hits, [
    "she@1-4=she",
    "he@2-4=he",
    "he@2-4=he",
    "hers@2-6=hers",
    "廉正@11-13=廉正",
    "党风廉正建设@9-15=党风廉正建设",
    "she@18-21=she",
    "he@19-21=he",
    "he@19-21=he",
  ]);
  assert.throws(() => new Automaton([""]), /empty pattern/);
});

test("a wrong → right pair is found in a title, a summary and a body, at its line and column", () => {
  const typo = findings.findings.filter((finding) => finding.item === "corrections" && finding.file === relative("articles/dangfeng/typo.md"));
  const bodyLine = TYPO_BODY.split("\n")[2] ?? "";
  assert.deepEqual(
    typo.map((finding) => `${finding.line}:${finding.column} ${finding.field} ${finding.severity}`),
    [
      "2:10 title error", // title: 加强党风廉正建设
      "6:13 summary error", // summary: "落实中央八条规定精神" (the quote counts)
      `${BODY_LINE + 2}:${bodyLine.indexOf("两学一作") + 1} body error`,
      `${BODY_LINE + 2}:${bodyLine.lastIndexOf("不忘出心") + 1} body error`,
    ],
  );
  const line = formatProblem(typo[0] ?? assert.fail("a finding"));
  assert.ok(line.startsWith(`${relative("articles/dangfeng/typo.md")}:2:10  title  "党风廉正建设" is a wrong form of "党风廉政建设"`), line);
  assert.match(line, /write 党风廉政建设, as in 《关于实行党风廉政建设责任制的规定》/);
});

test("an allow-listed phrase is not reported; the same word outside it is", () => {
  const bodyLine = TYPO_BODY.split("\n")[2] ?? "";
  const columns = findings.findings.filter((finding) => finding.message.includes("不忘出心")).map((finding) => finding.column);
  assert.deepEqual(columns, [bodyLine.lastIndexOf("不忘出心") + 1]);
  assert.notEqual(bodyLine.indexOf("不忘出心"), bodyLine.lastIndexOf("不忘出心"));
  // The matcher alone: the allowed phrase covers the hit; a phrase that only overlaps it does not.
  const matcher = new WordMatcher(wordListsSchema.parse({ corrections: { entries: [{ wrong: "两学一作", right: "两学一做" }] }, allowed: ["两学一作为例", "一作为"] }));
  assert.deepEqual(matcher.scan("以两学一作为例").length, 0);
  assert.deepEqual(matcher.scan("两学一作").map((hit) => [hit.start, hit.end]), [[0, 4]]);
});

test("a never-publish word is reported with the severity the site chose", () => {
  assert.deepEqual(at("forbidden", "dangfeng/typo.md"), [`${BODY_LINE + 2}:${(TYPO_BODY.split("\n")[2] ?? "").indexOf("内部资料") + 1} body warning`]);
  const forbidden = findings.findings.find((finding) => finding.item === "forbidden");
  assert.match(forbidden?.message ?? "", /"内部资料" must never be published \(not for publication\)/);
});

test("the word lists are validated: a correction containing its wrong form, a repeated word, an unknown key", async () => {
  const result = wordListsSchema.safeParse({
    corrections: { entries: [{ wrong: "法制", right: "法制国家" }, { wrong: "两学一作", right: "两学一做" }, { wrong: "两学一作", right: "两学一做" }] },
    forbidden: { severity: "fatal", entries: [] },
    alowed: [],
  });
  assert.equal(result.success, false);
  const issues = (result.error?.issues ?? []).map((issue) => issue.path.join("."));
  assert.ok(issues.includes("forbidden.severity"), issues.join(" "));
  assert.ok(issues.some((issue) => issue === "" || issue === "alowed"), issues.join(" "));
  // Read as a data file, each problem is at its line in words.json.
  const content = makeContent({ pages: false, rawFiles: { "_data/words.json": '{\n  "corrections": { "entries": [\n    { "wrong": "两学一作", "right": "两学一作" }\n  ] },\n  "alowed": []\n}\n' } });
  try {
    const data = await loadInspectionData({ contentDir: content, rootDir: content });
    assert.equal(data.words, undefined);
    assert.deepEqual(
      data.problems.map((problem) => `${problem.file}:${problem.line} ${problem.field} ${problem.item}`),
      ["_data/words.json:3 corrections.entries.0.right content", "_data/words.json:5 alowed content"],
    );
  } finally {
    removeDir(content);
  }
});

test("an empty column and a stale column are reported with the dates used; drafts and future articles do not count", () => {
  const columns = findings.findings.filter((finding) => finding.item === "empty-columns" || finding.item === "stale-columns");
  const empty = columns.filter((finding) => finding.item === "empty-columns").map((finding) => finding.message);
  assert.deepEqual(empty, ["廉政要闻", "法治建设", "基层治理", "警示教育", "廉洁文化"].map((name) => `column ${name} has no published article (空白栏目)`));
  assert.ok(columns.filter((finding) => finding.item === "empty-columns").every((finding) => finding.severity === "error" && finding.file.endsWith("_data/site.json")));
  const stale = columns.filter((finding) => finding.item === "stale-columns");
  assert.deepEqual(
    stale.map((finding) => [finding.severity, finding.message]),
    [
      ["warning", "column 党风政风 was last updated 2025-10-01, 92 days before 2026-01-01 (the build's date); it must be updated within 30 days"],
      ["warning", "column 纪检监察 was last updated 2024-11-15, 412 days before 2026-01-01 (the build's date); it must be updated within 400 days"],
    ],
  );
  const siteText = readFileSync(path.join(findingsContent, "_data", "site.json"), "utf8").split("\n");
  assert.match(siteText[(stale[0]?.line ?? 0) - 1] ?? "", /党风政风/, "points at the column's line in site.json");
  const dangfeng = findings.columns.find((column) => column.name === "党风政风");
  assert.deepEqual(dangfeng, { name: "党风政风", slug: "dangfeng", url: "/dangfeng/", count: 1, lastUpdated: "2025-10-01", ageDays: 92, updateWithinDays: 30, state: "stale" });
});

test("a link or image into the site that reaches no built page is an error at its line, a relative one read from the page's address; built pages pass", () => {
  const linkLine = TYPO_BODY.split("\n")[4] ?? "";
  const relativeLine = TYPO_BODY.split("\n")[8] ?? "";
  const dead = findings.findings.filter((finding) => finding.item === "dead-links").map((finding) => `${finding.line}:${finding.column} ${finding.message}`);
  const page = /read from this page's address (\/dangfeng\/[^/]+\/)\)/.exec(dead.join("\n"))?.[1] ?? "?";
  assert.deepEqual(dead, [
    `${BODY_LINE + 4}:${linkLine.indexOf("/no-such-page/") + 1} links to /no-such-page/, a page this site does not build`,
    `${BODY_LINE + 4}:${linkLine.indexOf("/dangfeng/page/9/") + 1} links to /dangfeng/page/9/, a page this site does not build`,
    `${BODY_LINE + 6}:${(TYPO_BODY.split("\n")[6] ?? "").indexOf("/images/") + 1} links to /images/missing.png, a page this site does not build`,
    `${BODY_LINE + 8}:${relativeLine.indexOf("../nope/") + 1} links to /dangfeng/nope/ (../nope/ read from this page's address ${page}), a page this site does not build`,
    `${BODY_LINE + 8}:${relativeLine.indexOf("next.html") + 1} links to ${page}next.html (next.html read from this page's address ${page}), a page this site does not build`,
  ]);
});

test("a disclosed document written after it was published, or numbered for a later year, is reported at the key's line", () => {
  assert.deepEqual(at("disclosure", "fagui/late.md"), ["9:- disclosure.written error", "10:- disclosure.number error"]);
});

test("the bundled site passes every check", async () => {
  const run = await checkSite(fixtureOptions(BUNDLED_CONTENT));
  assert.deepEqual(run.findings.map(formatProblem), []);
  assert.ok(run.publishedCount >= 15 && run.columns.every((column) => column.count > 0));
  assert.ok(summarize(run.findings).every((item) => item.passed && item.warnings === 0));
});

// ---------------------------------------------------------------------------------------------
// Footer identity fields and what a government site must show.

function siteWith(footer: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const site = bundledSiteData();
  return siteSchema.safeParse({ ...site, ...extra, footer: { ...(site.footer as Record<string, unknown>), ...footer } });
}

function issuesOf(result: ReturnType<typeof siteWith>): string[] {
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

test("each footer identity field with a bad format is reported by its data path", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ icp: "京ICP12345678号" }, "footer.icp"],
    [{ icp: "ICP备12345678号" }, "footer.icp"],
    [{ publicSecurity: "京公网安备1101050203号" }, "footer.publicSecurity"],
    [{ publicSecurity: "京公安备11010502030143号" }, "footer.publicSecurity"],
    [{ siteCode: "12345" }, "footer.siteCode"],
    [{ siteCode: "BM0100000" }, "footer.siteCode"],
    [{ governmentMark: { url: "https://example.com/mark" } }, "footer.governmentMark.url"],
    [{ governmentMark: { url: "https://bszs.conac.cn/sitename?method=show&id=1", image: "javascript:alert(1)" } }, "footer.governmentMark.image"],
    [{ correctionUrl: "javascript:alert(1)" }, "footer.correctionUrl"],
  ];
  for (const [footer, field] of cases) {
    const issues = issuesOf(siteWith(footer));
    assert.equal(issues.length, 1, `${JSON.stringify(footer)}: ${issues.join("; ")}`);
    assert.ok(issues[0]?.startsWith(`${field}: `), `${JSON.stringify(footer)} → ${issues[0]}`);
  }
  const good = siteWith({
    icp: "京ICP备12345678号-1",
    publicSecurity: "京公网安备 11010502030143号",
    siteCode: "bm01000001",
    governmentMark: { url: "https://bszs.conac.cn/sitename?method=show&id=072BBE6C2A7A3AB1E053012819AC2B23", image: "/images/dzjg.png" },
    correctionUrl: "/contact/?from={url}",
  });
  assert.deepEqual(issuesOf(good), []);
  assert.deepEqual(issuesOf(siteWith({ icp: "粤ICP备2022154324号" })), []);
});

test('kind "government" requires 网站标识码, ICP, 公安 备案 and the 党政机关 mark; the loader names them by line', async () => {
  assert.deepEqual(issuesOf(siteWith({}, { kind: "government" })).map((issue) => issue.split(":")[0]), [
    "footer.siteCode",
    "footer.icp",
    "footer.publicSecurity",
    "footer.governmentMark",
  ]);
  assert.deepEqual(issuesOf(siteWith({ phones: [], email: "" }, { kind: "government" })).length, 5);
  assert.match(issuesOf(siteWith({}, { kind: "county" }))[0] ?? "", /^kind: must be "portal" or "government"/);

  const site = bundledSiteData();
  const loadFindings = async (changed: Record<string, unknown>) => {
    const content = makeContent({ site: changed, pages: false });
    try {
      const loaded = await loadContent({ contentDir: content, rootDir: content });
      return { found: asFindings(loaded.problems), lines: readFileSync(path.join(content, "_data", "site.json"), "utf8").split("\n") };
    } finally {
      removeDir(content);
    }
  };
  const missing = await loadFindings({ ...site, kind: "government" });
  assert.deepEqual(
    missing.found.map((finding) => `${finding.item} ${finding.field} ${missing.lines[finding.line - 1]?.trim()}`),
    ['footer.siteCode "footer": {', 'footer.governmentMark "footer": {', 'footer.icp "icp": "",', 'footer.publicSecurity "publicSecurity": ""'].map((where) => `identity ${where}`),
    "an empty field points at its line, a field left out at the footer",
  );
  const badIcp = await loadFindings({ ...site, footer: { ...(site.footer as object), icp: "京ICP备123号" } });
  assert.deepEqual(badIcp.found.map((finding) => `${finding.item} ${finding.field} ${badIcp.lines[finding.line - 1]?.trim()}`), ['identity footer.icp "icp": "京ICP备123号",']);
  assert.match(badIcp.found[0]?.message ?? "", /"京ICP备123号" is not an ICP 备案号/);
});

// ---------------------------------------------------------------------------------------------
// 政府信息公开 blocks: the schema.

const schema = createArticleSchema({ columns: [{ name: "政策法规", slug: "fagui" }], timezone: "Asia/Shanghai" });
const disclosed = (block: Record<string, unknown>) =>
  schema.safeParse({ title: "文件", date: "2024-05-20", column: "政策法规", editor: "王伟", disclosure: { index: "11150000MB1234567X/2024-00012", publisher: "某某市人民政府办公室", written: "2024-05-10", number: "某政办发〔2024〕12号", topic: "综合政务", ...block } });

test("the disclosure block validates each key's form", () => {
  const ok = disclosed({});
  assert.ok(ok.success);
  assert.equal(ok.data.disclosure?.validity, "有效");
  assert.equal(ok.data.disclosure?.written.day, "2024-05-10");
  const bad: [Record<string, unknown>, string, RegExp][] = [
    [{ index: "2024-0012" }, "disclosure.index", /is not a 索引号 in the form <机构代码>\/<年份>-<序号>/],
    [{ number: "某政办发[2024]12号" }, "disclosure.number", /is not a 文号 in the form 机关代字〔年份〕序号号/],
    [{ number: "某政办发〔2024〕012号" }, "disclosure.number", /is not a 文号/],
    [{ number: "某政办发〔24〕第12号" }, "disclosure.number", /is not a 文号/],
    [{ written: "2024-02-30" }, "disclosure.written", /not a real calendar date/],
    [{ written: "2024-05-10 10:00" }, "disclosure.written", /has a time/],
    [{ publisher: "" }, "disclosure.publisher", /is empty/],
    [{ topic: undefined }, "disclosure.topic", /is missing/],
    [{ validity: "作废" }, "disclosure.validity", /must be one of 有效, 失效, 废止/],
    [{ issuer: "x" }, "disclosure", /has keys it does not know: issuer/],
  ];
  for (const [block, field, message] of bad) {
    const result = disclosed(block);
    assert.equal(result.success, false, JSON.stringify(block));
    const issue = result.error?.issues[0];
    assert.equal(issue?.path.join("."), field, JSON.stringify(block));
    assert.match(issue?.message ?? "", message);
  }
});

test("a bad disclosure key is reported at its own line with its own fix", async () => {
  const content = makeContent({
    pages: false,
    rawFiles: { "articles/fagui/x.md": "---\ntitle: 文件\ndate: 2024-05-20\ncolumn: 政策法规\neditor: 王伟\ndisclosure:\n  index: 000014349/2024-00012\n  publisher: 某某市人民政府办公室\n  written: 2024-05-10\n  number: 某政办发(2024)12号\n  topic: 综合政务\n---\n正文\n" },
  });
  try {
    const loaded = await loadContent({ contentDir: content, rootDir: content });
    assert.deepEqual(loaded.problems.map(formatProblem), [
      'articles/fagui/x.md:10  disclosure.number  "某政办发(2024)12号" is not a 文号 in the form 机关代字〔年份〕序号号  (write it as GB/T 9704—2012 does: 机关代字〔年份〕序号号, e.g. 某政办发〔2024〕12号 (六角括号 〔〕, no 第, no leading zeros), or leave the line out)',
    ]);
    assert.equal(asFindings(loaded.problems)[0]?.item, "disclosure");
  } finally {
    removeDir(content);
  }
});

// ---------------------------------------------------------------------------------------------
// Fixture B: a government site built once: footer identity, 网页标签, the disclosure table.

const GOV_URL = "https://www.example.gov.cn";
const MARK_URL = "https://bszs.conac.cn/sitename?method=show&id=072BBE6C2A7A3AB1E053012819AC2B23";
let gov: BuiltSite;
let govContent = "";

before(async () => {
  const site = bundledSiteData();
  const columns = site.columns as Record<string, unknown>[];
  Object.assign(columns[7] as Record<string, unknown>, { type: "文件资料", keywords: ["政策", "法规"] });
  govContent = makeContent({
    site: {
      ...site,
      url: GOV_URL,
      domain: "www.example.gov.cn",
      kind: "government",
      footer: {
        ...(site.footer as Record<string, unknown>),
        icp: "京ICP备12345678号-1",
        publicSecurity: "京公网安备 11010502030143号",
        siteCode: "1100000088",
        governmentMark: { url: MARK_URL },
      },
    },
    articles: [
      {
        path: "fagui/repealed.md",
        frontmatter:
          "title: 关于印发某某办法的通知\ndate: 2024-05-20 09:30\ncolumn: 政策法规\neditor: 王伟\nsource: 某某市人民政府\nauthor: 办公室\ntags: [政策, 公开]\nsummary: 某某办法全文。\ndisclosure:\n  index: 11150000MB1234567X/2024-00012\n  publisher: 某某市人民政府办公室\n  written: 2024-05-10\n  number: 某政办发〔2024〕12号\n  topic: 综合政务\n  validity: 废止",
        body: "正文。\n\n![附图](https://www.example.gov.cn/images/a.jpg)",
      },
      { path: "fagui/current.md", frontmatter: "title: 现行文件\ndate: 2024-06-01\ncolumn: 政策法规\neditor: 王伟\ndisclosure:\n  index: 000014349/2024-00013\n  publisher: 某某局\n  written: 2024-06-01\n  topic: 综合政务" },
    ],
  });
  gov = await buildFixture(govContent, { mode: "production" });
});

after(() => {
  if (gov) removeDir(gov.outputDir);
  if (govContent) removeDir(govContent);
});

test("the footer shows the 党政机关 mark, 网站标识码, ICP and 公安 备案 and 纠错 in the customary form", () => {
  const html = gov.page("/fagui/repealed/");
  const filings = /<p class="filings">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "";
  const links = [...filings.matchAll(/<a\b[^>]*href="?([^">\s]+)"?[^>]*>([\s\S]*?)<\/a>/g)].map((match) => [match[1]?.replaceAll("&amp;", "&"), plainText(match[2] ?? "")]);
  const pageAddress = encodeURIComponent(`${GOV_URL}/fagui/repealed/`);
  assert.deepEqual(links, [
    [MARK_URL, "党政机关"],
    ["https://beian.miit.gov.cn/", "京ICP备12345678号-1"],
    ["http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010502030143", "京公网安备 11010502030143号"],
    [`https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=1100000088&url=${pageAddress}`, "纠错"],
  ]);
  assert.match(plainText(filings), /网站标识码：1100000088/);
});

test("网页标签: the site's on every page, the column's on its list, the article's on its page", () => {
  for (const url of ["/", "/fagui/", "/fagui/current/"]) {
    const html = gov.page(url);
    assert.equal(meta(html, "SiteName"), "廉政法治网", url);
    assert.equal(meta(html, "SiteDomain"), "www.example.gov.cn", url);
    assert.equal(meta(html, "SiteIDCode"), "1100000088", url);
  }
  const listing = gov.page("/fagui/");
  assert.equal(meta(listing, "ColumnName"), "政策法规");
  assert.equal(meta(listing, "ColumnDescription"), "党内法规、法律法规与政策解读。");
  assert.equal(meta(listing, "ColumnKeywords"), "政策,法规");
  assert.equal(meta(listing, "ColumnType"), "文件资料");
  assert.equal(meta(gov.page("/dangfeng/"), "ColumnType"), undefined, "left out when the column sets no type");
  const page = gov.page("/fagui/repealed/");
  const expected: Record<string, string> = {
    ColumnName: "政策法规",
    ArticleTitle: "关于印发某某办法的通知",
    PubDate: "2024-05-20 09:30",
    ContentSource: "某某市人民政府",
    Keywords: "政策,公开",
    Author: "办公室",
    Description: "某某办法全文。",
    Image: "https://www.example.gov.cn/images/a.jpg",
    Url: `${GOV_URL}/fagui/repealed/`,
  };
  for (const [name, content] of Object.entries(expected)) assert.deepEqual(metas(page, name), [content], name);
  assert.equal(meta(gov.page("/fagui/current/"), "Image"), undefined, "no Image without an image in the body");
  // The published photo (the file og:image names), as an address under the prefix; else a photo from another site.
  const site = { name: "网", domain: "", url: GOV_URL, pathPrefix: "/portal/", columns: [], footer: { siteCode: "" } };
  const view = { title: "t", url: "/fagui/a/", summary: "", source: "", author: "", date: { display: "2024-05-20" }, column: { name: "c" }, tags: [] };
  const image = (body: string, shareUrl?: string) => articleTags({ ...view, body, image: shareUrl ? { shareUrl } : null }, site).find((tag) => tag.name === "Image")?.content;
  assert.equal(image("![x](photo.jpg)", "/fagui/a/photo-1200w.jpg"), `${GOV_URL}/portal/fagui/a/photo-1200w.jpg`);
  assert.equal(image("![x](https://img.example.cn/a.jpg)\n\n![y](photo.jpg)", "/fagui/a/photo-1200w.jpg"), `${GOV_URL}/portal/fagui/a/photo-1200w.jpg`, "the published photo first");
  assert.equal(image("![x](https://img.example.cn/a.jpg)"), "https://img.example.cn/a.jpg");
  assert.equal(image("![x](photo.jpg)"), undefined, "never a file that was not published");
  assert.equal(image("`![x](code.png)`"), undefined);
});

test("a disclosed document shows the 信息公开 table above the title; a repealed one is marked", () => {
  const html = gov.page("/fagui/repealed/");
  const table = /<table class="?disclosure-table"?>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  assert.ok(html.indexOf("disclosure-table") < html.indexOf("article-title"), "the table comes before the headline");
  assert.equal(
    plainText(table),
    "信息公开 索引号 11150000MB1234567X/2024-00012 主题分类 综合政务 发布机构 某某市人民政府办公室 成文日期 2024-05-10 文号 某政办发〔2024〕12号 发布日期 2024-05-20 有效性 废止",
  );
  assert.match(html, /<p class="?disclosure-notice"? role="?note"?><strong>本文件已废止。<\/strong><\/p>/);
  assert.match(table, /<td colspan="?3"? class="?disclosure-alert"?>废止<\/td>/);
  const current = gov.page("/fagui/current/");
  assert.match(plainText(current), /文号 无 发布日期 2024-06-01 有效性 有效/);
  assert.doesNotMatch(current, /disclosure-notice|disclosure-alert/);
  assert.doesNotMatch(gov.page("/fagui/"), /disclosure-table/);
});

test("pages with the identity footer, page tags and disclosure tables pass html-validate", async () => {
  for (const url of ["/", "/fagui/", "/fagui/repealed/", "/fagui/current/"]) {
    const report = await validator.validateString(gov.page(url), url);
    const messages = report.results.flatMap((result) => result.messages.map((message) => `${url}:${message.line} [${message.ruleId}] ${message.message}`));
    assert.deepEqual(messages, []);
  }
});

// ---------------------------------------------------------------------------------------------
// The report page, and the check command (once).

function report(run: SiteCheck): string {
  return renderReport({
    site: { name: run.content.site?.name ?? "", url: run.content.site?.url ?? "" },
    today: run.today,
    articleCount: run.publishedCount,
    pageCount: run.content.pages.length,
    findings: run.findings,
    columns: run.columns,
  });
}

test("the report lists each inspection item, every finding with its place, and each column's count and last update", async () => {
  const html = report(findings);
  // Valid with findings, and with none (the bundled site: "未发现问题").
  const clean = report(await checkSite(fixtureOptions(BUNDLED_CONTENT)));
  assert.match(clean, /<p>未发现问题。<\/p>/);
  for (const [name, page] of [["report.html", html], ["clean.html", clean]] as const) {
    const validation = await validator.validateString(page, name);
    assert.deepEqual(validation.results.flatMap((result) => result.messages.map((message) => `${name}:${message.line} [${message.ruleId}] ${message.message}`)), []);
  }
  const text = plainText(html);
  assert.match(text, /结论：未通过：\d+ 处错误（阻止发布），\d+ 处提醒/);
  assert.match(text, /错别字 官方用语的错误写法（content\/_data\/words\.json 的 corrections） 未通过 4 0/);
  assert.match(text, /禁用词 本站不发布的词语（content\/_data\/words\.json 的 forbidden） 通过（有提醒） 0 1/);
  assert.match(text, /空白栏目 没有已发布文章的栏目 未通过 5 0/);
  assert.match(text, /站内链接 正文中指向本站不存在页面的链接 未通过 5 0/);
  assert.match(text, /网站标识与备案 .* 通过 0 0/);
  assert.ok(text.includes(`${relative("articles/dangfeng/typo.md")}:2:10 title "党风廉正建设" is a wrong form of "党风廉政建设" (错别字)`), "a finding with file, line and column");
  assert.match(text, /党风政风 \/dangfeng\/ 1 2025-10-01 92 30 未按时更新/);
  assert.match(text, /廉政要闻 \/yaowen\/ 0 — — — 空白栏目/);
  assert.doesNotMatch(html, /<script/i);
  // Same content and "now", same bytes.
  assert.equal(report(await checkSite(fixtureOptions(findingsContent))), html);
});

test("the report page passes axe in Chromium", async () => {
  const { browser, release } = await useChromium();
  try {
    await withPage(browser, {}, async ({ page, addInitScript }) => {
      // axe-core comes with every document the page loads (about:blank below; setContent keeps its
      // window): its source crosses the DevTools protocol once, not once per check.
      await addInitScript(axeSource());
      const violationsOf = async (html: string) => {
        // A document of its own, without the policy of a site page the pooled page showed last.
        await page.goto("about:blank");
        await page.setContent(html, { waitUntil: "domcontentloaded" });
        return page.evaluate(async () => {
          const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] });
          return result.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`);
        });
      };
      // The check is not a no-op: an image without alt text is found.
      const broken = await violationsOf('<!doctype html><html lang="zh-CN"><head><title>x</title></head><body><main><h1>x</h1><img src="data:,"></main></body></html>');
      assert.ok(broken.some((violation) => violation.startsWith("image-alt")), broken.join("; "));
      assert.deepEqual(await violationsOf(report(findings)), []);
    });
  } finally {
    await release();
  }
});

test("npm run check -- --report FILE prints one line per problem with line:column, exits 1 and writes the report", async () => {
  const out = tempDir("portal-report-");
  const reportFile = path.join(out, "report.html");
  try {
    const { code, stdout, stderr } = await runCheckInProcess({ PORTAL_CONTENT: findingsContent, PORTAL_NOW: "2026-01-01T00:00:00+08:00" }, ["--report", reportFile]);
    assert.equal(code, 1, stderr);
    const lines = stderr.split("\n").filter((line) => line.startsWith(relative("")));
    assert.deepEqual(lines, findings.findings.map(formatProblem));
    assert.ok(lines.includes(`${relative("articles/dangfeng/typo.md")}:2:10  title  "党风廉正建设" is a wrong form of "党风廉政建设" (错别字)  (write 党风廉政建设, as in 《关于实行党风廉政建设责任制的规定》（中共中央、国务院，2010年）; if "党风廉正建设" is right here, add the phrase around it to "allowed" in ${relative("_data/words.json")})`));
    assert.match(stdout, /Report written to /);
    assert.equal(readFileSync(reportFile, "utf8"), report(findings));
  } finally {
    removeDir(out);
  }
});
