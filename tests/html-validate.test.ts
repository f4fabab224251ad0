/**
 * Every HTML page the production build writes is valid HTML under html-validate's recommended
 * rules (.htmlvalidate.json): the bundled site, and a small fixture site with what the bundled
 * content does not show (a multi-page pager, an empty column, a reprint whose title holds markup,
 * tables, footnotes, images and every other Markdown construct in a body). Fails, never skips,
 * when the build wrote no pages. The same bundled build is link-checked: no href, src or srcset,
 * and no URL in a feed or sitemap, points at a file the site does not have.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { checkLinks } from "../src/linkcheck.ts";
import { htmlValidateConfig as config, htmlValidator } from "./helpers/html-validator.ts";
import { sharedBundledSite } from "./helpers/shared-site.ts";
import { BUNDLED_CONTENT, ROOT, article, buildFixture, bundledSiteData, makeContent, removeDir, type BuiltSite } from "./helpers/site.ts";

const validator = htmlValidator;

/**
 * The only rules turned off, each because it contradicts the intended output:
 * - attribute-boolean-style: the production minifier (html-minifier-terser) writes `defer="defer"`
 *   but leaves `hidden` bare; both are valid boolean-attribute syntax, the rule is style only.
 */
const RULES_OFF = ["attribute-boolean-style"];

interface ValidationResult {
  pages: string[];
  problems: string[];
}

async function validateHtml(site: BuiltSite): Promise<ValidationResult> {
  const pages = site.files.filter((file) => file.endsWith(".html"));
  const problems: string[] = [];
  for (const file of pages) {
    const report = await validator.validateString(site.read(file), file);
    for (const result of report.results) {
      for (const message of result.messages) problems.push(`${file}:${message.line}:${message.column} [${message.ruleId}] ${message.message}`);
    }
  }
  return { pages, problems };
}

function articleCount(dir: string): number {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((entry) => entry.endsWith(".md")).length;
}

let bundled: BuiltSite | undefined;
let fixture: BuiltSite | undefined;
let fixtureContent = "";

before(async () => {
  // The site as `npm run build` publishes it: post-write steps (search index, 关怀版 copies) included.
  bundled = await sharedBundledSite("published");

  const site = bundledSiteData();
  site.pageSize = 2;
  const body = [
    "第一段，含有[站内链接](/about/)和[外部链接](https://www.gov.cn/)。",
    "## 小标题",
    "| 项目 | 数量 |\n| --- | --- |\n| 窗口 | 40 |",
    "![宣传图片](https://www.gov.cn/images/a.png)",
    "> 引用的一段话。",
    "- 第一条\n- 第二条",
    "1. 甲\n2. 乙",
    "`代码` 与 <b>原样显示的标记</b>",
    // Footnotes, aligned tables and every other construct an editor may paste.
    readFileSync(path.join(ROOT, "tests", "fixtures", "every-construct.md"), "utf8"),
  ].join("\n\n");
  fixtureContent = makeContent({
    site,
    articles: [
      { path: "dangfeng/a.md", frontmatter: article({ title: "第一篇", date: "2024-05-20", tags: ["基层治理", "AI"] }), body },
      { path: "dangfeng/b.md", frontmatter: article({ title: "第二篇", date: "2024-05-21 09:30", tags: ["基层治理"] }) },
      { path: "dangfeng/c.md", frontmatter: article({ title: "第三篇", date: "2024-06-01", tags: ["ai"] }) },
      { path: "dangfeng/d.md", frontmatter: article({ title: "第四篇", date: "2024-07-01" }) },
      { path: "dangfeng/e.md", frontmatter: article({ title: "第五篇", date: "2024-08-01" }) },
      {
        path: "jijian/reprint.md",
        frontmatter: article({
          title: `'标题</script><b>&"引号"'`,
          column: "纪检监察",
          date: "2024-05-22",
          source: "新华网",
          author: "记者",
          proofreader: "李晓艳",
          originalUrl: "https://www.gov.cn/a?x=1&y=2",
          summary: "摘要 <em>不是标记</em>",
        }),
      },
    ],
  });
  fixture = await buildFixture(fixtureContent, { mode: "production" });
});

