/**
 * The portal around the articles: column pagers, empty and new columns, prev/next and 相关阅读,
 * date archives, tag pages, Atom feeds, sitemap.xml and robots.txt, article metadata, the path
 * prefix, and the static pages. Pure functions are tested directly; everything else on the HTML
 * of a production build of one fixture site (built twice: at / and under /portal/).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { buildPager, pageUrl, paginate } from "../src/model/pager.ts";
import { COLUMN_FEED_SIZE, SITE_FEED_SIZE } from "../src/feeds.ts";
import { loadPortal } from "../src/model/load.ts";
import { buildSitemaps, sitemapEntries, splitSitemap, type SitemapEntry } from "../src/sitemap.ts";
import { tagSlug } from "../src/urls.ts";
import { ROOT, article, buildFixture, fixtureOptions, bundledSiteData, makeContent, removeDir, type ArticleSpec, type BuiltSite } from "./helpers/site.ts";
import {
  collectListing,
  elementByClass,
  hrefsAndSrcs,
  inlineText,
  jsonLdBlocks,
  links,
  listedArticleUrls,
  meta,
  metas,
  pageUrls,
  parseAttributes,
  plainText,
  tags,
  titleOf,
} from "./helpers/portal.ts";

const SITE_URL = "https://www.lzfz.org.cn";
const SITE_NAME = "廉政法治网";
const PREFIX = "/portal/";
const SITEMAP_XSD = path.join(ROOT, "tests", "fixtures", "sitemap.xsd");
const NOW = "2026-01-01T00:00:00+08:00";

// ---------------------------------------------------------------------------------------------
// The fixture: 65 articles in 党风政风 (pageSize 10 → 7 pages), a few in 纪检监察 and 法治建设
// sharing tags, a new column 新增栏目 added in the site data only, and empty bundled columns.
// ---------------------------------------------------------------------------------------------

interface FixtureArticle {
  url: string;
  title: string;
  /** As in the frontmatter: YYYY-MM-DD or YYYY-MM-DD HH:mm. */
  date: string;
  column: string;
  columnSlug: string;
  tags: string[];
  epochMs: number;
}

const baseSite = bundledSiteData();
const NEW_COLUMN = { name: "新增栏目", slug: "xinzeng", description: "只在站点数据里新增的栏目。" };
const siteData: Record<string, unknown> = {
  ...baseSite,
  pageSize: 10,
  columns: [...(baseSite.columns as { name: string; slug: string }[]), NEW_COLUMN],
  tagSlugs: { 垃圾分类: "lajifenlei" },
};
const COLUMNS = siteData.columns as { name: string; slug: string }[];
const slugOf = (name: string) => COLUMNS.find((column) => column.name === name)?.slug ?? "";

const REPRINT_TITLE = '含有</script><b>&"的标题';
const REPRINT_URL = "https://www.gov.cn/a?x=1&y=2";

const specs: ArticleSpec[] = [];
const fixtureArticles: FixtureArticle[] = [];

function epochOf(date: string): number {
  const [day, time] = date.split(" ");
  return Date.parse(`${day}T${time ?? "00:00"}:00+08:00`);
}

function addArticle(file: string, frontmatter: Record<string, string | boolean | string[]>, shown: { title: string; tags?: string[] }, body?: string): void {
  const fm = article(frontmatter);
  const column = String(fm.column);
  const slug = path.basename(file, ".md");
  specs.push({ path: file, frontmatter: fm, ...(body === undefined ? {} : { body }) });
  fixtureArticles.push({
    url: `/${slugOf(column)}/${slug}/`,
    title: shown.title,
    date: String(fm.date),
    column,
    columnSlug: slugOf(column),
    tags: shown.tags ?? [],
    epochMs: epochOf(String(fm.date)),
  });
}

for (let i = 0; i < 65; i += 1) {
  const number = String(i).padStart(2, "0");
  const day = new Date(Date.UTC(2023, 0, 1) + i * 9 * 86_400_000).toISOString().slice(0, 10);
  addArticle(`dangfeng/d${number}.md`, { title: `党风文章${number}`, date: day }, { title: `党风文章${number}` });
}
addArticle("jijian/j1.md", { title: "纪检一", date: "2024-03-01", column: "纪检监察", tags: ["监督执纪", "巡察"] }, { title: "纪检一", tags: ["监督执纪", "巡察"] });
addArticle("jijian/j2.md", { title: "纪检二", date: "2024-03-05", column: "纪检监察", tags: ["作风建设"] }, { title: "纪检二", tags: ["作风建设"] });
addArticle("jijian/j3.md", { title: "纪检三", date: "2024-03-10", column: "纪检监察", tags: ["监督执纪"] }, { title: "纪检三", tags: ["监督执纪"] });
addArticle("fazhi/f1.md", { title: "法治一", date: "2024-01-01", column: "法治建设", tags: ["监督执纪", "巡察"] }, { title: "法治一", tags: ["监督执纪", "巡察"] });
addArticle("fazhi/f2.md", { title: "法治二", date: "2022-06-15", column: "法治建设", tags: ["巡察"] }, { title: "法治二", tags: ["巡察"] });
addArticle(
  "xinzeng/x1.md",
  {
    title: `'${REPRINT_TITLE}'`,
    date: "2024-03-10 10:30",
    column: NEW_COLUMN.name,
    source: "新华网",
    author: "张三",
    proofreader: "李四",
    originalUrl: REPRINT_URL,
    summary: "新栏目转载文章的摘要。",
    tags: ["垃圾分类", "AI"],
  },
  { title: REPRINT_TITLE, tags: ["垃圾分类", "AI"] },
);
addArticle(
  "xinzeng/x2.md",
  { title: "新栏目原创文章", date: "2024-03-11", column: NEW_COLUMN.name, tags: ["ai", "基层治理"] },
  { title: "新栏目原创文章", tags: ["ai", "基层治理"] },
  "原创正文第一段，见[联系我们](/contact/)。\n\n第二段。",
);

function newestFirst(a: FixtureArticle, b: FixtureArticle): number {
  return b.epochMs - a.epochMs || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}
const allNewestFirst = [...fixtureArticles].sort(newestFirst);
const inColumn = (slug: string) => allNewestFirst.filter((item) => item.columnSlug === slug);
const byUrl = new Map(fixtureArticles.map((item) => [item.url, item]));
const dangfeng = inColumn("dangfeng");

let contentDir = "";
let site: BuiltSite;
let prefixed: BuiltSite;

