/**
 * The readers' features over the production build of the bundled content (src/build.ts: pages,
 * then the search index and the 关怀版 copies; built once per test run and shared, see
 * tests/helpers/shared-site.ts), in Debian's Chromium: 站内搜索, 关怀版, 朗读, 扫一扫/分享, the
 * phone header, axe-core's WCAG 2.1 A/AA rules, and the article page's weight.
 * Every page visited is also checked for console errors, CSP violations and sideways scrolling.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import type { Browser, Page } from "playwright-core";
import { carePage, careUrl } from "../src/care.ts";
import { loadContent } from "../src/content/load.ts";
import { indexThroughService } from "../src/pagefind-service.ts";
import { indexedDocument, pagefindBinary, searchSections, writeSearchIndexes } from "../src/search.ts";
import { shareLinks } from "../src/share.ts";
import { axeSource, serveFolder, useChromium, withPage, type PageOptions, type Visit } from "./helpers/browser.ts";
import { sharedBundledSite } from "./helpers/shared-site.ts";
import { BUNDLED_CONTENT, fixtureOptions, removeDir, tempDir, type BuiltSite } from "./helpers/site.ts";
import { tags } from "./helpers/portal.ts";

const SEED = "/dangfeng/wulanhaote-dangjian-jinyaoshi/";
const SEED_PUBLIC_URL = `https://www.lzfz.org.cn${SEED}`;
// jsqr is CommonJS: Node hands its function over as the default export, TypeScript as `.default`.
const jsQR = jsQRModule.default;
const PHONE = { width: 375, height: 812 };
/** Text that is on every page but outside article bodies: top bar, footer, article chrome. */
const CHROME_TEXT = ["政讯通中心", "欢迎来到", "砖塔胡同", "北京中农兴业", "违法和不良信息举报", "责任编辑", "免责声明", "相关阅读", "网站地图", "分享到", "扫一扫", "返回顶部", "关怀版"];

let outputDir = "";
let site: BuiltSite;
let server: Awaited<ReturnType<typeof serveFolder>>;
let browser: Browser;
let releaseBrowser: (() => Promise<void>) | undefined;

before(async () => {
  let chromium: Awaited<ReturnType<typeof useChromium>>;
  [site, chromium] = await Promise.all([sharedBundledSite("published"), useChromium()]);
  ({ browser, release: releaseBrowser } = chromium);
  outputDir = site.outputDir;
  server = await serveFolder(outputDir);
});

after(async () => {
  await releaseBrowser?.();
  await server?.close();
});

/** A page lent from the pool of this process's Chromium (tests/helpers/browser.ts). */
const visiting = <T>(options: PageOptions, fn: (visit: Visit) => Promise<T>) => withPage(browser, options, fn);

/** Checks that the page on screen does not scroll sideways. */
async function fits(visit: Visit, url: string): Promise<void> {
  const overflow = await visit.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px`);
}

/** Loads a page and checks that it does not scroll sideways. */
async function go(visit: Visit, url: string): Promise<void> {
  await visit.page.goto(server.url + url);
  await fits(visit, url);
}

interface SearchOutcome {
  status: string;
  results: { title: string; href: string; meta: string }[];
}

/** Runs a search through the search page's own form parameters and returns the listed results. */
async function search(visit: Visit, params: Record<string, string>): Promise<SearchOutcome> {
  await go(visit, `/search/?${new URLSearchParams(params).toString()}`);
  return searchOutcome(visit);
}

/**
 * Waits for the search page on screen to finish its search and returns the listed results. It
 * waits in the page, for the status to say the search is over, with an observer rather than
 * waitForFunction, which loads Playwright's 350 KB helper script into each page and polls every
 * frame (about 0.07 s of Chromium CPU per search).
 */
function searchOutcome(visit: Visit): Promise<SearchOutcome> {
  return visit.page.evaluate(() =>
    new Promise<void>((resolve, reject) => {
      const status = document.querySelector(".search-status");
      if (!status) throw new Error("no .search-status on the search page");
      const over = /^(?!正在搜索)./;
      const observer = new MutationObserver(() => {
        if (over.test(status.textContent ?? "")) resolve();
      });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
      if (over.test(status.textContent ?? "")) resolve();
      setTimeout(() => reject(new Error(`the search is not over after 30 s: "${status.textContent ?? ""}"`)), 30_000);
    }).then(() => ({
      // Read once the status is final: the page sets it after listing the results.
      status: document.querySelector(".search-status")?.textContent ?? "",
      results: Array.from(document.querySelectorAll(".search-results li")).map((item) => ({
        title: item.querySelector("a")?.textContent ?? "",
        href: item.querySelector("a")?.getAttribute("href") ?? "",
        meta: item.querySelector(".result-meta")?.textContent ?? "",
      })),
    })),
  );
}

/**
 * Gives every page the visit loads from now on axe-core, as an init script: its source crosses
 * the DevTools protocol once per visit instead of once per page, and Chromium compiles it once
 * (about 0.1 s of CPU less per page checked). The protocol is not governed by the pages' CSP.
 */
const withAxe = (visit: Visit) => visit.addInitScript(axeSource());

/** The WCAG 2.1 A/AA violations on the page, which was loaded with axe-core (`withAxe`). */
async function axeViolations(page: Page): Promise<string[]> {
  const violations = await page.evaluate(async () => {
    const runner = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await runner.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return result.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(", ")})`);
  });
  return violations;
}

