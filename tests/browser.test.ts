/**
 * The built site in a real browser (Debian's Chromium): readable on a 375px phone and a desktop,
 * readable without JavaScript, and the 字号 switcher working where scripts run.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { serveFolder, useChromium, withPage } from "./helpers/browser.ts";
import { sharedBundledSite } from "./helpers/shared-site.ts";
import { tempDir, type BuiltSite } from "./helpers/site.ts";

const SEED = "/dangfeng/wulanhaote-dangjian-jinyaoshi/";
/** The bundled article with a captioned photo, and the notice with a PDF attachment. */
const PHOTO = "/jiceng/laojiu-xiaoqu-jiazhuang-dianti/";
const NOTICE = "/yaowen/lianzheng-jiaoyu-yue-tongzhi/";
let site: BuiltSite;
let server: Awaited<ReturnType<typeof serveFolder>>;
let browser: Browser;
let releaseBrowser: (() => Promise<void>) | undefined;
/** KEEP_SCREENSHOTS=1 saves what the pages look like, for a person to look at; nothing asserts on them. */
const keepScreenshots = Boolean(process.env.KEEP_SCREENSHOTS);
const screenshots = keepScreenshots ? tempDir("portal-shots-") : "";
async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  if (keepScreenshots) await page.screenshot({ path: path.join(screenshots, name), fullPage });
}

before(async () => {
  // The bundled site as `npm run build` publishes it, built once per test run (tests/helpers/shared-site.ts).
  let chromium: Awaited<ReturnType<typeof useChromium>>;
  [site, chromium] = await Promise.all([sharedBundledSite("published"), useChromium()]);
  ({ browser, release: releaseBrowser } = chromium);
  server = await serveFolder(site.outputDir);
});

after(async () => {
  await releaseBrowser?.();
  await server?.close();
  if (keepScreenshots) console.log(`screenshots in ${screenshots}`);
});