before(async () => {
  contentDir = makeContent({ site: siteData, articles: specs });
  site = await buildFixture(contentDir, { mode: "production", env: { PORTAL_NOW: NOW } });
  prefixed = await buildFixture(contentDir, { mode: "production", env: { PORTAL_NOW: NOW, PORTAL_PATH_PREFIX: PREFIX } });
});

after(() => {
  if (site) removeDir(site.outputDir);
  if (prefixed) removeDir(prefixed.outputDir);
  if (contentDir) removeDir(contentDir);
});

// ---------------------------------------------------------------------------------------------
// Reading helpers
// ---------------------------------------------------------------------------------------------

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ["entry", "link", "url", "sitemap", "category"].includes(name),
});

/** Parses XML after checking it is well-formed. */
function parseXml(text: string, what: string): Record<string, any> {
  const valid = XMLValidator.validate(text);
  assert.equal(valid, true, `${what} is not well-formed XML: ${JSON.stringify(valid)}`);
  assert.ok(text.startsWith("<?xml"), `${what} starts with the XML declaration`);
  return xml.parse(text) as Record<string, any>;
}

interface PagerView {
  text: string;
  linkTo: Map<string, string>;
  /** The numbered items in order: number, href (empty for the current page), current. */
  numbers: { number: number; href: string; current: boolean }[];
}

function pagerOf(html: string): PagerView {
  const nav = elementByClass(html, "nav", "pager");
  assert.ok(nav, "the page has a pager nav");
  const linkTo = new Map<string, string>();
  for (const link of links(nav)) linkTo.set(link.text, link.href);
  const numbers = [...nav.matchAll(/<(a|span)\b([^>]*)>(\d+)<\/\1>/g)].map((match) => {
    const attributes = parseAttributes(match[2] ?? "");
    return { number: Number(match[3]), href: attributes.href ?? "", current: attributes["aria-current"] === "page" };
  });
  return { text: inlineText(nav), linkTo, numbers };
}

interface NeighbourView {
  label: string;
  text: string;
  href: string;
}

function prevNextOf(html: string): NeighbourView[] {
  const nav = elementByClass(html, "nav", "prev-next");
  assert.ok(nav, "the article page has its 上一篇/下一篇 nav");
  return [...nav.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/g)].map((match) => {
    const inner = match[1] ?? "";
    const text = inlineText(inner);
    return { label: text.slice(0, 3), text: text.replace(/^(上一篇|下一篇)[：:]\s*/, ""), href: links(inner)[0]?.href ?? "" };
  });
}

function relatedOf(html: string): string[] {
  const section = elementByClass(html, "section", "related");
  return section ? listedArticleUrls(section) : [];
}

/** `<li><a href="URL">TEXT</a>（COUNT…）` items of the archive and tag indexes. */
function countedLinks(html: string): Map<string, { text: string; count: number }> {
  const found = new Map<string, { text: string; count: number }>();
  for (const match of html.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>（(\d+)(?:篇)?）/g)) {
    found.set(match[1] ?? "", { text: plainText(match[2] ?? ""), count: Number(match[3]) });
  }
  return found;
}

function htmlFiles(built: BuiltSite): string[] {
  return built.files.filter((file) => file.endsWith(".html"));
}

function withoutBodies(html: string): string {
  let rest = html;
  for (let body = elementByClass(rest, "div", "article-body"); body; body = elementByClass(rest, "div", "article-body")) rest = rest.replace(body, "");
  return rest;
}

function bodiesOf(html: string): string {
  const parts: string[] = [];
  let rest = html;
  for (let body = elementByClass(rest, "div", "article-body"); body; body = elementByClass(rest, "div", "article-body")) {
    parts.push(body);
    rest = rest.replace(body, "");
  }
  return parts.join("\n");
}

const isExternal = (href: string) => /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//");

// ---------------------------------------------------------------------------------------------
// 1. Pagers
// ---------------------------------------------------------------------------------------------

test("paginate: pages of `size`, in order; an empty list still has one (empty) page", () => {
  const items = Array.from({ length: 65 }, (_, index) => index);
  const pages = paginate(items, 20);
  assert.deepEqual(pages.map((page) => page.length), [20, 20, 20, 5]);
  assert.deepEqual(pages.flat(), items);
  assert.deepEqual(paginate(items.slice(0, 40), 20).map((page) => page.length), [20, 20]);
  assert.deepEqual(paginate([1], 20), [[1]]);
  assert.deepEqual(paginate([], 20), [[]]);
});

test("buildPager: first, middle and last page of 7", () => {
  assert.equal(pageUrl("/dangfeng/", 1), "/dangfeng/");
  assert.equal(pageUrl("/dangfeng/", 2), "/dangfeng/page/2/");

  const first = buildPager("/dangfeng/", 1, 7, 65);
  assert.deepEqual(
    { current: first.current, pageCount: first.pageCount, itemCount: first.itemCount, first: first.first, last: first.last, prev: first.prev, next: first.next },
    { current: 1, pageCount: 7, itemCount: 65, first: "/dangfeng/", last: "/dangfeng/page/7/", prev: "", next: "/dangfeng/page/2/" },
  );
  assert.deepEqual(first.numbers, [
    { number: 1, url: "/dangfeng/", current: true },
    { number: 2, url: "/dangfeng/page/2/", current: false },
    { number: 3, url: "/dangfeng/page/3/", current: false },
    { number: 4, url: "/dangfeng/page/4/", current: false },
    { number: 5, url: "/dangfeng/page/5/", current: false },
  ]);

  const middle = buildPager("/dangfeng/", 4, 7, 65);
  assert.equal(middle.prev, "/dangfeng/page/3/");
  assert.equal(middle.next, "/dangfeng/page/5/");
  assert.deepEqual(middle.numbers.map((link) => link.number), [2, 3, 4, 5, 6]);
  assert.deepEqual(middle.numbers.filter((link) => link.current).map((link) => link.number), [4]);

  const last = buildPager("/dangfeng/", 7, 7, 65);
  assert.equal(last.prev, "/dangfeng/page/6/");
  assert.equal(last.next, "");
  assert.equal(last.last, "/dangfeng/page/7/");
  assert.deepEqual(last.numbers.map((link) => link.number), [3, 4, 5, 6, 7]);

  const single = buildPager("/jingshi/", 1, 1, 0);
  assert.deepEqual([single.prev, single.next, single.first, single.last], ["", "", "/jingshi/", "/jingshi/"]);
  assert.deepEqual(single.numbers, [{ number: 1, url: "/jingshi/", current: true }]);
});