test("units: 关怀版 links toggle between the two sets of pages; assets, feeds and other sites keep their address", () => {
  assert.equal(careUrl("/dangfeng/x/"), "/care/dangfeng/x/");
  const html = '<!doctype html><html lang="zh-CN"><a href="/">首页</a><a href="/care/dangfeng/x/">关怀版</a><a href="/dangfeng/">栏目</a><a href="/404.html">404</a><link href="/assets/site.1234.css"><a href="/feed.xml">订阅</a><a href="https://www.gov.cn/">国务院</a><a href="#top">返回顶部</a><form action="/search/"></form><div class="article-body" data-pagefind-body>正文说到 data-pagefind-body 这个属性</div>';
  const care = carePage(html, "/");
  assert.match(care, /^<!doctype html><html class="care" lang="zh-CN">/);
  for (const expected of ['href="/care/"', 'href="/dangfeng/x/"', 'href="/care/dangfeng/"', 'href="/care/404.html"', 'href="/assets/site.1234.css"', 'href="/feed.xml"', 'href="https://www.gov.cn/"', 'href="#top"', 'action="/care/search/"']) {
    assert.ok(care.includes(expected), `${expected} in ${care}`);
  }
  assert.ok(care.includes('<div class="article-body">正文说到 data-pagefind-body 这个属性</div>'), "copies never enter the search index; text stays as it was");
  const prefixed = carePage('<html lang="zh-CN"><a href="/portal/jiceng/">栏目</a><a href="/elsewhere/">另一个站点</a>', "/portal/");
  assert.ok(prefixed.includes('href="/portal/care/jiceng/"') && prefixed.includes('href="/elsewhere/"'), prefixed);
  const [weibo] = shareLinks("https://www.lzfz.org.cn/a/b/", "标题 & 题");
  assert.equal(new URL(weibo?.url ?? "").searchParams.get("url"), "https://www.lzfz.org.cn/a/b/");
  assert.equal(new URL(weibo?.url ?? "").searchParams.get("title"), "标题 & 题");
});

