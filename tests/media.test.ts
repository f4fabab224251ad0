/**
 * Photos, attachments and site files (src/media): one fixture site built in production twice with
 * its own image cache (the second build must encode nothing) and once for npm start; validation
 * through the loader in-process; the cache's atomic writes; the link check over built output.
 * Images are drawn here with sharp, in plain colours, so encoding stays fast.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { buildSite } from "../src/build.ts";
import { loadContent } from "../src/content/load.ts";
import type { Problem } from "../src/content/problems.ts";
import { writeCarePages } from "../src/care.ts";
import { checkLinks, srcsetUrls } from "../src/linkcheck.ts";
import { sizeLabel } from "../src/media/kinds.ts";
import { createPublisher, publishTotals } from "../src/media/publish.ts";
import { listSiteFiles } from "../src/media/site-files.ts";
import { jpegIsComplete, pngIsComplete } from "../src/media/integrity.ts";
import { loadPortal, type PortalData } from "../src/model/load.ts";
import { renderPages } from "../src/render.ts";
import { animatedWebp, drawImage, pdfProblems, testSvg, tinyPdf } from "./helpers/media.ts";
import { jsonLdBlocks, meta, tags } from "./helpers/portal.ts";
import { BUNDLED_CONTENT, article, bundledSiteData, fixtureOptions, makeContent, readSite, removeDir, tempDir, type BuiltSite } from "./helpers/site.ts";

const solid = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer();

let content = "";
let cacheDir = "";
let first: BuiltSite;
let second: BuiltSite;
let dev: BuiltSite;
let portal: PortalData;
const encodes: { first: number; second: number; dev: number; reusedSecond: number } = { first: 0, second: 0, dev: 0, reusedSecond: 0 };
const pdf = tinyPdf(["关于开展廉政教育月活动的通知", "各基层党组织："]);

async function build(mode: "production" | "development"): Promise<BuiltSite> {
  const options = { ...fixtureOptions(content, { mode }), cacheDir };
  const loaded = await loadPortal(options, () => {});
  if (mode === "production") portal = loaded;
  const outputDir = tempDir("portal-media-out-");
  await renderPages({ options, portal: loaded, outputDir });
  return readSite(outputDir);
}

before(async () => {
  content = makeContent({
    articles: [
      {
        // A folder article: its photos and files beside index.md.
        path: "dangfeng/huiyi/index.md",
        frontmatter: `${Object.entries(article({ title: "会议纪实", featured: true, date: "2024-05-22" })).map(([k, v]) => `${k}: ${String(v)}`).join("\n")}\nattachments:\n  - { file: 附件/报名表.xlsx, title: 报名表 }`,
        body: [
          "第一段，会议召开。",
          '![会议现场](现场.jpg "图注：会议现场")',
          "![小图](small.png)",
          "附件：[关于开展廉政教育月活动的通知.pdf](关于开展廉政教育月活动的通知.pdf)",
          "![远程图片](https://img.example.cn/a.jpg)",
          "见[联系我们](/contact/)和[本文小标题](#top)。",
        ].join("\n\n"),
      },
      // Files beside a single .md, and a cover that wins over the first photo.
      { path: "dangfeng/cover.md", frontmatter: `title: 有封面\ndate: 2024-05-21\ncolumn: 党风政风\neditor: 王伟\nfeatured: true\ncover: { file: cover.jpg, alt: 封面说明 }`, body: "正文。\n\n![旁边的图](beside.jpg)" },
      { path: "dangfeng/plain.md", frontmatter: article({ title: "纯文字", date: "2024-05-20", featured: true }) },
    ],
    rawFiles: {
      "articles/dangfeng/huiyi/现场.jpg": await solid(1600, 1000, "#c33"),
      "articles/dangfeng/huiyi/small.png": await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer(),
      "articles/dangfeng/huiyi/关于开展廉政教育月活动的通知.pdf": pdf,
      "articles/dangfeng/huiyi/附件/报名表.xlsx": Buffer.alloc(3000, 1),
      "articles/dangfeng/cover.jpg": await drawImage(testSvg(900, 600)),
      "articles/dangfeng/beside.jpg": await solid(640, 480, "#3a3"),
      "static/.well-known/security.txt": "Contact: mailto:a@b.cn\n",
    },
  });
  cacheDir = tempDir("portal-media-cache-");
  let before = publishTotals().encoded;
  first = await build("production");
  encodes.first = publishTotals().encoded - before;
  before = publishTotals().encoded;
  const reusedBefore = publishTotals().reused;
  second = await build("production");
  encodes.second = publishTotals().encoded - before;
  encodes.reusedSecond = publishTotals().reused - reusedBefore;
  before = publishTotals().encoded;
  dev = await build("development");
  encodes.dev = publishTotals().encoded - before;
});

after(() => {
  for (const dir of [content, cacheDir, first?.outputDir, second?.outputDir, dev?.outputDir]) if (dir) removeDir(dir);
});

const ARTICLE = "/dangfeng/huiyi/";
const enc = (name: string) => encodeURIComponent(name);

test("a body photo becomes a <picture>: WebP source, JPEG fallback, widths capped at 1200, width and height set", async () => {
  const html = first.page(ARTICLE);
  const [source] = tags(html, "source");
  const [img] = tags(html, "img").filter((attributes) => attributes.alt === "会议现场");
  assert.ok(source && img, "a <source> and the fallback <img>");
  assert.equal(source.type, "image/webp");
  const webp = srcsetUrls(source.srcset ?? "");
  assert.deepEqual(webp, [480, 800, 1200].map((w) => `${ARTICLE}${enc("现场")}-${w}w.webp`));
  assert.match(source.srcset ?? "", / 480w, .* 800w, .* 1200w$/);
  assert.deepEqual(srcsetUrls(img.srcset ?? ""), [480, 800, 1200].map((w) => `${ARTICLE}${enc("现场")}-${w}w.jpg`));
  assert.equal(img.src, `${ARTICLE}${enc("现场")}-1200w.jpg`);
  assert.equal(img.width, "1200");
  assert.equal(img.height, "750", "the source's 16:10 kept");
  assert.ok(img.sizes, "sizes tells the browser the column width");
  // The files are what the markup says.
  for (const [width, format] of [[480, "webp"], [800, "jpg"], [1200, "webp"]] as const) {
    const meta = await sharp(path.join(first.outputDir, `dangfeng/huiyi/现场-${width}w.${format}`)).metadata();
    assert.equal(meta.width, width);
    assert.equal(meta.height, Math.floor((width * 1000) / 1600));
    assert.equal(meta.format, format === "jpg" ? "jpeg" : "webp");
  }
  assert.ok(!first.files.includes("dangfeng/huiyi/现场.jpg"), "the original is not published");
});

test("the first photo loads at once; later ones, thumbnails and remote images lazily; small and transparent images are not upscaled", () => {
  const html = first.page(ARTICLE);
  const images = tags(html, "img");
  const byAlt = (alt: string) => images.find((attributes) => attributes.alt === alt);
  assert.equal(byAlt("会议现场")?.loading, undefined);
  assert.equal(byAlt("会议现场")?.decoding, undefined);
  assert.equal(byAlt("小图")?.loading, "lazy");
  assert.equal(byAlt("小图")?.decoding, "async");
  assert.equal(byAlt("小图")?.width, "300", "a 300px image stays 300px");
  assert.match(byAlt("小图")?.src ?? "", /small-300w\.png$/, "a transparent PNG falls back to PNG, not JPEG");
  const remote = byAlt("远程图片");
  assert.equal(remote?.src, "https://img.example.cn/a.jpg");
  assert.equal(remote?.referrerpolicy, "no-referrer");
  assert.equal(remote?.loading, "lazy");
});

test("an unchanged photo is never encoded twice: the second build with the cache kept encodes nothing", () => {
  const expected = new Set(portal.articles.flatMap((item) => item.media.jobs.filter((job) => job.kind === "encode").map((job) => `${item.url}${job.to}`))).size;
  assert.ok(expected > 10, `the fixture has renditions to encode (${expected})`);
  assert.equal(encodes.first, expected, "the cold build encoded each rendition once");
  assert.equal(encodes.second, 0, "the warm build encoded nothing");
  assert.equal(encodes.reusedSecond, expected, "it took every rendition from the cache");
  for (const file of first.files.filter((name) => /\.(webp|jpg|png)$/.test(name))) {
    assert.ok(readFileSync(path.join(first.outputDir, file)).equals(readFileSync(path.join(second.outputDir, file))), `${file} is byte-identical`);
  }
  const leftovers = (readdirSync(cacheDir, { recursive: true }) as string[]).filter((name) => name.endsWith(".tmp"));
  assert.deepEqual(leftovers, [], "no temporary files left in the cache");
});

test("a warm build that takes unchanged pages from the page cache still publishes their photos and files", async () => {
  const parent = tempDir("portal-media-warm-");
  try {
    const options = { ...fixtureOptions(content), cacheDir: path.join(parent, "cache") };
    const build = async (name: string) => {
      const result = await buildSite({ options, outputDir: path.join(parent, name), workers: 0, log: () => {} });
      assert.ok(result.ok, JSON.stringify(result));
      return { result, site: readSite(path.join(parent, name)) };
    };
    await build("site");
    const encoded = publishTotals().encoded;
    const warm = await build("site");
    assert.ok(warm.result.ok && warm.result.pagesFromCache > 0, "pages came from the page cache");
    assert.equal(publishTotals().encoded, encoded, "nothing was encoded again");
    for (const file of first.files.filter((name) => /\.(webp|jpg|png|pdf|xlsx)$/.test(name))) {
      assert.ok(warm.site.files.includes(file), `${file} is in the warm build`);
    }
  } finally {
    removeDir(parent);
  }
});

test("npm start shows the originals and encodes nothing", () => {
  assert.equal(encodes.dev, 0);
  const html = dev.page(ARTICLE);
  const img = tags(html, "img").find((attributes) => attributes.alt === "会议现场");
  assert.equal(img?.src, `${ARTICLE}${enc("现场")}.jpg`);
  assert.equal(img?.width, "1600");
  assert.equal(img?.height, "1000");
  assert.equal(tags(html, "source").length, 0);
  assert.ok(readFileSync(path.join(dev.outputDir, "dangfeng/huiyi/现场.jpg")).length > 0, "the original is copied beside the page");
});

test("the Markdown title becomes a figcaption; a photo on its own line is a centred figure, not an indented paragraph", () => {
  const html = first.page(ARTICLE);
  assert.match(html, /<figure class="figure"><picture>[\s\S]*?<\/picture><figcaption>图注：会议现场<\/figcaption><\/figure>/);
  assert.doesNotMatch(html, /<p>\s*<figure/, "no figure inside a paragraph");
  assert.doesNotMatch(html, /title="图注/, "the caption is not repeated as a tooltip");
  const css = readFileSync(path.join(first.outputDir, first.files.find((file) => /^assets\/site\.[0-9a-f]+\.css$/.test(file)) ?? ""), "utf8");
  assert.match(css, /\.article-body figure\{[^}]*text-align:center[^}]*text-indent:0|\.article-body figure \{[^}]*text-align: center;[^}]*text-indent: 0/);
});

test("the cover is the list thumbnail, og:image, the Image 网页标签 and JSON-LD image; without one the first photo; without photos nothing", () => {
  const home = first.page("/");
  const headlines = home.slice(home.indexOf('class="headline-list"'), home.indexOf("</ul>", home.indexOf('class="headline-list"')));
  const items = headlines.split("<li").slice(1);
  const item = (title: string) => items.find((text) => text.includes(title)) ?? "";
  assert.match(item("有封面"), /<picture class="thumb">[\s\S]*cover-240w\.webp 240w[\s\S]*alt="封面说明"/, "the cover, not the body photo");
  assert.doesNotMatch(item("有封面"), /beside/);
  assert.match(item("会议纪实"), /<picture class="thumb">[\s\S]*%E7%8E%B0%E5%9C%BA-240w/, "no cover: the first body photo");
  assert.doesNotMatch(item("纯文字"), /<picture|<img|has-thumb/, "no photo: no image and no empty box");

  const column = first.page("/dangfeng/");
  assert.match(column, /<li class="has-thumb"> ?<picture class="thumb">/, "column lists show thumbnails too");

  const covered = first.page("/dangfeng/cover/");
  assert.equal(meta(covered, "og:image"), "https://www.lzfz.org.cn/dangfeng/cover/cover-800w.jpg", "the cover's largest JPEG, absolute");
  assert.equal(meta(covered, "og:image:alt"), "封面说明");
  const jsonLd = JSON.parse(jsonLdBlocks(covered)[0] ?? "{}") as { image?: string[] };
  assert.deepEqual(jsonLd?.image, ["https://www.lzfz.org.cn/dangfeng/cover/cover-800w.jpg"]);
  assert.equal(meta(first.page(ARTICLE), "og:image"), `https://www.lzfz.org.cn${ARTICLE}${enc("现场")}-1200w.jpg`);
  // The inspection's Image tag names the same published file (the source photo itself is never published in production).
  assert.equal(meta(covered, "Image"), meta(covered, "og:image"));
  assert.equal(meta(first.page(ARTICLE), "Image"), meta(first.page(ARTICLE), "og:image"));
  const plain = first.page("/dangfeng/plain/");
  assert.equal(meta(plain, "og:image"), undefined);
  assert.equal(meta(plain, "Image"), undefined);
  assert.equal((JSON.parse(jsonLdBlocks(plain)[0] ?? "{}") as { image?: unknown }).image, undefined);
});

test("attachment links carry type and size and resolve to the built files; the attachments list renders 附件", () => {
  const html = first.page(ARTICLE);
  const inline = tags(html, "a").find((attributes) => attributes.href?.endsWith(".pdf"));
  assert.equal(inline?.href, `${ARTICLE}${enc("关于开展廉政教育月活动的通知")}.pdf`);
  assert.equal(inline?.type, "application/pdf");
  assert.ok(html.includes(`>关于开展廉政教育月活动的通知.pdf</a><span class="file-meta">（PDF，${sizeLabel(pdf.length)}）</span>`), "附件：name.pdf（PDF，size）");
  assert.ok(readFileSync(path.join(first.outputDir, "dangfeng/huiyi/关于开展廉政教育月活动的通知.pdf")).equals(pdf), "the PDF is published byte for byte");
  assert.match(html, /<div class="attachments"><p>附件：<\/p><ol><li><a href="\/dangfeng\/huiyi\/%E9%99%84%E4%BB%B6\/%E6%8A%A5%E5%90%8D%E8%A1%A8\.xlsx" type="application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet">报名表<\/a><span class="file-meta">（XLSX，3 KB）<\/span><\/li><\/ol><\/div>/);
  assert.equal(readFileSync(path.join(first.outputDir, "dangfeng/huiyi/附件/报名表.xlsx")).length, 3000);
  assert.deepEqual(pdfProblems(pdf), [], "the generated PDF's cross-reference table is valid");
});

test("feed entries carry only absolute URLs: links, photos and attachments", () => {
  const feed = first.read("dangfeng/feed.xml");
  const entry = feed.slice(feed.indexOf("<title>会议纪实</title>"));
  const html = entry.slice(entry.indexOf('<content type="html">'), entry.indexOf("</content>"));
  const decoded = html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  const urls = [...decoded.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1] ?? "");
  assert.ok(urls.length >= 6, `links and images found in the entry (${urls.length})`);
  for (const url of urls) assert.match(url, /^https:\/\//, `${url} is absolute`);
  assert.ok(urls.includes(`https://www.lzfz.org.cn${ARTICLE}${enc("现场")}-1200w.jpg`), "the photo, as its largest JPEG");
  assert.ok(urls.includes("https://www.lzfz.org.cn/contact/"));
  assert.ok(urls.includes(`https://www.lzfz.org.cn${ARTICLE}#top`));
  assert.ok(urls.some((url) => url.endsWith(".xlsx")), "the 附件 list is in the entry too");
});

test("the link check finds every reference of the fixture site in place, and reports a broken one", async () => {
  // Every page links its 关怀版 copy, which the build's post-write step writes: make them as the build does.
  writeCarePages(first.outputDir, "/");
  const result = await checkLinks(first.outputDir, { url: "https://www.lzfz.org.cn", pathPrefix: "/" });
  assert.deepEqual(result.broken, []);
  assert.ok(result.references > 500, `references checked: ${result.references}`);

  const site = tempDir("portal-links-");
  try {
    mkdirSync(path.join(site, "a"), { recursive: true });
    writeFileSync(path.join(site, "a", "index.html"), '<a href="/b/">b</a><img src="x.png" srcset="x.png 1x, y.png 2x" alt=""><a href="https://www.lzfz.org.cn/a/">self</a><a href="https://other.cn/">other</a>');
    writeFileSync(path.join(site, "a", "x.png"), "");
    writeFileSync(path.join(site, "feed.xml"), '<feed><link href="/a/"/><content type="html">&lt;a href="../a/"&gt;x&lt;/a&gt;</content></feed>');
    const broken = (await checkLinks(site, { url: "https://www.lzfz.org.cn", pathPrefix: "/" })).broken.map((link) => `${link.file} ${link.url}`);
    assert.deepEqual(broken.sort(), ["a/index.html /b/", "a/index.html y.png", "feed.xml ../a/", "feed.xml /a/"]);
  } finally {
    removeDir(site);
  }
});

test("content/static/ is copied to the output root as it is; the favicon and the logo are linked", async () => {
  for (const file of ["favicon.ico", "logo.png", ".well-known/security.txt"]) assert.ok(first.files.includes(file), `${file} copied`);
  assert.ok(readFileSync(path.join(first.outputDir, "favicon.ico")).equals(readFileSync(path.join(BUNDLED_CONTENT, "static", "favicon.ico"))));
  const html = first.page("/");
  assert.equal(tags(html, "link").find((attributes) => attributes.rel === "icon")?.href, "/favicon.ico");
  const logo = tags(html, "img").find((attributes) => attributes.class === "site-logo");
  assert.deepEqual([logo?.src, logo?.width, logo?.height, logo?.alt], ["/logo.png", "96", "96", ""]);
});

// ---------------------------------------------------------------------------------------------
// Validation through the loader: every problem names the article, the file and the line.
// ---------------------------------------------------------------------------------------------

async function problemsOf(files: Record<string, string | Buffer>, site: Record<string, unknown> = bundledSiteData()): Promise<Problem[]> {
  const dir = makeContent({ site, rawFiles: files, pages: false });
  try {
    return (await loadContent({ contentDir: dir, rootDir: dir })).problems;
  } finally {
    removeDir(dir);
  }
}

const HEAD = "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n";

test("missing files, photos without alt, unreadable and oversized images, clashing outputs: all reported at once", async () => {
  const site = bundledSiteData();
  site.limits = { imageMB: 0.01, attachmentMB: 0.001 };
  const problems = await problemsOf(
    {
      // line 7 onwards is the body
      "articles/a/index.md": `${HEAD}cover: { file: 没有的封面.jpg, alt: 说明 }\n---\n正文。\n\n![缺图](missing.jpg)\n\n![](ok.jpg)\n\n![坏图](bad.jpg)\n\n![大图](big.jpg)\n\n[附件](缺少的附件.pdf)\n[大附件](big.pdf)\n\n![甲](../x/same.jpg)\n\n![乙](../y/same.jpg)\n\n[笔记](notes.md)\n`,
      "articles/a/ok.jpg": await solid(20, 20, "#fff"),
      "articles/a/bad.jpg": "这不是图片",
      "articles/a/big.jpg": Buffer.alloc(20_000, 1),
      "articles/a/big.pdf": Buffer.alloc(5000, 1),
      "articles/x/same.jpg": await solid(20, 20, "#111"),
      "articles/y/same.jpg": await solid(20, 20, "#222"),
      "articles/b.md": `${HEAD}attachments:\n  - 不存在.docx\n  - { file: photo.jpg, title: 不是附件 }\n---\n正文。\n`,
      "articles/c.md": `${HEAD}---\n![远程](https://img.example.cn/a.jpg)\n`,
    },
    site,
  );
  const lines = problems.map((problem) => `${problem.severity} ${problem.file}:${problem.line} ${problem.field} ${problem.message}`).sort();
  const expect = (pattern: RegExp) => assert.ok(lines.some((line) => pattern.test(line)), `expected ${pattern} among:\n${lines.join("\n")}`);
  expect(/^error articles\/a\/index\.md:6 cover "没有的封面\.jpg" does not exist \(looked for articles\/a\/没有的封面\.jpg\)$/);
  expect(/^error articles\/a\/index\.md:10 image "missing\.jpg" does not exist \(looked for articles\/a\/missing\.jpg\)$/);
  expect(/^error articles\/a\/index\.md:12 image "ok\.jpg" has no alt text$/);
  expect(/^error articles\/a\/index\.md:14 image "bad\.jpg" cannot be read as an image: .* \(articles\/a\/bad\.jpg\)$/);
  expect(/^error articles\/a\/index\.md:16 image "big\.jpg" is 20 KB, over the 0\.01 MB limit for images \(articles\/a\/big\.jpg\)$/);
  expect(/^error articles\/a\/index\.md:18 attachment "缺少的附件\.pdf" does not exist \(looked for articles\/a\/缺少的附件\.pdf\)$/);
  expect(/^error articles\/a\/index\.md:19 attachment "big\.pdf" is 5 KB, over the 0\.001 MB limit for attachments \(articles\/a\/big\.pdf\)$/);
  expect(/^error articles\/a\/index\.md:23 image "articles\/y\/same\.jpg" would be published at \/dangfeng\/a\/same-\d+w\.jpg, where "articles\/x\/same\.jpg" of articles\/a\/index\.md is published too$/);
  expect(/^error articles\/a\/index\.md:25 attachment "notes\.md" links to a Markdown file/);
  expect(/^error articles\/b\.md:7 attachments "不存在\.docx" does not exist \(looked for articles\/不存在\.docx\)$/);
  expect(/^error articles\/b\.md:8 attachments "photo\.jpg" is not an attachment file beside the article$/);
  expect(/^warning articles\/c\.md:7 image "https:\/\/img\.example\.cn\/a\.jpg" is loaded from another site/);
  assert.equal(problems.filter((problem) => problem.severity === "error").length, 11, lines.join("\n"));
});

test("a file outside the content folder is never published, by a ../ path or by a symlink", async () => {
  const outside = tempDir("portal-media-outside-");
  const dir = makeContent({ rawFiles: { "articles/a.md": `${HEAD}---\n[密码](../../${path.basename(outside)}/secret.txt)\n\n[链接](link.txt)\n` }, pages: false });
  try {
    writeFileSync(path.join(outside, "secret.txt"), "secret");
    symlinkSync(path.join(outside, "secret.txt"), path.join(dir, "articles", "link.txt"));
    const problems = (await loadContent({ contentDir: dir, rootDir: dir })).problems.map((problem) => `${problem.file}:${problem.line} ${problem.message}`);
    assert.deepEqual(problems.sort(), [
      `articles/a.md:7 "../../${path.basename(outside)}/secret.txt" points outside the content folder`,
      'articles/a.md:9 "link.txt" is a link to a file outside the content folder',
    ]);
  } finally {
    removeDir(dir);
    removeDir(outside);
  }
});

test("site files: a logo that is not there, and a site file that would replace a generated one, are reported", async () => {
  const site = { ...bundledSiteData(), logo: "/images/没有.png", publicSecurityBadge: "/logo.png" };
  const problems = await problemsOf({ "static/robots.txt": "User-agent: *\n", "static/about/index.html": "<p>x</p>", "pages/about.md": "---\ntitle: 关于我们\n---\n正文\n" }, site);
  const lines = problems.map((problem) => `${problem.file}:${problem.line} ${problem.field} ${problem.message}`).sort();
  assert.ok(lines.some((line) => /^_data\/site\.json:\d+ logo "\/images\/没有\.png" is not a file in static\//.test(line)), lines.join("\n"));
  assert.ok(lines.some((line) => /^static\/robots\.txt:1 file would replace the generated \/robots\.txt$/.test(line)), lines.join("\n"));
  assert.ok(lines.some((line) => /^pages\/about\.md:\d+ slug would write \/about\/, the address of the site file content\/static\/about\/index\.html$/.test(line)), lines.join("\n"));
  assert.equal(lines.filter((line) => /publicSecurityBadge/.test(line)).length, 0, "a badge that is there is no problem");
});

test("site files: links are refused, never followed (to a file, a folder outside, the site data, a loop), and no site file goes into a folder the generator owns", async () => {
  const outside = tempDir("portal-static-outside-");
  const dir = makeContent({
    rawFiles: { "static/badge.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "static/utf16.svg": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf16le")]), "static/care/index.html": "<p>x</p>", "static/archive/2024/index.html": "x", "static/tags/t-1/index.html": "x", "static/pagefind/pagefind.js": "x", "static/ok/index.html": "<p>ok</p>" },
    pages: false,
  });
  try {
    writeFileSync(path.join(outside, "passwd.txt"), "root:x:0:0");
    symlinkSync(path.join(outside, "passwd.txt"), path.join(dir, "static", "passwd.txt"));
    symlinkSync(outside, path.join(dir, "static", "outside"));
    symlinkSync("../_data", path.join(dir, "static", "data"));
    symlinkSync(".", path.join(dir, "static", "loop"));
    const problems = (await loadContent({ contentDir: dir, rootDir: dir })).problems.map((problem) => `${problem.file}:${problem.line} ${problem.field} ${problem.message}`).sort();
    const link = "file is a link (symlink), and site files are published as they are: a link could publish files from elsewhere on this machine";
    assert.deepEqual(problems, [
      "static/archive/2024/index.html:1 file would replace the date archives under /archive/",
      "static/badge.svg:1 file holds a <script> element, which would run on the portal's own address when the file is opened",
      "static/care/index.html:1 file would replace the 关怀版 pages under /care/",
      `static/data:1 ${link}`,
      `static/loop:1 ${link}`,
      `static/outside:1 ${link}`,
      "static/pagefind/pagefind.js:1 file would replace the search index under /pagefind/",
      `static/passwd.txt:1 ${link}`,
      "static/tags/t-1/index.html:1 file would replace the tag pages under /tags/",
      "static/utf16.svg:1 file holds a <script> element, which would run on the portal's own address when the file is opened",
    ]);
    const files = await listSiteFiles(dir);
    assert.ok(files.includes("ok/index.html") && !files.some((file) => /passwd|outside|data\/|loop/.test(file)), `nothing behind a link is listed for copying: ${files.join(", ")}`);
  } finally {
    removeDir(dir);
    removeDir(outside);
  }
});

test("a photo cut short, an SVG that could run a script, a name starting with a dot or too long for its encoded copies: refused at check, with the file and the line", async () => {
  const jpeg = await drawImage(testSvg(900, 600));
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#36c" } }).png().toBuffer();
  const webp = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#3c6" } }).webp().toBuffer();
  const gif = await sharp({ create: { width: 30, height: 20, channels: 3, background: "#c63" } }).gif().toBuffer();
  const half = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2));
  const svg = (inside: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" viewBox="0 0 40 30">${inside}<rect width="40" height="30" fill="#b00"/></svg>`;
  const longName = `${"图".repeat(64)}.jpg`; // 196 bytes, within the limit of 200, but its encoded copies' names are not
  const images = {
    "whole.jpg": jpeg,
    "trailer.jpg": Buffer.concat([jpeg, Buffer.from("camera trailer after the end marker")]),
    "cut.jpg": half(jpeg),
    "cut.png": half(png),
    "cut.webp": half(webp),
    "cut.gif": half(gif),
    "cut.svg": svg("").slice(0, -8),
    "script.svg": svg("<script>alert(document.domain)</script>"),
    "onload.svg": svg('<g onload="alert(1)"></g>'),
    "entity.svg": svg('<a href="&#106;avascript:alert(1)"><text>x</text></a>'),
    "after-gt.svg": `<svg xmlns="http://www.w3.org/2000/svg" data-x=">" onload="alert(1)" width="10" height="10"><rect width="10" height="10"/></svg>`,
    "dtd.svg": `<!DOCTYPE svg [<!ENTITY s "&#60;script&#62;alert(1)&#60;/script&#62;">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">&s;<rect width="10" height="10"/></svg>`,
    "animate.svg": svg('<a><animate attributeName="href" values="#x;javascript:alert(1)"/><text>x</text></a>'),
    "plain.svg": svg("<!-- <script> in a comment is nothing -->"),
    "illustrator.svg": `<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">]><svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><switch><foreignObject requiredExtensions="&ns_ai;" width="1" height="1"><i>x</i></foreignObject><g><rect width="40" height="30" fill="#b00"/></g></switch></svg>`,
    "prefixed.svg": `<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="10" height="10"><svg:rect width="10" height="10"/></svg:svg>`,
    "crlf.gif": Buffer.concat([gif, Buffer.from("\r\n")]),
    ".hidden.jpg": jpeg,
    [longName]: jpeg,
  };
  const names = Object.keys(images);
  const body = names.map((name) => `![图](${encodeURI(name)})`).join("\n\n") + "\n\n[附件](.secret.pdf)\n";
  const problems = await problemsOf({ "articles/a.md": `${HEAD}---\n${body}`, ...Object.fromEntries(Object.entries(images).map(([name, bytes]) => [`articles/${name}`, bytes])), "articles/.secret.pdf": tinyPdf(["x"]) });
  const byLine = new Map(problems.map((problem) => [problem.line, problem.message]));
  const lineOf = (name: string) => 7 + names.indexOf(name) * 2;
  for (const name of ["whole.jpg", "trailer.jpg", "plain.svg", "illustrator.svg", "prefixed.svg", "crlf.gif"]) assert.equal(byLine.get(lineOf(name)), undefined, `${name} is whole and harmless`);
  for (const [name, format] of [["cut.jpg", "JPEG has no end marker"], ["cut.png", "PNG has no IEND chunk"], ["cut.webp", ""], ["cut.gif", ""], ["cut.svg", ""]] as const) {
    const message = byLine.get(lineOf(name)) ?? "";
    assert.match(message, new RegExp(`^"${name.replace(".", "\\.")}" cannot be read as an image: `), `${name}: ${message}`);
    if (format) assert.ok(message.includes(`the file is cut short (an upload or copy that did not finish): the ${format}`), `${name}: ${message}`);
  }
  assert.match(byLine.get(lineOf("script.svg")) ?? "", /the SVG holds a <script> element, which would run on the portal's own address/);
  assert.match(byLine.get(lineOf("onload.svg")) ?? "", /the SVG holds an event attribute \(onload=\)/);
  assert.match(byLine.get(lineOf("entity.svg")) ?? "", /the SVG holds a javascript: \(or HTML data:\) address/);
  assert.match(byLine.get(lineOf("after-gt.svg")) ?? "", /the SVG holds an event attribute \(onload=\)/, "a > inside an attribute value hides nothing");
  assert.match(byLine.get(lineOf("dtd.svg")) ?? "", /the SVG holds an entity declared to hold markup/);
  assert.match(byLine.get(lineOf("animate.svg")) ?? "", /the SVG holds a javascript: \(or HTML data:\) address/);
  assert.match(byLine.get(lineOf(".hidden.jpg")) ?? "", /^"\.hidden\.jpg" is published as \.hidden\.jpg, a name starting with a dot, which web servers hide from readers$/);
  assert.match(byLine.get(lineOf(longName)) ?? "", /makes a file name of 2\d\d bytes with the width and format its encoded copies add, over the limit of 200$/);
  assert.match(byLine.get(lineOf(longName) + 2) ?? "", /^"\.secret\.pdf" is published as \.secret\.pdf, a name starting with a dot/);
});

test("the completeness check reads JPEG markers past a trailer and PNG chunks past padding, and an animated WebP is published as it is", async () => {
  const jpeg = await drawImage(testSvg(200, 100));
  assert.equal(jpegIsComplete(jpeg), true);
  assert.equal(jpegIsComplete(Buffer.concat([jpeg, Buffer.alloc(100, 0)])), true, "zero padding after the end marker");
  assert.equal(jpegIsComplete(jpeg.subarray(0, jpeg.length - 2)), false, "the end marker cut off");
  const progressive = await sharp(jpeg).jpeg({ progressive: true }).toBuffer();
  assert.equal(jpegIsComplete(progressive), true, "several scans");
  assert.equal(jpegIsComplete(progressive.subarray(0, Math.floor(progressive.length * 0.8))), false);
  const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#000" } }).png().toBuffer();
  assert.equal(pngIsComplete(Buffer.concat([png, Buffer.from("junk")])), true);
  assert.equal(pngIsComplete(png.subarray(0, png.length - 12)), false);

  const animated = await animatedWebp(40, 60);
  assert.equal((await sharp(animated).metadata()).pages, 2);
  const dir = makeContent({ rawFiles: { "articles/a.md": `${HEAD}---\n![动图](anim.webp)\n`, "articles/anim.webp": animated }, pages: false });
  const cache = tempDir("portal-media-cache-");
  try {
    const options = { ...fixtureOptions(dir, { mode: "production" }), cacheDir: cache };
    const portal = await loadPortal(options, () => {});
    assert.equal(portal.articles.length, 1, "the article loaded");
    const out = tempDir("portal-media-out-");
    try {
      await renderPages({ options, portal, outputDir: out });
      const folder = path.join(out, portal.articles[0]?.url ?? "");
      assert.deepEqual(readdirSync(folder).filter((name) => name.startsWith("anim")), ["anim.webp"], "copied, not encoded to one frame");
      assert.ok(readFileSync(path.join(folder, "anim.webp")).equals(animated));
    } finally {
      removeDir(out);
    }
  } finally {
    removeDir(dir);
    removeDir(cache);
  }
});

test("an article keeps its URL when it becomes a folder with its photos", async () => {
  const urls = async (file: string) => {
    const dir = makeContent({ rawFiles: { [file]: `${HEAD}---\n正文。\n` }, pages: false });
    try {
      return (await loadContent({ contentDir: dir, rootDir: dir })).articles.map((item) => item.url);
    } finally {
      removeDir(dir);
    }
  };
  assert.deepEqual(await urls("articles/dangfeng/会议纪要/index.md"), await urls("articles/dangfeng/会议纪要.md"));
  assert.deepEqual(await urls("articles/dangfeng/huiyi-jiyao/index.md"), ["/dangfeng/huiyi-jiyao/"]);
});

test("two workers encoding one photo into one cache at once both get whole files", async () => {
  const cache = tempDir("portal-media-race-");
  const out = tempDir("portal-media-race-out-");
  const source = path.join(out, "src.jpg");
  writeFileSync(source, await solid(900, 600, "#36c"));
  try {
    const jobs = [480, 800].flatMap((width) => ["webp", "jpeg"].map((format) => ({ kind: "encode" as const, from: source, to: `p-${width}w.${format}`, width, format })));
    const a = createPublisher({ cacheDir: cache });
    const b = createPublisher({ cacheDir: cache });
    a.request(jobs, path.join(out, "a"));
    b.request(jobs, path.join(out, "b"));
    const [statsA, statsB] = await Promise.all([a.finish(), b.finish()]);
    assert.equal(statsA.files.length + statsB.files.length, 8);
    for (const job of jobs) {
      const one = readFileSync(path.join(out, "a", job.to));
      assert.ok(one.equals(readFileSync(path.join(out, "b", job.to))), `${job.to} is the same whole file in both`);
      assert.equal((await sharp(one).metadata()).width, job.width);
    }
    assert.deepEqual((readdirSync(cache, { recursive: true }) as string[]).filter((name) => name.endsWith(".tmp")), []);
  } finally {
    removeDir(cache);
    removeDir(out);
  }
});