test("buildPager: for every page of lists of 1-12 pages, up to five contiguous numbers around the current one", () => {
  for (let pageCount = 1; pageCount <= 12; pageCount += 1) {
    for (let current = 1; current <= pageCount; current += 1) {
      const pager = buildPager("/x/", current, pageCount, pageCount * 10);
      const numbers = pager.numbers.map((link) => link.number);
      const where = `page ${current} of ${pageCount}`;
      assert.equal(numbers.length, Math.min(5, pageCount), where);
      numbers.forEach((number, index) => index > 0 && assert.equal(number, (numbers[index - 1] ?? 0) + 1, where));
      assert.ok((numbers[0] ?? 0) >= 1 && (numbers.at(-1) ?? 0) <= pageCount, where);
      assert.deepEqual(pager.numbers.filter((link) => link.current).map((link) => link.number), [current], where);
      // The current page is centred when there is room on both sides.
      if (current > 2 && current < pageCount - 1) assert.deepEqual(numbers, [current - 2, current - 1, current, current + 1, current + 2], where);
      for (const link of pager.numbers) assert.equal(link.url, pageUrl("/x/", link.number), where);
      assert.equal(pager.prev, current > 1 ? pageUrl("/x/", current - 1) : "", where);
      assert.equal(pager.next, current < pageCount ? pageUrl("/x/", current + 1) : "", where);
    }
  }
});

test("column pager, page 1: counts, no live 首页/上一页, numbers 1-5 with aria-current on 1", () => {
  assert.ok(site.files.includes("dangfeng/index.html"));
  const html = site.page("/dangfeng/");
  const pager = pagerOf(html);
  assert.equal(pager.text, "共 65 条 共 7 页 首页 上一页 1 2 3 4 5 下一页 末页");
  assert.equal(pager.linkTo.has("上一页"), false, "page 1 has no live 上一页 link");
  assert.equal(pager.linkTo.has("首页"), false, "page 1 does not link 首页 to itself");
  assert.equal(pager.linkTo.get("下一页"), "/dangfeng/page/2/");
  assert.equal(pager.linkTo.get("末页"), "/dangfeng/page/7/");
  assert.deepEqual(pager.numbers, [
    { number: 1, href: "", current: true },
    { number: 2, href: "/dangfeng/page/2/", current: false },
    { number: 3, href: "/dangfeng/page/3/", current: false },
    { number: 4, href: "/dangfeng/page/4/", current: false },
    { number: 5, href: "/dangfeng/page/5/", current: false },
  ]);
  assert.deepEqual(listedArticleUrls(html), dangfeng.slice(0, 10).map((item) => item.url));
  assert.equal(titleOf(html), `党风政风 - ${SITE_NAME}`);
  assert.equal(tags(html, "link").find((link) => link.rel === "next")?.href, "/dangfeng/page/2/");
});

test("column pager, a middle page (/dangfeng/page/4/): every link, numbers 2-6 around the current 4", () => {
  assert.ok(site.files.includes("dangfeng/page/4/index.html"));
  const html = site.page("/dangfeng/page/4/");
  const pager = pagerOf(html);
  assert.equal(pager.text, "共 65 条 共 7 页 首页 上一页 2 3 4 5 6 下一页 末页");
  assert.equal(pager.linkTo.get("首页"), "/dangfeng/");
  assert.equal(pager.linkTo.get("上一页"), "/dangfeng/page/3/");
  assert.equal(pager.linkTo.get("下一页"), "/dangfeng/page/5/");
  assert.equal(pager.linkTo.get("末页"), "/dangfeng/page/7/");
  assert.deepEqual(pager.numbers, [
    { number: 2, href: "/dangfeng/page/2/", current: false },
    { number: 3, href: "/dangfeng/page/3/", current: false },
    { number: 4, href: "", current: true },
    { number: 5, href: "/dangfeng/page/5/", current: false },
    { number: 6, href: "/dangfeng/page/6/", current: false },
  ]);
  assert.deepEqual(listedArticleUrls(html), dangfeng.slice(30, 40).map((item) => item.url));
  assert.equal(titleOf(html), `党风政风 - 第4页 - ${SITE_NAME}`);
  const headLinks = tags(html, "link");
  assert.equal(headLinks.find((link) => link.rel === "prev")?.href, "/dangfeng/page/3/");
  assert.equal(headLinks.find((link) => link.rel === "next")?.href, "/dangfeng/page/5/");
});

test("column pager, last page (/dangfeng/page/7/): no live 下一页, the last 5 articles", () => {
  assert.ok(site.files.includes("dangfeng/page/7/index.html"));
  assert.equal(site.files.includes("dangfeng/page/8/index.html"), false, "no page after the last");
  const html = site.page("/dangfeng/page/7/");
  const pager = pagerOf(html);
  assert.equal(pager.text, "共 65 条 共 7 页 首页 上一页 3 4 5 6 7 下一页 末页");
  assert.equal(pager.linkTo.get("首页"), "/dangfeng/");
  assert.equal(pager.linkTo.get("上一页"), "/dangfeng/page/6/");
  assert.equal(pager.linkTo.has("下一页"), false, "the last page has no live 下一页 link");
  assert.equal(pager.linkTo.has("末页"), false, "the last page does not link 末页 to itself");
  assert.deepEqual(
    pager.numbers.map((item) => [item.number, item.current]),
    [[3, false], [4, false], [5, false], [6, false], [7, true]],
  );
  assert.deepEqual(listedArticleUrls(html), dangfeng.slice(60).map((item) => item.url));
});

test("the column's pages together list each of its articles once, newest first; page 1 has no /page/1/ twin", () => {
  assert.deepEqual(collectListing(site.files, site.read, "/dangfeng/"), dangfeng.map((item) => item.url));
  assert.equal(site.files.includes("dangfeng/page/1/index.html"), false);
});

// ---------------------------------------------------------------------------------------------
// 2. Empty and new columns
// ---------------------------------------------------------------------------------------------

test("a column with no articles has its page with the empty state, not an error", () => {
  for (const slug of ["jingshi", "yaowen", "wenhua", "fagui", "jiceng"]) {
    assert.ok(site.files.includes(`${slug}/index.html`), `/${slug}/ was built`);
    assert.equal(site.files.includes(`${slug}/page/2/index.html`), false);
    const html = site.page(`/${slug}/`);
    assert.match(inlineText(html), /本栏目暂无文章/);
    assert.deepEqual(listedArticleUrls(html), []);
    assert.match(inlineText(html), /共 0 条 共 1 页/);
    const feed = parseXml(site.read(`${slug}/feed.xml`), `/${slug}/feed.xml`);
    assert.deepEqual(feed.feed?.entry ?? [], []);
  }
});