// The browser checks are independent contexts of one browser: run a few at once.
describe("in Chromium", { concurrency: 2 }, () => {
  test("search: 乌兰浩特 finds the seed article, with its 栏目 and date", async () => {
    await visiting({ viewport: PHONE }, async (visit) => {
      // Searched from the header's box, a plain GET form to the search page (?q=乌兰浩特, the
      // address search() would load: one search page for both checks).
      await go(visit, "/");
      await visit.page.fill("#site-search-q", "乌兰浩特");
      await Promise.all([visit.page.waitForURL(/\/search\/\?q=/), visit.page.press("#site-search-q", "Enter")]);
      assert.equal(new URL(visit.page.url()).search, `?${new URLSearchParams({ q: "乌兰浩特" }).toString()}`);
      await fits(visit, visit.page.url());
      const { results } = await searchOutcome(visit);
      assert.deepEqual(results.map((result) => result.href), [SEED]);
      assert.match(results[0]?.title ?? "", /^兴安盟乌兰浩特市/);
      assert.match(results[0]?.meta ?? "", /栏目：党风政风/);
      assert.match(results[0]?.meta ?? "", /2024-05-20/);
      assert.deepEqual(visit.problems, []);
    });
  });

  test("search: an index that is missing (npm start indexes once) leaves the others searchable", async () => {
    const missing = readdirSync(path.join(outputDir, "pagefind")).find((name) => /^\d{4}/.test(name) && name !== "2024") ?? "";
    assert.ok(missing, "the premise: an index besides the seed article's 2024");
    await visiting({}, async (visit) => {
      await visit.page.route(`**/pagefind/${missing}/**`, (route) => route.fulfill({ status: 404, body: "" }));
      const { status, results } = await search(visit, { q: "乌兰浩特" });
      assert.deepEqual(results.map((result) => result.href), [SEED], status);
      const all = await search(visit, { q: "治理", sort: "newest" });
      assert.ok(all.results.length > 0 && all.results.every((result) => !result.meta.includes(`${missing.slice(0, 4)}-`)), JSON.stringify(all));
    });
  });

  test("search: a two-character word from one article body finds that article only", async () => {
    const content = await loadContent(fixtureOptions(BUNDLED_CONTENT));
    const term = "台账";
    const holders = content.articles.filter((article) => article.body.includes(term));
    assert.equal(holders.length, 1, `the premise: ${term} is in one article body`);
    assert.ok(!holders[0]?.data.title.includes(term), "and not in its title");
    await visiting({}, async (visit) => {
      const { results } = await search(visit, { q: term });
      assert.deepEqual(results.map((result) => result.href), [holders[0]?.url]);
      assert.deepEqual(visit.problems, []);
    });
  });

  test("search: filters by 栏目 and 年份 narrow the results; sorting by date orders them", async () => {
    await visiting({}, async (visit) => {
      const all = await search(visit, { q: "治理" });
      assert.ok(all.results.length >= 3, `治理 is in several articles (${all.results.length})`);
      const column = await search(visit, { q: "治理", column: "基层治理" });
      assert.ok(column.results.length > 0 && column.results.length < all.results.length, `${column.results.length} of ${all.results.length}`);
      assert.ok(column.results.every((result) => result.meta.includes("栏目：基层治理")), JSON.stringify(column.results));
      assert.match(column.status, /在栏目“基层治理”中找到/);
      const year = await search(visit, { q: "治理", year: "2024" });
      assert.ok(year.results.length > 0 && year.results.length < all.results.length);
      assert.ok(year.results.every((result) => result.meta.includes("2024-")), JSON.stringify(year.results));
      const dates = (results: { meta: string }[]) => results.map((result) => /\d{4}-\d{2}-\d{2}/.exec(result.meta)?.[0] ?? "");
      const newest = dates((await search(visit, { q: "治理", sort: "newest" })).results);
      assert.equal(newest.length, all.results.length);
      assert.deepEqual(newest, [...newest].sort().reverse());
      assert.equal(await visit.page.inputValue("#search-sort"), "newest", "the form shows the choice it was sent");
      assert.ok(new Set(newest.map((date) => date.slice(0, 4))).size >= 2, `the premise: the results span several years' indexes (${newest.join(", ")})`);
      const oldest = dates((await search(visit, { q: "治理", sort: "oldest" })).results);
      assert.deepEqual(oldest, [...newest].sort(), "oldest first: the same results, the years walked the other way");
      const none = await search(visit, { q: "砖塔胡同" });
      assert.deepEqual(none.results, []);
      assert.match(none.status, /没有找到/);
      assert.deepEqual(visit.problems, []);
    });
  });

  test("search index: one index per year (the bundled years are small), article bodies only, no navigation, footer or article chrome", async () => {
    const indexDir = path.join(outputDir, "pagefind");
    const content = await loadContent(fixtureOptions(BUNDLED_CONTENT));
    const published = content.articles.filter((article) => !article.data.draft);
    const years = [...new Set(published.map((article) => article.data.date.iso.slice(0, 4)))].sort().reverse();
    assert.ok(years.length >= 2, `the premise: the bundled articles span several years (${years.join(", ")})`);
    assert.deepEqual(readdirSync(indexDir).sort().reverse(), years, "pagefind/<year>/ for each year with articles, nothing else");
    assert.equal(tags(site.read("search/index.html"), "section").find((section) => section.class === "search-page")?.["data-sections"], years.join(" "), "the search page lists them, newest first");
    const fragments = years.flatMap((year) =>
      readdirSync(path.join(indexDir, year, "fragment")).map((name) => {
        const text = gunzipSync(readFileSync(path.join(indexDir, year, "fragment", name))).toString("utf8");
        assert.ok(text.startsWith("pagefind_dcd"), name);
        const fragment = JSON.parse(text.slice("pagefind_dcd".length)) as { url: string; content: string; meta: Record<string, string>; filters: Record<string, string[]> };
        assert.deepEqual(fragment.filters["年份"], [year], `${fragment.url} is in the index of its own year`);
        assert.deepEqual(fragment.filters["分卷"], [year], `${fragment.url}: the index it is in is a filter (the date sort walks the indexes by it)`);
        return fragment;
      }),
    );
    const articles = site.files.filter((file) => /^[a-z]+\/[^/]+\/index\.html$/.test(file) && !file.startsWith("care/") && !/^(?:tags|archive)\//.test(file) && !/\/page\//.test(file));
    assert.equal(fragments.length, articles.length, "one entry per article page, none for listings or 关怀版 copies");
    for (const fragment of fragments) {
      assert.ok(!fragment.url.startsWith("/care/"), fragment.url);
      const text = fragment.content.replace(/\u200b/g, "");
      for (const chrome of CHROME_TEXT) assert.ok(!text.includes(chrome), `${fragment.url} index holds "${chrome}"`);
      assert.deepEqual(Object.keys(fragment.filters).sort(), ["分卷", "年份", "栏目"]);
      // Pagefind adds an article's own first photo as image/image_alt meta: the article's, not the chrome's.
      assert.deepEqual(Object.keys(fragment.meta).filter((key) => key !== "image" && key !== "image_alt").sort(), ["date", "title"]);
    }
    // The premise of the check: none of that text is in an article's own title or body.
    for (const article of content.articles) for (const chrome of CHROME_TEXT) assert.ok(!article.body.includes(chrome) && !article.data.title.includes(chrome), `${article.file} holds ${chrome}`);
    // Pagefind's ready-made interfaces are not published; the search page draws its own.
    for (const year of years) assert.deepEqual(readdirSync(path.join(indexDir, year)).filter((name) => /ui|highlight/.test(name)), [], year);
  });

  test("search index: Pagefind makes from each page's indexed document exactly the index it makes from the whole pages", async () => {
    const pagefind = await import("pagefind");
    const indexDir = path.join(outputDir, "pagefind");
    const page = site.read(`${SEED.slice(1)}index.html`);
    const document = indexedDocument(page);
    assert.ok(document.includes("data-pagefind-body") && document.includes("data-pagefind-filter") && document.startsWith('<!doctype html><html lang="zh-CN"'), document.slice(0, 200));
    for (const around of ["<header", "<footer", 'class="related"', 'class="prev-next"']) assert.ok(page.includes(around) && !document.includes(around), `the document is the article without ${around}`);
    assert.equal(indexedDocument("<p>no article here</p>"), "<p>no article here</p>", "a page without the markers is given whole");
    for (const year of readdirSync(indexDir)) {
      const whole = tempDir("portal-whole-pages-");
      try {
        const files = site.files.filter((file) => /^[a-z]+\/[^/]+\/index\.html$/.test(file) && !file.startsWith("care/") && site.read(file).includes(`data-year="${year}"`) && site.read(file).includes("data-pagefind-body")).sort();
        const { index } = await pagefind.createIndex({});
        assert.ok(index);
        // The whole pages, in the order of their paths, as the build sends its documents.
        for (const file of files) assert.deepEqual((await index.addHTMLFile({ sourcePath: file, content: site.read(file) })).errors, []);
        assert.deepEqual((await index.writeFiles({ outputPath: path.join(whole, "index") })).errors, []);
        await index.deleteIndex();
        const built = (readdirSync(path.join(indexDir, year), { recursive: true }) as string[]).filter((file) => statSync(path.join(indexDir, year, file)).isFile()).sort();
        const reference = (readdirSync(path.join(whole, "index"), { recursive: true }) as string[]).filter((file) => statSync(path.join(whole, "index", file)).isFile() && !/ui|highlight/.test(file)).sort();
        assert.deepEqual(built, reference, `${year}: the same files`);
        for (const file of built) assert.ok(readFileSync(path.join(indexDir, year, file)).equals(readFileSync(path.join(whole, "index", file))), `${year}/${file}: the same bytes`);
      } finally {
        removeDir(whole);
      }
    }
  });

  test("search page: says so without JavaScript and links to the 网站地图; the policy allows Pagefind's WebAssembly and nothing more", async () => {
    await visiting({ javaScript: false, viewport: PHONE }, async (noScript) => {
      await go(noScript, "/search/?q=乌兰浩特");
      const notice = noScript.page.locator(".search-notice");
      assert.equal(await notice.isVisible(), true);
      assert.match((await notice.textContent()) ?? "", /JavaScript/);
      assert.equal(await notice.locator("a").getAttribute("href"), "/sitemap/");
      assert.deepEqual(noScript.problems, []);
    });
    // One policy on every page (deploy/nginx.conf also sends it as a header with every file):
    // scripts from the site only, plus compiling WebAssembly; no inline script, eval or blob: worker.
    const policy = (file: string) => tags(site.read(file), "meta").find((meta) => meta["http-equiv"] === "Content-Security-Policy")?.content ?? "";
    const csp = policy("index.html");
    assert.equal(/script-src ([^;]*)/.exec(csp)?.[1], "'self' 'wasm-unsafe-eval'");
    assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|blob:|worker-src|child-src/);
    for (const file of ["search/index.html", `${SEED.slice(1)}index.html`, "404.html", `care/${SEED.slice(1)}index.html`]) assert.equal(policy(file), csp, file);
    // Pagefind searches in a worker, and falls back to the page where workers are unavailable;
    // both ways work with no CSP violation, also with the policy sent as a header on every
    // response, the worker's script included, as nginx does.
    await visiting({}, async (asHeader) => {
      const routed: string[] = [];
      await asHeader.page.route("**/*", async (route) => {
        routed.push(new URL(route.request().url()).pathname);
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": csp } });
      });
      const { results } = await search(asHeader, { q: "乌兰浩特" });
      assert.deepEqual(results.map((result) => result.href), [SEED]);
      assert.deepEqual(asHeader.problems, []);
      assert.ok(routed.some((pathname) => pathname.endsWith("/pagefind-worker.js")), `the worker's script was sent with the header too: ${routed.join(" ")}`);
    });
    await visiting({}, async (noWorker) => {
      await noWorker.addInitScript(() => Object.defineProperty(window, "Worker", { value: undefined }));
      const { results } = await search(noWorker, { q: "乌兰浩特" });
      assert.deepEqual(results.map((result) => result.href), [SEED]);
      assert.deepEqual(noWorker.problems, []);
    });
  });

  for (const javaScript of [true, false]) {
    test(`关怀版 ${javaScript ? "with" : "without"} JavaScript: 24px text, stays on for the next page, and leads back`, async () => {
      await visiting({ javaScript, viewport: PHONE }, async (visit) => {
        await go(visit, SEED);
        await Promise.all([visit.page.waitForURL(`**/care${SEED}`), visit.page.click(".care-switch a")]);
        // The page after a click may still be loading: measure once its text is there.
        const style = async () => {
          await visit.page.waitForSelector(".article-body p, main p", { state: "attached" });
          return visit.page.evaluate(() => {
            const body = getComputedStyle(document.body);
            const paragraph = getComputedStyle(document.querySelector(".article-body p, main p") as HTMLElement);
            return { body: parseFloat(body.fontSize), lineHeight: parseFloat(paragraph.lineHeight) / parseFloat(paragraph.fontSize), paragraph: parseFloat(paragraph.fontSize), care: document.documentElement.classList.contains("care") };
          });
        };
        const first = await style();
        assert.ok(first.care && first.body >= 24 && first.paragraph >= 24, JSON.stringify(first));
        assert.ok(first.lineHeight >= 1.5, `line height ${first.lineHeight}`);
        // The next page, reached by the column navigation, is in 关怀版 too.
        await Promise.all([visit.page.waitForURL("**/care/jiceng/"), visit.page.click('.column-nav a[href="/care/jiceng/"]')]);
        const next = await style();
        assert.ok(next.care && next.body >= 24, JSON.stringify(next));
        await Promise.all([visit.page.waitForURL(/\/care\/[a-z]+\/[^/]+\/$/), visit.page.click(".article-list a")]);
        assert.ok((await style()).paragraph >= 24);
        const overflow = await visit.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no sideways scrolling in 关怀版 (${overflow}px)`);
        // The same switch leads back to the standard page.
        const standard = await visit.page.evaluate(() => window.location.pathname.replace(/^\/care/, ""));
        await Promise.all([visit.page.waitForURL(`**${standard}`), visit.page.click(".care-switch a")]);
        assert.equal((await style()).care, false);
        assert.deepEqual(visit.problems, []);
      });
    });
  }

  test("关怀版: nothing animates, links and buttons are large, and the search keeps the reader in 关怀版", async () => {
    await visiting({ viewport: PHONE }, async (visit) => {
      await go(visit, `/care${SEED}`);
      const measures = await visit.page.evaluate(() => {
        const heights = Array.from(document.querySelectorAll(".column-nav a, .article-tools button, .site-search button, .share-links a")).map((element) => element.getBoundingClientRect().height);
        const moving = Array.from(document.querySelectorAll("*")).filter((element) => {
          const style = getComputedStyle(element);
          return style.animationName !== "none" || style.transitionDuration.split(",").some((duration) => parseFloat(duration) > 0);
        }).length;
        return { smallest: Math.min(...heights.filter((height) => height > 0)), moving };
      });
      assert.ok(measures.smallest >= 44, `smallest target ${measures.smallest}px`);
      assert.equal(measures.moving, 0);
      await go(visit, `/care/search/?q=${encodeURIComponent("乌兰浩特")}`);
      await visit.page.waitForSelector(".search-results li a");
      assert.equal(await visit.page.getAttribute(".search-results li a", "href"), `/care${SEED}`);
      // The way back keeps the search: the same results in the standard pages.
      assert.equal(await visit.page.getAttribute(".care-switch a", "href"), `/search/?q=${encodeURIComponent("乌兰浩特")}`);
      assert.deepEqual(visit.problems, []);
    });
  });

  test("朗读: shown where speech synthesis exists, absent without it and without JavaScript", async () => {
    // Chromium's own speechSynthesis, with its speaking calls recorded instead of sent to a speech
    // engine the test machine may not have, so what is spoken and the buttons' states are exact.
    await visiting({}, async (withSpeech) => {
      await withSpeech.addInitScript(() => {
        const calls: string[] = [];
        Object.assign(window, { speechCalls: calls });
        const synth = window.speechSynthesis;
        synth.speak = (utterance) => void calls.push(`speak ${utterance.lang} ${utterance.text}`);
        for (const name of ["pause", "resume", "cancel"] as const) synth[name] = () => void calls.push(name);
      });
      await go(withSpeech, SEED);
      assert.ok(await withSpeech.page.evaluate(() => window.speechSynthesis instanceof SpeechSynthesis), "Chromium has speech synthesis");
      assert.equal(await withSpeech.page.isVisible(".read-aloud"), true);
      const buttons = () => withSpeech.page.evaluate(() => Array.from(document.querySelectorAll<HTMLButtonElement>(".read-aloud button")).map((button) => `${button.textContent}${button.disabled ? "-" : "+"}`));
      assert.deepEqual(await buttons(), ["播放+", "暂停-", "停止-"]);
      await withSpeech.page.click('[data-speech="play"]');
      assert.deepEqual(await buttons(), ["播放-", "暂停+", "停止+"]);
      await withSpeech.page.click('[data-speech="pause"]');
      assert.deepEqual(await buttons(), ["播放+", "继续+", "停止+"]);
      await withSpeech.page.click('[data-speech="stop"]');
      assert.deepEqual(await buttons(), ["播放+", "暂停-", "停止-"]);
      const calls = await withSpeech.page.evaluate(() => (window as unknown as { speechCalls: string[] }).speechCalls);
      const spoken = calls.filter((call) => call.startsWith("speak "));
      assert.match(spoken[0] ?? "", /^speak zh-CN 兴安盟乌兰浩特市/, "the headline first, in Chinese");
      const paragraphs = await withSpeech.page.locator(".article-body p").count();
      assert.equal(spoken.length, paragraphs + 1, "then the text, paragraph by paragraph");
      assert.ok(spoken.some((call) => call.includes("红云社区")));
      assert.ok(!spoken.some((call) => /责任编辑|分享到|返回顶部/.test(call)), "and nothing around it");
      assert.deepEqual(calls.filter((call) => !call.startsWith("speak ")), ["cancel", "pause", "cancel"]);
      assert.deepEqual(withSpeech.problems, []);
    });
    // A browser without speech synthesis.
    await visiting({}, async (noSpeech) => {
      await noSpeech.addInitScript(() => Object.defineProperty(window, "speechSynthesis", { value: undefined }));
      await go(noSpeech, SEED);
      assert.equal(await noSpeech.page.evaluate(() => window.speechSynthesis), undefined);
      assert.equal(await noSpeech.page.isVisible(".read-aloud"), false);
      assert.equal(await noSpeech.page.isVisible(".font-size-tools"), true, "the other tools still come up");
    });
    await visiting({ javaScript: false }, async (noScript) => {
      await go(noScript, SEED);
      for (const selector of [".read-aloud", ".font-size-tools", "[data-print]", "[data-copy-link]"]) assert.equal(await noScript.page.isVisible(selector), false, selector);
      assert.equal(await noScript.page.isVisible(".back-to-top"), true);
      assert.deepEqual(noScript.problems, []);
    });
  });

  test("扫一扫: the QR code decodes to the article's public address; share links and 打印本页", async () => {
    await visiting({ viewport: PHONE }, async (visit) => {
      await go(visit, SEED);
      await visit.page.click(".qr summary");
      const shot = PNG.sync.read(await visit.page.locator(".qr-code").screenshot());
      const decoded = jsQR(new Uint8ClampedArray(shot.data.buffer, shot.data.byteOffset, shot.data.length), shot.width, shot.height);
      assert.equal(decoded?.data, SEED_PUBLIC_URL);
      const shares = await visit.page.$$eval(".share-links a", (links) => links.map((link) => new URL(link.getAttribute("href") ?? "").searchParams.get("url")));
      assert.deepEqual(shares, [SEED_PUBLIC_URL, SEED_PUBLIC_URL]);
      assert.equal(await visit.page.isVisible("[data-print]"), true);
      assert.equal(await visit.page.isVisible("[data-copy-link]"), true);
      assert.equal(await visit.page.getAttribute("[data-copy-link]", "data-copy-link"), SEED_PUBLIC_URL);
      assert.equal(await visit.page.getAttribute(".back-to-top", "href"), "#top");
      assert.equal(await visit.page.locator("script[src]").evaluateAll((scripts) => scripts.every((script) => new URL((script as HTMLScriptElement).src).origin === location.origin)), true, "no third-party script");
      assert.deepEqual(visit.problems, []);
    });
  });

  test("phone header: the column navigation is one scrolling row and the first headline starts within 200px at 375px", async () => {
    await visiting({ viewport: PHONE }, async (visit) => {
      for (const [url, headline] of [["/", ".headline-title"], [SEED, ".article-title"], ["/jiceng/", ".listing-title"], ["/search/", ".listing-title"]] as const) {
        await go(visit, url);
        // The 字号 control sits on the article, where it acts, not on the home page.
        if (url === "/") assert.equal(await visit.page.locator(".font-size-tools").count(), 0);
        const layout = await visit.page.evaluate((selector) => {
          const items = Array.from(document.querySelectorAll(".column-nav li")).map((item) => item.getBoundingClientRect().top);
          const list = document.querySelector(".column-nav ul") as HTMLElement;
          return { rows: new Set(items).size, scrolls: list.scrollWidth > list.clientWidth, headline: (document.querySelector(selector) as HTMLElement).getBoundingClientRect().top };
        }, headline);
        assert.equal(layout.rows, 1, `${url}: one row of columns`);
        assert.ok(layout.scrolls, `${url}: the row scrolls sideways`);
        assert.ok(layout.headline <= 200, `${url}: the first headline starts at ${layout.headline}px`);
      }
      // Nor in the header of every page.
      assert.equal(await visit.page.locator("header .font-size-tools").count(), 0);
      assert.deepEqual(visit.problems, []);
    });
  });

  test("axe-core finds no WCAG 2.1 A/AA violation on home, a column, an article, search, 404 and 关怀版 pages", async () => {
    await visiting({ viewport: PHONE }, async (visit) => {
      await withAxe(visit);
      for (const url of ["/", "/jiceng/", SEED, "/search/?q=治理", "/404.html", `/care${SEED}`]) {
        await go(visit, url);
        if (url.includes("/search/")) await visit.page.waitForSelector(".search-results li");
        assert.deepEqual(await axeViolations(visit.page), [], url);
      }
      assert.deepEqual(visit.problems, []);
    });
  });
});

test("search index: a stop (Ctrl-C) ends the running Pagefind and starts no other section; the scratch folder goes", async () => {
  const pages = site.files.flatMap((file) => {
    const section = /^[a-z]+\/[^/]+\/index\.html$/.test(file) && !file.startsWith("care/") ? /<article\b[^>]*\sdata-section="([0-9-]+)"/.exec(site.read(file))?.[1] : undefined;
    return section ? [{ file, section }] : [];
  });
  const sections = searchSections(pages);
  assert.ok(sections.length >= 2, `the premise: several sections (${sections.map((section) => section.name)})`);
  const copy = tempDir("portal-search-stop-");
  try {
    for (const { file } of pages) cpSync(path.join(outputDir, file), path.join(copy, file));
    for (const when of ["before", "while Pagefind runs"]) {
      const controller = new AbortController();
      const indexing = writeSearchIndexes(copy, sections, { concurrency: 1, signal: controller.signal });
      if (when === "before") controller.abort();
      else setTimeout(() => controller.abort(), 30);
      await assert.rejects(indexing, { name: "AbortError" }, when);
      const written = readdirSync(path.join(copy, "pagefind")).filter((name) => existsSync(path.join(copy, "pagefind", name, "pagefind-entry.json")));
      assert.ok(written.length < sections.length, `${when}: not every section was indexed (${written})`);
    }
  } finally {
    removeDir(copy);
  }
});

test("a search index does not depend on the order the pages come in, nor on the file system they were written to", async () => {
  const pages = site.files.filter((file) => /^[a-z]+\/[^/]+\/index\.html$/.test(file) && !file.startsWith("care/") && site.read(file).includes('data-year="2024"'));
  assert.ok(pages.length >= 3, `the premise: several pages (${pages.length})`);
  const documents = pages.map((file) => ({ file, html: indexedDocument(site.read(file)) }));
  const parent = tempDir("portal-search-order-");
  try {
    const digestOf = async (order: typeof documents, name: string) => {
      const out = path.join(parent, name);
      await indexThroughService(pagefindBinary().file, order, out, { cwd: parent, env: {} });
      return (readdirSync(out, { recursive: true }) as string[]).sort().filter((file) => statSync(path.join(out, file)).isFile()).map((file) => `${file} ${createHash("sha256").update(readFileSync(path.join(out, file))).digest("hex")}`);
    };
    const sorted = await digestOf(documents, "sorted");
    assert.deepEqual(await digestOf([...documents].reverse(), "reversed"), sorted);
    assert.deepEqual(await digestOf([...documents.slice(1), documents[0]!], "rotated"), sorted);
  } finally {
    removeDir(parent);
  }
});

test("an article page's HTML, CSS and JavaScript weigh at most 40 KB", (t) => {
  const html = site.page(SEED);
  const assets = [...tags(html, "link").filter((link) => link.rel === "stylesheet").map((link) => link.href ?? ""), ...tags(html, "script").map((script) => script.src ?? "").filter(Boolean)];
  assert.ok(assets.some((asset) => asset.endsWith(".css")) && assets.some((asset) => asset.endsWith(".js")), assets.join(", "));
  const sizes = assets.map((asset) => statSync(path.join(outputDir, asset)).size);
  const total = Buffer.byteLength(html) + sizes.reduce((sum, size) => sum + size, 0);
  t.diagnostic(`seed article: HTML ${Buffer.byteLength(html)} B + ${assets.map((asset, index) => `${path.basename(asset)} ${sizes[index]} B`).join(" + ")} = ${total} B`);
  assert.ok(total <= 40 * 1024, `${total} bytes`);
});