after(() => {
  if (fixture) removeDir(fixture.outputDir);
  if (fixtureContent) removeDir(fixtureContent);
});

test(".htmlvalidate.json extends the recommended preset and turns off only the listed rules", () => {
  assert.deepEqual(config.extends, ["html-validate:recommended"]);
  const off = Object.entries(config.rules ?? {})
    .filter(([, setting]) => setting === "off" || setting === 0 || (Array.isArray(setting) && (setting[0] === "off" || setting[0] === 0)))
    .map(([rule]) => rule)
    .sort();
  assert.deepEqual(off, [...RULES_OFF].sort());
});

test("the validator with this config does report invalid HTML (the check is not a no-op)", async () => {
  const report = await validator.validateString(
    '<!doctype html><html lang="zh-CN"><head><title>x</title></head><body><p id="a">一</p><p id="a">二<div></div></body></html>',
    "broken.html",
  );
  const rules = new Set(report.results.flatMap((result) => result.messages.map((message) => message.ruleId)));
  assert.equal(report.valid, false);
  assert.ok(rules.has("no-dup-id"), `expected no-dup-id among ${[...rules].join(", ")}`);
});

test("every HTML page of the bundled site (production build) passes html-validate", async () => {
  assert.ok(bundled, "the bundled site was built");
  const { pages, problems } = await validateHtml(bundled);
  // Fail, never skip, when the build wrote nothing: every article, the home page, lists and 404.
  const articles = articleCount(path.join(BUNDLED_CONTENT, "articles"));
  assert.ok(articles > 0, "the bundled content has articles");
  assert.ok(pages.length >= articles + 10, `only ${pages.length} HTML pages were built`);
  for (const required of ["index.html", "404.html", "sitemap/index.html", "archive/index.html", "tags/index.html", "about/index.html"]) {
    assert.ok(pages.includes(required), `${required} was built`);
  }
  assert.equal(problems.length, 0, `html-validate found ${problems.length} problem(s):\n${problems.join("\n")}`);
});

test("pages the bundled content does not show (pager, empty column, reprint, rich body) pass html-validate", async () => {
  assert.ok(fixture, "the fixture site was built");
  const { pages, problems } = await validateHtml(fixture);
  for (const required of ["dangfeng/index.html", "dangfeng/page/2/index.html", "dangfeng/page/3/index.html", "jingshi/index.html", "jijian/reprint/index.html", "dangfeng/a/index.html"]) {
    assert.ok(pages.includes(required), `${required} was built`);
  }
  assert.match(fixture.read("dangfeng/page/2/index.html"), /aria-current="page"/);
  assert.match(fixture.read("jingshi/index.html"), /本栏目暂无文章/);
  assert.equal(problems.length, 0, `html-validate found ${problems.length} problem(s):\n${problems.join("\n")}`);
});

test("the bundled site has no broken internal reference: pages, photos, attachments, feeds, sitemaps", async () => {
  assert.ok(bundled, "the bundled site was built");
  const site = bundledSiteData() as { url: string; pathPrefix: string };
  const result = await checkLinks(bundled.outputDir, { url: site.url, pathPrefix: site.pathPrefix });
  // Fail, never skip, when there is little to check: the bundled photos and the notice's PDF are among the files.
  for (const file of ["favicon.ico", "logo.png", "jiceng/laojiu-xiaoqu-jiazhuang-dianti/dianti-1200w.webp", "yaowen/lianzheng-jiaoyu-yue-tongzhi/关于开展廉政教育月活动的通知.pdf"]) {
    assert.ok(bundled.files.includes(file), `${file} was built`);
  }
  assert.ok(result.references > 2000, `only ${result.references} references were checked`);
  assert.deepEqual(result.broken.map((link) => `${link.file}: ${link.url} ${link.reason}`), []);
});