for (const viewport of [{ width: 375, height: 812 }, { width: 1280, height: 900 }]) {
  test(`pages fit a ${viewport.width}px screen, with large indented text and no script errors`, async () => {
    await withPage(browser, { viewport }, async ({ page, problems }) => {
      for (const url of ["/", SEED, PHOTO, NOTICE, "/dangfeng/", "/jiceng/", "/archive/", "/tags/", "/contact/", "/sitemap/", "/404.html"]) {
        await page.goto(server.url + url);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px at ${viewport.width}px`);
        if (url !== SEED) continue;
        // The article's text, measured while it is loaded rather than loading it again.
        const metrics = await page.evaluate(() => {
          const paragraph = document.querySelector(".article-body p") as HTMLElement;
          const style = getComputedStyle(paragraph);
          const article = document.querySelector(".article") as HTMLElement;
          return { fontSize: parseFloat(style.fontSize), indent: parseFloat(style.textIndent), lineHeight: parseFloat(style.lineHeight), articleWidth: article.getBoundingClientRect().width };
        });
        assert.ok(metrics.fontSize >= 18, `body text is ${metrics.fontSize}px`);
        assert.equal(metrics.indent, metrics.fontSize * 2, "paragraphs are indented two characters");
        assert.ok(metrics.lineHeight >= metrics.fontSize * 1.6, "generous line height");
        assert.ok(metrics.articleWidth <= 920, `the text column stays readable (${metrics.articleWidth}px)`);
        // A fenced code block with one long line (a command, an address) wraps instead of widening the page.
        const codeOverflow = await page.evaluate(() => {
          const pre = document.createElement("pre");
          pre.innerHTML = `<code>${"curl https://www.example.gov.cn/api/v1/notices?column=dangfeng&year=2024 ".repeat(6)}${"x".repeat(300)}</code>`;
          document.querySelector(".article-body")?.append(pre);
          return document.documentElement.scrollWidth - window.innerWidth;
        });
        assert.ok(codeOverflow <= 0, `a code block makes the article scroll sideways by ${codeOverflow}px`);
        await screenshot(page, `seed-${viewport.width}.png`, true);
      }
      assert.deepEqual(problems, [], "no console errors (a CSP violation would show here) or failed sub-resources");
    });
  });
}

test("without JavaScript the article reads in full and the 字号 tools stay hidden", async () => {
  await withPage(browser, { javaScript: false, viewport: { width: 375, height: 812 } }, async ({ page }) => {
    await page.goto(server.url + SEED);
    const text = await page.evaluate(() => document.body.innerText);
    for (const line of ["政讯通中心", "兴安盟乌兰浩特市", "发布时间：2024-05-20", "[责任编辑：王伟 校对：李晓艳]", "原文链接：", "[免责声明]", "联系电话："]) {
      assert.ok(text.includes(line), `visible without scripts: ${line}`);
    }
    assert.equal(await page.isVisible(".font-size-tools"), false);
  });
});

test("with JavaScript the 字号 switcher enlarges the text and remembers the choice", async () => {
  // The page goes back to its pool with the choice (localStorage) cleared.
  await withPage(browser, { viewport: { width: 375, height: 812 } }, async ({ page }) => {
    await page.goto(server.url + SEED);
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".article-body p") as HTMLElement).fontSize));
    const normal = await size();
    assert.equal(await page.isVisible(".font-size-tools"), true);
    await page.click('button[data-font-size="large"]');
    const large = await size();
    assert.ok(large > normal * 1.1, `大 enlarges the text (${normal}px → ${large}px)`);
    assert.equal(await page.getAttribute('button[data-font-size="large"]', "aria-pressed"), "true");
    await page.goto(server.url + "/");
    await page.goto(server.url + SEED);
    assert.equal(await size(), large, "the choice holds on the next page");
    await screenshot(page, "seed-375-large.png");
  });
});

test("the photo article at 375px: the photo sits centred inside the text column, unindented, loaded as WebP; the favicon resolves", async () => {
  await withPage(browser, { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, warnings: true, everyResponse: true }, async ({ page, problems }) => {
    await page.goto(server.url + PHOTO);
    await page.locator(".article-body figure img").first().scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (document.querySelector(".article-body figure img") as HTMLImageElement | null)?.complete === true);
    const layout = await page.evaluate(() => {
      const body = (document.querySelector(".article-body") as HTMLElement).getBoundingClientRect();
      const figure = document.querySelector(".article-body figure") as HTMLElement;
      const image = figure.querySelector("img") as HTMLImageElement;
      const box = image.getBoundingClientRect();
      return {
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        bodyLeft: body.left,
        bodyRight: body.right,
        left: box.left,
        right: box.right,
        height: box.height,
        indent: getComputedStyle(figure).textIndent,
        caption: figure.querySelector("figcaption")?.textContent ?? "",
        currentSrc: image.currentSrc,
        natural: image.naturalWidth,
        icon: (document.querySelector('link[rel="icon"]') as HTMLLinkElement | null)?.href ?? "",
      };
    });
    assert.ok(layout.overflow <= 0, `the photo article scrolls sideways by ${layout.overflow}px`);
    assert.ok(layout.left >= layout.bodyLeft - 0.5 && layout.right <= layout.bodyRight + 0.5, `the photo (${layout.left}-${layout.right}) stays inside the text column (${layout.bodyLeft}-${layout.bodyRight})`);
    assert.ok(Math.abs(layout.left - layout.bodyLeft - (layout.bodyRight - layout.right)) <= 1, "centred");
    assert.ok(layout.height > 100, `the photo keeps its proportions (${layout.height}px high)`);
    assert.equal(layout.indent, "0px");
    assert.match(layout.caption, /示意图/);
    assert.match(layout.currentSrc, /dianti-(800|1200)w\.webp$/, `a 2× phone gets a WebP wide enough for it (${layout.currentSrc})`);
    assert.ok(layout.natural > 0, "the photo loaded");
    assert.ok(layout.icon.endsWith("/favicon.ico"), "the page names its favicon");
    const icon = await page.request.get(layout.icon);
    assert.equal(icon.status(), 200, "the favicon resolves");
    assert.ok((await icon.body()).length > 100);
    await page.goto(server.url + NOTICE);
    assert.match(await page.locator(".attachments").innerText(), /关于开展廉政教育月活动的通知\.pdf（PDF，2 KB）/);
    await screenshot(page, "photo-375.png", true);
    assert.deepEqual(problems, [], "no console errors or failed requests");
  });
});
