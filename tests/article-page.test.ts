/**
 * The article page over small fixture sites: reprints and originals, the editor line, and the
 * portal's identity (notices, footer, 备案) coming from site data rather than templates.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { article, bundledSiteData, buildFixture, makeContent, removeDir, type BuiltSite } from "./helpers/site.ts";
import { normalizeLine, visibleLines } from "./helpers/text.ts";

const REPRINT_URL = "https://www.ccdi.gov.cn/yaowen/202405/t20240520_1.html";

async function buildArticles(site = bundledSiteData()) {
  const content = makeContent({
    site,
    articles: [
      {
        path: "reprint.md",
        frontmatter: article({ title: "转载文章", source: "中央纪委国家监委网站", author: "张三", proofreader: "李晓艳", originalUrl: REPRINT_URL }),
      },
      { path: "original.md", frontmatter: article({ title: "原创文章", date: '"2024-05-21 10:30"' }) },
    ],
  });
  const built = await buildFixture(content, { mode: "development" });
  removeDir(content);
  return built;
}

const text = (html: string) => visibleLines(html).map(normalizeLine).join("\n");

/** The fixture with the bundled site data, built once for the tests that only read it. */
let bundled: BuiltSite;
before(async () => {
  bundled = await buildArticles();
});
after(() => removeDir(bundled.outputDir));

test("a reprint shows its source, 原文链接 as a link, and the reprint disclaimer", () => {
  const site = bundled;
  const html = site.page("/dangfeng/reprint/");
  const lines = text(html);
  assert.ok(lines.includes(normalizeLine("发布时间：2024-05-20 来源：中央纪委国家监委网站 作者：张三")));
  assert.ok(lines.includes(normalizeLine("[责任编辑：王伟 校对：李晓艳]")));
  assert.ok(lines.includes(normalizeLine(`原文链接：${REPRINT_URL}`)));
  assert.match(html, new RegExp(`<a href="${REPRINT_URL.replace(/[.?/]/g, "\\$&")}" rel="noopener noreferrer nofollow">`));
  assert.ok(lines.includes(normalizeLine("[免责声明] 本文来源于网络转载，仅供学习交流使用，不构成商业目的。")), "disclaimer text from site.json");
});

test("an original article has no 原文链接 and no disclaimer; source defaults to the site, author to 佚名", () => {
  const site = bundled;
  const html = site.page("/dangfeng/original/");
  const lines = text(html);
  assert.ok(lines.includes(normalizeLine("发布时间：2024-05-21 10:30 来源：廉政法治网 作者：佚名")));
  assert.ok(lines.includes(normalizeLine("[责任编辑：王伟]")), "no 校对 when none is given");
  assert.doesNotMatch(lines, /原文链接|免责声明|校对/);
  assert.match(html, /<time datetime="2024-05-21T10:30:00\+08:00">2024-05-21 10:30<\/time>/);
});

test("notices, footer and welcome come from site data: changing the data changes the page", async () => {
  const data = bundledSiteData();
  const footer = data.footer as Record<string, unknown>;
  const changed = {
    ...data,
    network: "测试网络中心",
    name: "清风社区网",
    welcome: "欢迎来到清风社区网！",
    notices: ["本站测试公告一。", "本站测试公告二。"],
    reprintDisclaimer: "测试免责声明文本。",
    footer: {
      ...footer,
      sponsor: "某某街道办事处",
      supervisor: "某某区委宣传部",
      copyright: "清风社区网 qf.example.cn 版权所有。",
      phones: [{ label: "值班电话", numbers: ["0471-1234567"] }],
      offices: [{ label: "办公地址", address: "某某市某某路1号" }],
      email: "qf@example.cn",
      qq: [{ label: "投稿QQ", number: "123456" }],
      icp: "京ICP备12345678号-1",
      publicSecurity: "京公网安备11010102000001号",
    },
  };
  const site = await buildArticles(changed);
  try {
    const lines = text(site.page("/dangfeng/reprint/"));
    for (const expected of [
      "测试网络中心",
      "欢迎来到清风社区网！",
      "[免责声明] 测试免责声明文本。",
      "本站测试公告一。",
      "本站测试公告二。",
      "某某街道办事处主办 | 某某区委宣传部 主管",
      "清风社区网 qf.example.cn 版权所有。",
      "值班电话：0471-1234567",
      "办公地址：某某市某某路1号",
      "邮箱：qf@example.cn 投稿QQ：123456",
      "京ICP备12345678号-1",
      "京公网安备11010102000001号",
    ]) {
      assert.ok(lines.includes(normalizeLine(expected)), `page shows ${expected}`);
    }
    for (const gone of ["政讯通中心", "廉政法治网 lzfz.org.cn 版权所有", "010-56212745", "北京中农兴业", "本网部分转载文章"]) {
      assert.ok(!lines.includes(normalizeLine(gone)), `page no longer shows ${gone}`);
    }
  } finally {
    removeDir(site.outputDir);
  }
});

test("ICP and 公安备案 lines are absent when the data leaves them empty", () => {
  const site = bundled;
  const html = site.page("/dangfeng/original/");
  assert.doesNotMatch(html, /beian\.miit\.gov\.cn|beian\.gov\.cn|class="filings"/);
  assert.match(html, /<a [^>]*href="tel:01056212745"[^>]*>010-56212745<\/a>/, "phone numbers can be tapped on a phone");
});

test("production HTML is minified; development (npm start) HTML is not", async () => {
  const content = makeContent({ articles: [{ path: "a.md", frontmatter: article() }] });
  const production = await buildFixture(content, { mode: "production" });
  const development = await buildFixture(content, { mode: "development" });
  try {
    for (const url of ["/", "/dangfeng/a/", "/dangfeng/"]) {
      const small = production.page(url);
      const large = development.page(url);
      assert.doesNotMatch(small, /\n\s*</, `${url}: no line breaks between tags in production`);
      assert.match(large, /\n\s*</, `${url}: development keeps the template's lines`);
      assert.ok(small.length < large.length, `${url}: production is smaller (${small.length} vs ${large.length})`);
      assert.deepEqual(visibleLines(small).map(normalizeLine), visibleLines(large).map(normalizeLine), `${url}: same visible text`);
    }
    assert.ok(production.files.some((file) => /^assets\/site\.[0-9a-f]{8}\.css$/.test(file)), "production assets are fingerprinted");
    assert.ok(development.files.includes("assets/site.css"));
  } finally {
    for (const dir of [content, production.outputDir, development.outputDir]) removeDir(dir);
  }
});