test("a column added only in the site data gets its list, feed, navigation, home block and sitemap entries", () => {
  const newColumn = inColumn(NEW_COLUMN.slug);
  assert.ok(site.files.includes("xinzeng/index.html"));
  assert.deepEqual(listedArticleUrls(site.page("/xinzeng/")), newColumn.map((item) => item.url));
  assert.ok(site.files.includes("xinzeng/feed.xml"));
  const home = site.page("/");
  const nav = elementByClass(home, "nav", "column-nav") ?? "";
  assert.ok(links(nav).some((link) => link.href === "/xinzeng/" && link.text === NEW_COLUMN.name), "the column navigation links it");
  assert.ok(links(home).some((link) => link.href === "/xinzeng/" && link.text === NEW_COLUMN.name), "the home page has its block");
  assert.ok(links(site.page("/sitemap/")).some((link) => link.href === "/xinzeng/"), "网站地图 lists it");
  assert.ok(site.read("sitemap.xml").includes(`<loc>${SITE_URL}/xinzeng/</loc>`));
  // The article page highlights its column in the navigation.
  const articleNav = elementByClass(site.page("/xinzeng/x2/"), "nav", "column-nav") ?? "";
  assert.equal(links(articleNav).find((link) => link.href === "/xinzeng/")?.attributes["aria-current"], "true");
});

test("no template names a column: columns come from the site data only", () => {
  const templateDir = path.join(ROOT, "templates");
  const files = (readdirSync(templateDir, { recursive: true }) as string[]).filter((entry) => entry.endsWith(".njk"));
  assert.ok(files.length >= 10, "the templates were found");
  for (const file of files) {
    const text = readFileSync(path.join(templateDir, file), "utf8");
    for (const column of COLUMNS) {
      assert.equal(text.includes(column.name), false, `${file} names the column ${column.name}`);
      assert.equal(new RegExp(`["'/]${column.slug}["'/]`).test(text), false, `${file} names the column slug ${column.slug}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// 3. Prev/next and 相关阅读
// ---------------------------------------------------------------------------------------------

test("上一篇 is the next older article of the same column, 下一篇 the next newer; 没有了 at the ends", () => {
  for (const column of COLUMNS) {
    const list = inColumn(column.slug);
    list.forEach((item, index) => {
      const older = list[index + 1];
      const newer = list[index - 1];
      const [prev, next] = prevNextOf(site.page(item.url));
      assert.equal(prev?.label, "上一篇", item.url);
      assert.equal(next?.label, "下一篇", item.url);
      assert.deepEqual([prev?.href, prev?.text], older ? [older.url, older.title] : ["", "没有了"], `上一篇 of ${item.url}`);
      assert.deepEqual([next?.href, next?.text], newer ? [newer.url, newer.title] : ["", "没有了"], `下一篇 of ${item.url}`);
    });
  }
  // Spelled out for one column: 纪检三 (newest) > 纪检二 > 纪检一 (oldest); 法治一 is older but elsewhere.
  assert.deepEqual(prevNextOf(site.page("/jijian/j2/")).map((item) => item.href), ["/jijian/j1/", "/jijian/j3/"]);
  assert.deepEqual(prevNextOf(site.page("/jijian/j1/")).map((item) => item.text), ["没有了", "纪检二"]);
  assert.deepEqual(prevNextOf(site.page("/jijian/j3/")).map((item) => item.text), ["纪检二", "没有了"]);
});

test("相关阅读 puts articles sharing tags first and never lists the article itself", () => {
  // 纪检一 [监督执纪, 巡察]: 法治一 shares both tags, 纪检三 and 法治二 one each, 纪检二 none.
  const related = relatedOf(site.page("/jijian/j1/"));
  assert.equal(related[0], "/fazhi/f1/", "the article sharing the most tags comes first");
  assert.deepEqual(new Set(related.slice(0, 3)), new Set(["/fazhi/f1/", "/jijian/j3/", "/fazhi/f2/"]));
  assert.ok(related.indexOf("/jijian/j2/") === -1 || related.indexOf("/jijian/j2/") > 2);

  for (const item of fixtureArticles) {
    const list = relatedOf(site.page(item.url));
    assert.equal(list.includes(item.url), false, `${item.url} lists itself`);
    assert.equal(new Set(list).size, list.length, `${item.url} lists an article twice`);
    const shares = list.map((url) => (byUrl.get(url)?.tags ?? []).some((tag) => item.tags.includes(tag)));
    const firstWithout = shares.indexOf(false);
    assert.ok(firstWithout === -1 || !shares.slice(firstWithout).includes(true), `${item.url}: an article sharing no tag ranks above one that does: ${list.join(", ")}`);
  }
  // An article without tags still gets its column neighbours.
  assert.ok(relatedOf(site.page(dangfeng[10]?.url ?? "")).length > 0);
});

// ---------------------------------------------------------------------------------------------
// 4. Date archives and tags
// ---------------------------------------------------------------------------------------------

test("date archives: /archive/ lists every year and month with counts; each year and month page lists its articles", () => {
  const years = new Map<string, FixtureArticle[]>();
  const months = new Map<string, FixtureArticle[]>();
  for (const item of allNewestFirst) {
    const [year = "", month = ""] = item.date.split("-");
    years.set(year, [...(years.get(year) ?? []), item]);
    months.set(`${year}/${month}`, [...(months.get(`${year}/${month}`) ?? []), item]);
  }
  assert.deepEqual([...years.keys()].sort(), ["2022", "2023", "2024"]);

  assert.ok(site.files.includes("archive/index.html"));
  const index = countedLinks(site.page("/archive/"));
  for (const [year, list] of years) {
    assert.deepEqual(index.get(`/archive/${year}/`), { text: `${year}年`, count: list.length }, `/archive/ lists ${year}`);
    assert.deepEqual(collectListing(site.files, site.read, `/archive/${year}/`), list.map((item) => item.url), `/archive/${year}/`);
  }
  for (const [key, list] of months) {
    const month = key.slice(5);
    assert.deepEqual(index.get(`/archive/${key}/`), { text: `${month}月`, count: list.length }, `/archive/ lists ${key}`);
    assert.deepEqual(collectListing(site.files, site.read, `/archive/${key}/`), list.map((item) => item.url), `/archive/${key}/`);
  }
  assert.equal(index.size, years.size + months.size, "no year or month without articles");
  // 2023 holds 41 of the 党风政风 articles: more than one page of 10.
  assert.ok(site.files.includes("archive/2023/page/5/index.html"));
  assert.match(inlineText(site.page("/archive/2024/03/")), /2024年03月/);
});

test("tag pages: ASCII URLs (t-<hash> or the chosen slug), one per tag, listing its articles; /tags/ lists them all", () => {
  const tagNames = [...new Set(fixtureArticles.flatMap((item) => item.tags))].sort();
  assert.ok(site.files.includes("tags/index.html"));
  const index = countedLinks(site.page("/tags/"));
  const urlOf = new Map([...index].map(([url, { text }]) => [text, url]));
  assert.deepEqual([...urlOf.keys()].sort(), tagNames);
  assert.equal(new Set(urlOf.values()).size, tagNames.length, "two tags share a URL");

  for (const [url, { text, count }] of index) {
    assert.match(url, /^\/tags\/[a-z0-9]+(?:-[a-z0-9]+)*\/$/, `${text}: ${url}`);
    const expected = allNewestFirst.filter((item) => item.tags.includes(text)).map((item) => item.url);
    assert.equal(count, expected.length, `${text}'s count`);
    assert.deepEqual(collectListing(site.files, site.read, url), expected, `${url} lists the articles tagged ${text}`);
  }
  assert.equal(urlOf.get("垃圾分类"), "/tags/lajifenlei/", "the slug chosen in site.json tagSlugs");
  for (const chinese of ["监督执纪", "巡察", "作风建设", "基层治理"]) {
    const hash = createHash("sha256").update(chinese, "utf8").digest("hex").slice(0, 8);
    assert.equal(urlOf.get(chinese), `/tags/t-${hash}/`, chinese);
  }
  // AI and ai have the same ASCII form; they still get two URLs.
  assert.notEqual(urlOf.get("AI"), urlOf.get("ai"));
  // The article page links its tags.
  const tagLinks = links(elementByClass(site.page("/xinzeng/x1/"), "p", "article-tags") ?? "");
  assert.deepEqual(tagLinks.map((link) => [link.text, link.href]), [["垃圾分类", "/tags/lajifenlei/"], ["AI", urlOf.get("AI")]]);
});

test("tag URLs are stable: the same in a second build, under a path prefix, and tagSlug is a pure function of the tag", async () => {
  const first = countedLinks(site.page("/tags/"));
  assert.ok(first.size > 5, `the /tags/ page lists the fixture's tags (${first.size})`);
  // A second build in this process: nothing the first one left behind (a counter, a cache) may
  // move a URL. A build in another process, zone and locale is compared byte for byte, tag pages
  // included, in tests/dates.test.ts.
  const second = await buildFixture(contentDir, { mode: "production", env: { PORTAL_NOW: NOW } });
  try {
    assert.deepEqual([...countedLinks(second.page("/tags/"))], [...first], "the same tags, URLs, names and counts");
    for (const url of first.keys()) assert.equal(second.page(url), site.page(url), `${url} is the same page`);
  } finally {
    removeDir(second.outputDir);
  }
  // And in a build under another path prefix.
  const prefixedTags = countedLinks(prefixed.page("/tags/"));
  assert.deepEqual(
    [...prefixedTags.keys()].map((url) => url.replace(/^\/portal/, "")),
    [...first.keys()],
  );
  assert.equal(tagSlug("基层治理", {}), tagSlug("基层治理", {}));
  assert.match(tagSlug("基层治理", {}), /^t-[0-9a-f]{8}$/);
  assert.notEqual(tagSlug("基层治理", {}), tagSlug("党建引领", {}));
  assert.equal(tagSlug("垃圾分类", { 垃圾分类: "lajifenlei" }), "lajifenlei");
  assert.equal(tagSlug("Rule of Law", {}), "rule-of-law");
});

async function loadFixturePortal(site: Record<string, unknown>, articles: ArticleSpec[]) {
  const dir = makeContent({ site, articles, pages: false });
  try {
    return await loadPortal(fixtureOptions(dir, { env: { PORTAL_NOW: NOW } }), () => {});
  } finally {
    removeDir(dir);
  }
}

test("a chosen tag slug is the tag's URL even when another tag's ASCII form is the same word", async () => {
  const portal = await loadFixturePortal({ ...bundledSiteData(), tagSlugs: { 垃圾分类: "lajifenlei" } }, [
    { path: "dangfeng/a.md", frontmatter: article({ tags: ["垃圾分类"] }) },
    { path: "dangfeng/b.md", frontmatter: article({ date: "2024-05-21", tags: ["Lajifenlei"] }) },
  ]);
  const urls = new Map(portal.tags.map((tag) => [tag.name, tag.url]));
  assert.equal(new Set(urls.values()).size, 2, "two tags, two URLs");
  assert.equal(urls.get("垃圾分类"), "/tags/lajifenlei/", "the slug chosen in site.json tagSlugs wins");
});

// ---------------------------------------------------------------------------------------------
// 5. Feeds, sitemap, robots.txt
// ---------------------------------------------------------------------------------------------

function feedEntries(text: string, what: string) {
  const parsed = parseXml(text, what);
  const feed = parsed.feed;
  assert.ok(feed, `${what} has an Atom <feed> root`);
  assert.equal(feed["@_xmlns"], "http://www.w3.org/2005/Atom", `${what} is in the Atom namespace`);
  for (const key of ["title", "id", "updated"]) assert.ok(feed[key], `${what} has <${key}>`);
  const entries = (feed.entry ?? []) as Record<string, any>[];
  return { feed, entries };
}

function assertAbsoluteFeed(feed: Record<string, any>, entries: Record<string, any>[], base: string, what: string): void {
  const hrefs = [...(feed.link ?? []), ...entries.flatMap((entry) => entry.link ?? [])].map((link: Record<string, string>) => link["@_href"] ?? "");
  const ids = [feed.id, ...entries.map((entry) => entry.id)] as string[];
  assert.ok(hrefs.length >= 2 + entries.length, `${what} has its links`);
  for (const url of [...hrefs, ...ids]) assert.ok(url.startsWith(base), `${what}: ${url} does not start with ${base}`);
  const self = (feed.link as Record<string, string>[]).find((link) => link["@_rel"] === "self");
  assert.ok(self, `${what} has a rel=self link`);
}

test("/feed.xml is Atom, newest first, min(50, articles) entries, every link absolute", () => {
  const { feed, entries } = feedEntries(site.read("feed.xml"), "/feed.xml");
  // More articles than the feed holds, so a feed of every article fails here.
  assert.equal(SITE_FEED_SIZE, 50);
  assert.ok(fixtureArticles.length > SITE_FEED_SIZE, `the premise: ${fixtureArticles.length} articles, more than ${SITE_FEED_SIZE}`);
  assert.equal(entries.length, SITE_FEED_SIZE, "the newest 50 articles, not all of them");
  assert.deepEqual(
    entries.map((entry) => entry.id),
    allNewestFirst.slice(0, entries.length).map((item) => `${SITE_URL}${item.url}`),
    "the newest articles, newest first",
  );
  const published = entries.map((entry) => Date.parse(entry.published));
  published.forEach((time, index) => index > 0 && assert.ok(time <= (published[index - 1] ?? 0), "newest first"));
  for (const entry of entries) assert.match(entry.published, /\+08:00$/);
  assertAbsoluteFeed(feed, entries, `${SITE_URL}/`, "/feed.xml");
  assert.equal(feed.updated, entries[0]?.published, "updated is the newest entry's time (repeatable builds)");
  // Markup in a title is text in the feed.
  const reprint = entries.find((entry) => entry.id === `${SITE_URL}/xinzeng/x1/`);
  assert.equal(reprint?.title, REPRINT_TITLE);
});

test("every column has its own Atom feed at /<slug>/feed.xml with only its articles, newest first", () => {
  for (const column of COLUMNS) {
    const what = `/${column.slug}/feed.xml`;
    assert.ok(site.files.includes(`${column.slug}/feed.xml`), `${what} was written`);
    const { feed, entries } = feedEntries(site.read(`${column.slug}/feed.xml`), what);
    const expected = inColumn(column.slug);
    assert.deepEqual(
      entries.map((entry) => entry.id),
      expected.slice(0, COLUMN_FEED_SIZE).map((item) => `${SITE_URL}${item.url}`),
      what,
    );
    assertAbsoluteFeed(feed, entries, `${SITE_URL}/`, what);
    assert.ok((feed.link as Record<string, string>[]).some((link) => link["@_href"] === `${SITE_URL}${what}` && link["@_rel"] === "self"));
  }
  // The column page links its feed.
  assert.ok(tags(site.page("/dangfeng/"), "link").some((link) => link.rel === "alternate" && link.href === "/dangfeng/feed.xml"));
});

test("/sitemap.xml is well-formed and lists every article and listing page (pagers, tags, archives) once, absolute", () => {
  const text = site.read("sitemap.xml");
  const parsed = parseXml(text, "/sitemap.xml");
  const urlset = parsed.urlset;
  assert.ok(urlset, "/sitemap.xml has a <urlset> root");
  assert.equal(urlset["@_xmlns"], "http://www.sitemaps.org/schemas/sitemap/0.9");
  const urls = urlset.url as Record<string, string>[];
  assert.ok(urls.length > 0 && urls.length <= 50_000);
  const locs = urls.map((url) => url.loc ?? "");
  for (const url of urls) {
    assert.deepEqual(Object.keys(url).filter((key) => !["loc", "lastmod", "changefreq", "priority"].includes(key)), [], "only sitemap elements");
    assert.ok((url.loc ?? "").startsWith(`${SITE_URL}/`), `${url.loc} is absolute`);
    assert.ok((url.loc ?? "").length < 2048);
    if (url.lastmod !== undefined) assert.match(url.lastmod, /^\d{4}-\d{2}-\d{2}$/);
  }
  assert.equal(new Set(locs).size, locs.length, "no URL twice");

  // Exactly the pages that were built (404.html and the unindexed 站内搜索 page aside), so none is missing and none is made up.
  // Not in the sitemap: the search page, and the 关怀版 copies (their canonical is the standard page).
  const built = pageUrls(site.files).filter((url) => url !== "/search/" && !url.startsWith("/care/")).map((url) => `${SITE_URL}${url}`);
  assert.deepEqual([...locs].sort(), [...built].sort());
  for (const item of fixtureArticles) assert.ok(locs.includes(`${SITE_URL}${item.url}`), item.url);
  for (const url of ["/", "/dangfeng/", "/dangfeng/page/2/", "/dangfeng/page/7/", "/jingshi/", "/xinzeng/", "/tags/", "/tags/lajifenlei/", "/archive/", "/archive/2024/", "/archive/2024/03/", "/archive/2023/page/2/", "/about/", "/sitemap/"]) {
    assert.ok(locs.includes(`${SITE_URL}${url}`), `${url} is in the sitemap`);
  }
  const article = urls.find((url) => url.loc === `${SITE_URL}/xinzeng/x1/`);
  assert.equal(article?.lastmod, "2024-03-10");

  // Against the sitemap XSD: a missing xmllint fails the test, it never skips the check.
  const result = spawnSync("xmllint", ["--noout", "--schema", SITEMAP_XSD, path.join(site.outputDir, "sitemap.xml")], { encoding: "utf8" });
  assert.ok(!result.error, `xmllint is needed: apt-get install -y libxml2-utils (${result.error?.message})`);
  assert.equal(result.status, 0, `xmllint rejects /sitemap.xml against ${SITEMAP_XSD}:\n${result.stderr}`);
});

test("splitSitemap: one urlset up to the limit; past it, an index at /sitemap.xml and numbered parts", () => {
  const entries: SitemapEntry[] = Array.from({ length: 7 }, (_, index) => ({ loc: `${SITE_URL}/a${index}/`, lastmod: index === 3 ? "" : `2024-01-0${index + 1}` }));
  const abs = (sitemapPath: string) => `${SITE_URL}${sitemapPath}`;

  assert.deepEqual(splitSitemap(entries, abs, 7), [{ path: "/sitemap.xml", kind: "urlset", entries }]);
  assert.deepEqual(splitSitemap([], abs, 3), [{ path: "/sitemap.xml", kind: "urlset", entries: [] }]);

  const files = splitSitemap(entries, abs, 3);
  assert.deepEqual(files.map((file) => [file.path, file.kind, file.entries.length]), [
    ["/sitemap.xml", "index", 3],
    ["/sitemap-1.xml", "urlset", 3],
    ["/sitemap-2.xml", "urlset", 3],
    ["/sitemap-3.xml", "urlset", 1],
  ]);
  assert.deepEqual(files[0]?.entries, [
    { loc: `${SITE_URL}/sitemap-1.xml`, lastmod: "2024-01-03" },
    { loc: `${SITE_URL}/sitemap-2.xml`, lastmod: "2024-01-06" },
    { loc: `${SITE_URL}/sitemap-3.xml`, lastmod: "2024-01-07" },
  ]);
  assert.deepEqual(files.slice(1).flatMap((file) => file.entries), entries, "the parts hold every entry once, in order");
});

test("buildSitemaps over a real portal with a small limit: the parts cover every URL, the index points at them", async () => {
  const portal = await loadFixturePortal(siteData, specs.slice(0, 25));
  const entries = sitemapEntries(portal);
  const files = buildSitemaps(portal, 10);
  const parts = files.filter((file) => file.kind === "urlset");
  assert.equal(files[0]?.kind, "index");
  assert.equal(files[0]?.path, "/sitemap.xml");
  assert.equal(parts.length, Math.ceil(entries.length / 10));
  assert.deepEqual(parts.flatMap((file) => file.entries), entries);
  assert.deepEqual(files[0]?.entries.map((entry) => entry.loc), parts.map((part) => `${SITE_URL}${part.path}`));
  for (const entry of entries) assert.ok(entry.loc.startsWith(`${SITE_URL}/`));
});

test("robots.txt names the sitemap's absolute URL", () => {
  const robots = site.read("robots.txt");
  assert.match(robots, /^User-agent: \*$/m);
  assert.match(robots, new RegExp(`^Sitemap: ${SITE_URL.replace(/\./g, "\\.")}/sitemap\\.xml$`, "m"));
});

// ---------------------------------------------------------------------------------------------
// 6. Article metadata
// ---------------------------------------------------------------------------------------------

test("a reprint's page: title, description, canonical, Open Graph, article:*, aggregator metas", () => {
  const html = site.page("/xinzeng/x1/");
  assert.equal(titleOf(html), `${REPRINT_TITLE} - ${NEW_COLUMN.name} - ${SITE_NAME}`);
  assert.equal(meta(html, "description"), "新栏目转载文章的摘要。");
  assert.equal(tags(html, "link").find((link) => link.rel === "canonical")?.href, `${SITE_URL}/xinzeng/x1/`);
  assert.equal(meta(html, "og:type"), "article");
  assert.equal(meta(html, "og:title"), REPRINT_TITLE);
  assert.equal(meta(html, "og:url"), `${SITE_URL}/xinzeng/x1/`);
  assert.equal(meta(html, "article:published_time"), "2024-03-10T10:30:00+08:00");
  assert.equal(meta(html, "article:section"), NEW_COLUMN.name);
  assert.deepEqual(metas(html, "article:tag"), ["垃圾分类", "AI"]);
  assert.equal(meta(html, "SiteName"), SITE_NAME);
  assert.equal(meta(html, "ColumnName"), NEW_COLUMN.name);
  assert.equal(meta(html, "ArticleTitle"), REPRINT_TITLE);
  assert.equal(meta(html, "PubDate"), "2024-03-10 10:30");
  assert.equal(meta(html, "ContentSource"), "新华网");
  assert.equal(meta(html, "Author"), "张三");
  // The headline is text on the page, never markup.
  const heading = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? "";
  assert.equal(inlineText(heading), REPRINT_TITLE);
  assert.equal(heading.includes("<b>"), false);
});

test("an original article's page: defaults for 来源 and 作者, description from the first paragraph", () => {
  const html = site.page("/xinzeng/x2/");
  assert.equal(titleOf(html), `新栏目原创文章 - ${NEW_COLUMN.name} - ${SITE_NAME}`);
  assert.equal(meta(html, "description"), "原创正文第一段，见联系我们。");
  assert.equal(tags(html, "link").find((link) => link.rel === "canonical")?.href, `${SITE_URL}/xinzeng/x2/`);
  assert.equal(meta(html, "og:type"), "article");
  assert.equal(meta(html, "article:published_time"), "2024-03-11T00:00:00+08:00");
  assert.equal(meta(html, "article:section"), NEW_COLUMN.name);
  assert.equal(meta(html, "PubDate"), "2024-03-11");
  assert.equal(meta(html, "ContentSource"), SITE_NAME);
  assert.equal(meta(html, "Author"), "佚名");
  assert.equal(meta(html, "SiteName"), SITE_NAME);
  assert.equal(meta(html, "ColumnName"), NEW_COLUMN.name);
  assert.equal(meta(html, "ArticleTitle"), "新栏目原创文章");
});

test("JSON-LD: a NewsArticle that JSON.parse reads; isBasedOn for reprints only; </script> in a title stays inside", () => {
  const reprintHtml = site.page("/xinzeng/x1/");
  const blocks = jsonLdBlocks(reprintHtml);
  assert.equal(blocks.length, 1, "one JSON-LD block, not cut short by the title's </script>");
  const raw = blocks[0] ?? "";
  assert.equal(/<\/script/i.test(raw), false);
  assert.ok(raw.includes("\\u003c/script\\u003e"), "< in the title is escaped as \\u003c");
  const reprint = JSON.parse(raw) as Record<string, any>;
  assert.equal(reprint["@type"], "NewsArticle");
  assert.equal(reprint.headline, REPRINT_TITLE);
  assert.equal(reprint.datePublished, "2024-03-10T10:30:00+08:00");
  assert.match(reprint.datePublished, /\+08:00$/);
  assert.equal(reprint.publisher?.name, SITE_NAME);
  assert.equal(reprint.publisher?.["@type"], "Organization");
  assert.equal(reprint.editor?.name, "王伟");
  assert.equal(reprint.author?.name, "张三");
  assert.equal(reprint.articleSection, NEW_COLUMN.name);
  assert.equal(reprint.isBasedOn, REPRINT_URL);
  assert.equal(reprint.url, `${SITE_URL}/xinzeng/x1/`);

  const original = JSON.parse(jsonLdBlocks(site.page("/xinzeng/x2/"))[0] ?? "null") as Record<string, any>;
  assert.equal(original["@type"], "NewsArticle");
  assert.equal(original.headline, "新栏目原创文章");
  assert.match(original.datePublished, /\+08:00$/);
  assert.equal(original.articleSection, NEW_COLUMN.name);
  assert.equal(original.editor?.name, "王伟");
  assert.ok(original.publisher?.name);
  assert.equal("isBasedOn" in original, false, "an original article has no isBasedOn");

  // Every article page carries exactly one parseable NewsArticle.
  for (const item of fixtureArticles) {
    const [block, ...extra] = jsonLdBlocks(site.page(item.url));
    assert.equal(extra.length, 0, item.url);
    const data = JSON.parse(block ?? "null") as Record<string, any>;
    assert.equal(data.headline, item.title, item.url);
    assert.match(data.datePublished, /\+08:00$/, item.url);
  }
});

// ---------------------------------------------------------------------------------------------
// 7. Path prefix
// ---------------------------------------------------------------------------------------------

test("default prefix: every site link is root-relative (starts with /) and none has /portal/", () => {
  const files = htmlFiles(site);
  assert.ok(files.length > 100, "the pages were built");
  const offenders: string[] = [];
  for (const file of files) {
    for (const value of hrefsAndSrcs(site.read(file))) {
      if (isExternal(value) || value.startsWith("#")) continue;
      if (!value.startsWith("/") || value.startsWith("/portal/")) offenders.push(`${file}: ${value}`);
    }
  }
  assert.deepEqual(offenders, []);
  assert.ok(hrefsAndSrcs(site.page("/")).some((value) => /^\/assets\/site\.[0-9a-f]+\.css$/.test(value)));
});

function prefixOffenders(files: string[], read: (file: string) => string, pick: (html: string) => string): string[] {
  const offenders: string[] = [];
  for (const file of files) {
    for (const value of hrefsAndSrcs(pick(read(file)))) {
      if (isExternal(value) || value.startsWith("#")) continue;
      if (!value.startsWith(PREFIX)) offenders.push(`${file}: ${value}`);
    }
  }
  return offenders;
}

test("PORTAL_PATH_PREFIX=/portal/: every href and src the templates write stays under /portal/", () => {
  const files = htmlFiles(prefixed);
  assert.equal(files.length, htmlFiles(site).length, "the same pages as without the prefix");
  assert.deepEqual(prefixOffenders(files, prefixed.read, withoutBodies), []);
  const home = prefixed.page("/");
  assert.ok(hrefsAndSrcs(home).some((value) => /^\/portal\/assets\/site\.[0-9a-f]+\.css$/.test(value)));
  assert.ok(links(home).some((link) => link.href === "/portal/xinzeng/"));
  assert.equal(pagerOf(prefixed.page("/dangfeng/page/4/")).linkTo.get("上一页"), "/portal/dangfeng/page/3/");
});

test("PORTAL_PATH_PREFIX=/portal/: root-relative links inside Markdown bodies are under /portal/ too", () => {
  // Static pages and articles link to other pages of the site, e.g. [联系我们](/contact/).
  const offenders = prefixOffenders(htmlFiles(prefixed), prefixed.read, bodiesOf);
  assert.deepEqual(offenders, []);
});

test("PORTAL_PATH_PREFIX=/portal/: feed, sitemap, robots.txt, canonical and JSON-LD URLs contain /portal/", () => {
  const base = `${SITE_URL}${PREFIX}`;
  const { feed, entries } = feedEntries(prefixed.read("feed.xml"), "/portal/feed.xml");
  assert.ok(entries.length > 0);
  assertAbsoluteFeed(feed, entries, base, "/portal/feed.xml");
  const column = feedEntries(prefixed.read("dangfeng/feed.xml"), "/portal/dangfeng/feed.xml");
  assertAbsoluteFeed(column.feed, column.entries, base, "/portal/dangfeng/feed.xml");

  const urls = parseXml(prefixed.read("sitemap.xml"), "/portal/sitemap.xml").urlset.url as Record<string, string>[];
  assert.equal(urls.length, pageUrls(prefixed.files).filter((url) => url !== "/search/" && !url.startsWith("/care/")).length);
  for (const url of urls) assert.ok((url.loc ?? "").startsWith(base), `${url.loc} is under ${base}`);
  assert.ok(urls.some((url) => url.loc === `${base}dangfeng/page/2/`));

  assert.match(prefixed.read("robots.txt"), new RegExp(`^Sitemap: ${base.replace(/\./g, "\\.")}sitemap\\.xml$`, "m"));
  const html = prefixed.page("/xinzeng/x1/");
  assert.equal(tags(html, "link").find((link) => link.rel === "canonical")?.href, `${base}xinzeng/x1/`);
  assert.equal(meta(html, "og:url"), `${base}xinzeng/x1/`);
  assert.equal((JSON.parse(jsonLdBlocks(html)[0] ?? "null") as Record<string, string>).url, `${base}xinzeng/x1/`);
});

// ---------------------------------------------------------------------------------------------
// 8. Static pages, 网站地图, 404
// ---------------------------------------------------------------------------------------------

test("static pages /about/, /contact/ and /statement/ exist with their titles", () => {
  for (const [url, title] of [["/about/", "关于我们"], ["/contact/", "联系我们"], ["/statement/", "网站声明"]] as const) {
    assert.ok(site.files.includes(`${url.slice(1)}index.html`), `${url} was built`);
    const html = site.page(url);
    assert.equal(titleOf(html), `${title} - ${SITE_NAME}`);
    assert.equal(inlineText(/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? ""), title);
    assert.ok(inlineText(elementByClass(html, "div", "article-body") ?? "").length > 20, `${url} has its text`);
  }
});

test("the 网站地图 page /sitemap/ links every column, the archives, the tags, the static pages and the feeds", () => {
  assert.ok(site.files.includes("sitemap/index.html"));
  const html = site.page("/sitemap/");
  assert.equal(titleOf(html), `网站地图 - ${SITE_NAME}`);
  const hrefs = new Set(links(html).map((link) => link.href));
  const expected = [
    "/",
    ...COLUMNS.map((column) => `/${column.slug}/`),
    ...COLUMNS.map((column) => `/${column.slug}/feed.xml`),
    "/archive/",
    "/archive/2022/",
    "/archive/2023/",
    "/archive/2024/",
    "/tags/",
    "/about/",
    "/contact/",
    "/statement/",
    "/feed.xml",
  ];
  for (const href of expected) assert.ok(hrefs.has(href), `网站地图 links ${href}`);
});

test("/404.html exists, is not indexed and leads back home", () => {
  assert.ok(site.files.includes("404.html"));
  const html = site.read("404.html");
  assert.match(inlineText(html), /抱歉，您访问的页面不存在/);
  assert.equal(meta(html, "robots"), "noindex");
  const hrefs = links(html).map((link) => link.href);
  assert.ok(hrefs.includes("/") && hrefs.includes("/sitemap/"));
  assert.ok(prefixed.files.includes("404.html"));
  assert.ok(links(prefixed.read("404.html")).some((link) => link.href === "/portal/"), "the prefixed 404 page links /portal/");
});
