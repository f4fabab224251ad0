/**
 * Content safety (issue "Content safety"): broken articles stop the build without touching the
 * published site and are named with their field; hostile but valid articles build into inert
 * pages; drafts and future articles stay out of production; BOM/CRLF files and unknown keys are
 * accepted.
 *
 * Fixtures: tests/fixtures/broken/ (cases.json: file -> the field the error must name) and
 * tests/fixtures/hostile/ (cases.json: file -> the article URL and the text readers must see).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadContent } from "../src/content/load.ts";
import { buildSite } from "../src/build.ts";
import { errorsIn, formatProblem, type Problem } from "../src/content/problems.ts";
import { checkSite } from "../src/inspect/run.ts";
import { BUNDLED_CONTENT, ROOT, article, buildFixture, bundledSiteData, fixtureOptions, makeContent, removeDir, tempDir, type BuiltSite } from "./helpers/site.ts";
import { visibleLines } from "./helpers/text.ts";
import {
  BROKEN_DIR,
  HOSTILE_DIR,
  attr,
  htmlElements,
  htmlFiles,
  leftoversBeside,
  publishBundledSite,
  readManifest,
  reportedProblems,
  runCheckInProcess,
  runCli,
  scriptRisks,
  snapshot,
  snapshotDiff,
  type BrokenCase,
  type HostileCase,
  type RunResult,
} from "./helpers/safety.ts";

const brokenCases = readManifest<BrokenCase>(BROKEN_DIR);
const hostileCases = readManifest<HostileCase>(HOSTILE_DIR);

/** The broken files, grouped: a case and the files it needs beside it (a URL clash needs two). */
function brokenGroups(): string[][] {
  const groups = new Map<string, string[]>();
  for (const [file, spec] of Object.entries(brokenCases)) {
    const files = [file, ...(spec.together ?? [])].sort();
    groups.set(files.join("+"), files);
  }
  return [...groups.values()];
}

/** Where broken files go inside a content folder. */
const BROKEN_SUBDIR = "articles/broken";

function addBrokenFiles(contentDir: string, files: readonly string[]): void {
  mkdirSync(path.join(contentDir, BROKEN_SUBDIR), { recursive: true });
  for (const file of files) cpSync(path.join(BROKEN_DIR, file), path.join(contentDir, BROKEN_SUBDIR, file));
}

const exitedWithError = (result: RunResult) => result.code !== null && result.code !== 0;

/**
 * The problems reported for a case name each broken file with its expected field, and nothing
 * else: each fixture is otherwise valid, so exactly the intended problem may be reported.
 */
function assertReportsExactly(problems: readonly Problem[], files: readonly string[]): void {
  const shown = problems.map(formatProblem).join("\n");
  const errors = problems.filter((problem) => problem.severity === "error");
  const field = brokenCases[files[0] as string]?.field as string;
  for (const file of files) assert.ok(shown.includes(`${BROKEN_SUBDIR}/${file}`), `must name ${BROKEN_SUBDIR}/${file}\n${shown}`);
  assert.ok(errors.length > 0, `no error reported\n${shown}`);
  for (const error of errors) {
    assert.ok(files.some((file) => error.file.endsWith(`${BROKEN_SUBDIR}/${file}`)), `a problem in a file that is not broken: ${formatProblem(error)}`);
    assert.equal(error.field, field, `must name the field ${field}: ${formatProblem(error)}`);
    assert.ok(error.line >= 1 && error.message && error.fix, `line, message and fix: ${formatProblem(error)}`);
  }
  if (files.length === 1) {
    assert.equal(errors.length, 1, `exactly one problem for ${files[0]}\n${shown}`);
  } else {
    assert.ok(errors.some((error) => files.every((file) => formatProblem(error).includes(file))), `all of ${files.join(", ")} named in one message\n${shown}`);
  }
  const warnings = problems.filter((problem) => problem.severity === "warning");
  assert.deepEqual(warnings.map(formatProblem), [], "the broken fixtures must not raise warnings besides their one error");
}

describe("broken articles: named with file, line and field, the published site untouched", { concurrency: 4 }, () => {
  let goodContent = "";
  let goodParent = "";
  let goodOutput = "";
  let goodSnapshot = new Map<string, string>();
  const cleanup: string[] = [];

  before(async () => {
    ({ content: goodContent, parent: goodParent, output: goodOutput, snapshot: goodSnapshot } = await publishBundledSite("portal-good-"));
  });

  after(() => {
    for (const dir of [goodContent, goodParent, ...cleanup]) if (dir) removeDir(dir);
  });

  /** A copy of the good content plus `files`, and a copy of the good output to build over. */
  function brokenSetup(files: readonly string[]) {
    const content = tempDir("portal-broken-content-");
    cpSync(goodContent, content, { recursive: true });
    addBrokenFiles(content, files);
    const parent = tempDir("portal-broken-out-");
    const output = path.join(parent, "_site");
    cpSync(goodOutput, output, { recursive: true });
    cleanup.push(content, parent);
    return { content, output };
  }

  function assertUntouched(output: string): void {
    const after = snapshot(output);
    assert.deepEqual(after, goodSnapshot, `the published site changed:\n${snapshotDiff(goodSnapshot, after)}`);
    assert.deepEqual(leftoversBeside(output), [], "no temporary folder may be left beside the output");
  }

  test("the corpus has at least 15 distinct broken files, each listed in cases.json", () => {
    const files = readdirSync(BROKEN_DIR).filter((name) => name.endsWith(".md")).sort();
    assert.deepEqual(Object.keys(brokenCases).sort(), files, "cases.json lists exactly the .md files of the corpus");
    assert.ok(files.length >= 15, `${files.length} broken files`);
    const bodies = new Set(files.map((file) => readFileSync(path.join(BROKEN_DIR, file)).toString("hex")));
    assert.equal(bodies.size, files.length, "every broken file is distinct");
    for (const [file, spec] of Object.entries(brokenCases)) {
      assert.ok(spec.field && spec.why, `${file}: field and why`);
      for (const other of spec.together ?? []) assert.ok(other in brokenCases, `${file}: together names a listed file`);
    }
  });

  test("the GBK fixture really is GBK (标题 as B1 EA CC E2), not UTF-8", () => {
    const bytes = readFileSync(path.join(BROKEN_DIR, "gbk-encoded.md"));
    assert.ok(bytes.includes(Buffer.from([0xb1, 0xea, 0xcc, 0xe2])), "标题 in GBK");
    assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes), "must not decode as UTF-8");
  });

  // Each case is validated in-process, through the same loadContent that `npm run check` and the
  // build call, in a content folder of its own: the bundled site data, static pages and site
  // files, and only the case's files (a URL clash brings its other half); the bundled articles,
  // which pass, are left out. The two commands themselves run once, over all the cases together
  // and the bundled articles, below.
  for (const files of brokenGroups()) {
    const spec = brokenCases[files[0] as string] as BrokenCase;
    test(`${files.join(" + ")}: ${spec.field} (${spec.why})`, async () => {
      const content = makeContent();
      addBrokenFiles(content, files);
      try {
        const result = await loadContent({ contentDir: content, rootDir: content });
        assertReportsExactly(result.problems, files);
      } finally {
        removeDir(content);
      }
    });
  }

  // The two commands themselves, as processes, over every broken file at once (and `npm run
  // check`'s command in-process over the bundled content, which passes). Merged from
  // content.test's "npm run check lists every problem and exits 1; the bundled content passes":
  // its two files (an empty title, a date written 2024-5-20) come along, outside the corpus
  // folder, with their exact lines.
  test("all broken files at once: build and check each name every one of them, the site untouched; npm run check lists every problem and exits 1, and the bundled content passes", async () => {
    const all = Object.keys(brokenCases).sort();
    const { content, output } = brokenSetup(all);
    writeFileSync(path.join(content, "articles", "one.md"), "---\ntitle: \ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n---\n");
    writeFileSync(path.join(content, "articles", "two.md"), "---\ntitle: 标题\ndate: 2024-5-20\ncolumn: 党风政风\neditor: 王伟\n---\n");
    const [build, check, good] = await Promise.all([
      runCli("build", { PORTAL_CONTENT: content, PORTAL_OUTPUT: output }),
      runCli("check", { PORTAL_CONTENT: content }),
      // In-process: the two spawned ones show that the commands work as processes.
      runCheckInProcess({ PORTAL_CONTENT: BUNDLED_CONTENT }),
    ]);
    for (const [command, result] of [["build", build], ["check", check]] as const) {
      assert.ok(exitedWithError(result), `${command} must exit non-zero\n${result.stderr}`);
      assert.doesNotMatch(result.stderr, /^\s+at /m, `${command}: problem lines, never a stack trace\n${result.stderr}`);
      const errors = reportedProblems(result.stderr).filter((problem) => !problem.warning);
      const missing = all.filter((file) => !result.stderr.includes(`${BROKEN_SUBDIR}/${file}`));
      assert.deepEqual(missing, [], `${command}: every broken file is named in the one run`);
      for (const file of all) {
        const field = brokenCases[file]?.field;
        const named = errors.some((error) => error.field === field && error.text.includes(`${BROKEN_SUBDIR}/${file}`));
        assert.ok(named, `${command}: ${file} must be named with the field ${field}\n${result.stderr}`);
      }
      // Paths relative to the project, each at its line.
      const relative = path.relative(ROOT, content);
      assert.match(result.stderr, new RegExp(`^${relative}/articles/one\\.md:2  title  is empty`, "m"), command);
      assert.match(result.stderr, new RegExp(`^${relative}/articles/two\\.md:3  date  "2024-5-20"`, "m"), command);
    }
    assert.equal(check.code, 1, check.stderr);
    const checkErrors = reportedProblems(check.stderr).filter((problem) => !problem.warning);
    const checkWarnings = reportedProblems(check.stderr).filter((problem) => problem.warning);
    assert.match(check.stderr, new RegExp(`^${checkErrors.length} error\\(s\\) in ${new Set(checkErrors.map((problem) => problem.file)).size} file\\(s\\), ${checkWarnings.length} warning\\(s\\)\\. Fix them`, "m"), "the summary counts every problem line");
    assert.deepEqual(
      reportedProblems(check.stderr).filter((problem) => !problem.warning).map((problem) => problem.text).sort(),
      reportedProblems(build.stderr).filter((problem) => !problem.warning).map((problem) => problem.text).sort(),
      "check and build report the same problems",
    );
    assertUntouched(output);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /^OK: site data, \d+ articles and 3 pages checked/);
  });
});

// ---------------------------------------------------------------------------------------------

test("the inertness checker itself catches live markup and ignores escaped text", () => {
  const live = [
    '<script>alert(1)</script>',
    '<script src="https://evil.example/x.js"></script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<p title="x" onclick=\'alert(1)\'>x</p>',
    '<script type="application/ld+json">{"a":"</b>"}</script>',
  ];
  for (const html of live) assert.notDeepEqual(scriptRisks(`<p>ok</p>${html}`), [], `must catch ${html}`);
  const inert = [
    '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>',
    '<meta name="description" content="&lt;svg onload=alert(1)&gt;"><title>&lt;/title&gt;&lt;script&gt;</title>',
    '<a href="https://example.org/?q=%22%3E%3Cscript%3E" rel="noopener">ok</a>',
    '<script src="/assets/enhance.0123abcd.js" defer></script><script type="application/ld+json">{"a":"\\u003c/script\\u003e"}</script>',
    '<!-- <script>alert(1)</script> --><textarea><script>alert(1)</script></textarea>',
  ];
  for (const html of inert) assert.deepEqual(scriptRisks(html), [], `must accept ${html}`);
});

describe("hostile but valid articles build into inert pages", () => {
  let content = "";
  let site: BuiltSite;

  before(async () => {
    const rawFiles: Record<string, Buffer> = {};
    for (const file of Object.keys(hostileCases)) rawFiles[`articles/hostile/${file}`] = readFileSync(path.join(HOSTILE_DIR, file));
    content = makeContent({ rawFiles, articles: [{ path: "dangfeng/plain.md", frontmatter: article({ slug: "plain-article", tags: ["基层治理"] }) }] });
    site = await buildFixture(content, { mode: "production" });
  });

  after(() => {
    removeDir(content);
    if (site) removeDir(site.outputDir);
  });

  test("the corpus has at least 6 hostile files, each listed in cases.json", () => {
    const files = readdirSync(HOSTILE_DIR).filter((name) => /\.md$/i.test(name)).sort();
    assert.deepEqual(Object.keys(hostileCases).sort(), files);
    assert.ok(files.length >= 6, `${files.length} hostile files`);
  });

  for (const [file, spec] of Object.entries(hostileCases)) {
    test(`${file}: ${spec.why}`, () => {
      const pageFile = `${spec.url.replace(/^\//, "")}index.html`;
      assert.ok(site.files.includes(pageFile), `${file} must build into ${pageFile}`);
      const html = site.page(spec.url);
      assert.deepEqual(scriptRisks(html), [], `${spec.url} must be inert`);
      // The same, read as plain text the way a grep would.
      assert.equal((html.match(/<script/gi) ?? []).length, 2, "only the site's enhance.js and the ld+json <script>");
      assert.match(html, /<script src="[^"]*\/assets\/enhance\.[0-9a-f]+\.js"/);
      assert.doesNotMatch(html, /<iframe/i);
      // Inside a real tag (escaped text has &lt; instead of <).
      assert.doesNotMatch(html, /<[a-z][^<>]*\s(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):/i);
      // The text itself is still there for readers, escaped.
      const text = visibleLines(html).join("\n");
      for (const visible of spec.visible) assert.ok(text.includes(visible), `readers must see ${JSON.stringify(visible)} on ${spec.url}\n${text}`);
      for (const raw of spec.raw ?? []) assert.ok(html.includes(raw), `the page source must carry ${JSON.stringify(raw)}`);
    });
  }

  test("frontmatter text reaches the JSON-LD and the meta tags unchanged, not double-escaped", () => {
    const html = site.page("/dangfeng/hostile-frontmatter-fields/");
    const elements = htmlElements(html);
    const ld = elements.find((element) => element.name === "script" && attr(element, "type") === "application/ld+json");
    assert.ok(ld, "the ld+json script");
    const data = JSON.parse(ld.text ?? "") as { headline: string; author: { name: string }; editor: { name: string } };
    assert.equal(data.headline, '标题</script><script>alert(1)</script>"><svg onload=alert(1)>');
    assert.equal(data.author.name, '作者</script><script>alert(1)</script>"><svg onload=alert(1)>');
    assert.equal(data.editor.name, '编辑"><svg onload=alert(1)>');
    const title = elements.find((element) => element.name === "title");
    assert.ok(title?.text?.includes("标题&lt;/script&gt;"), `<title> escapes the headline: ${title?.text}`);
    const description = elements.find((element) => element.name === "meta" && attr(element, "name") === "description");
    assert.equal(attr(description ?? { name: "", attrs: [] }, "content"), '摘要</script><script>alert(1)</script>"><svg onload=alert(1)> & </title><script>alert(2)</script>');
  });

  test("an originalUrl with quotes stays one href attribute holding the whole address", () => {
    for (const [file, url] of [
      ["original-url-quote.md", "https://evil.example/it's?a='onmouseover='alert(1)'"],
      ["original-url-angle.md", 'https://evil.example/"><script>alert(1)</script>'],
      ["original-url-encoded.md", "https://evil.example/news?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&x=1"],
    ] as const) {
      const html = site.page(hostileCases[file]?.url ?? "");
      const links = htmlElements(html).filter((element) => element.name === "a" && attr(element, "href") === url);
      assert.equal(links.length, 1, `${file}: one link to the original, href exactly the address`);
      assert.deepEqual(links[0]?.attrs.map(([key]) => key).sort(), ["href", "rel"], `${file}: no attribute smuggled in`);
    }
  });

  test("the safe link in the hostile Markdown survives, with rel=noopener", () => {
    const html = site.page("/dangfeng/hostile-markdown-links/");
    const links = htmlElements(html).filter((element) => element.name === "a" && attr(element, "href") === "https://www.gov.cn/");
    assert.equal(links.length, 1, "the https link is kept");
    assert.match(attr(links[0] as (typeof links)[number], "rel") ?? "", /noopener/);
  });

  test("Nunjucks syntax in content is never run", () => {
    const html = site.page("/dangfeng/hostile-template-syntax/");
    assert.doesNotMatch(html, /模板49/);
    assert.ok(!visibleLines(html).some((line) => /正文 49 与/.test(line)), "{{ 7*7 }} in the body is text");
  });

  test("every HTML page of the hostile site is inert, and feed and sitemap carry no markup", () => {
    const pages = htmlFiles(site.outputDir);
    assert.ok(pages.length > 10, `${pages.length} HTML pages`);
    const risky = pages.flatMap((page) => scriptRisks(site.read(page)).map((risk) => `${page}: ${risk}`));
    assert.deepEqual(risky, []);
    for (const xml of site.files.filter((file) => file.endsWith(".xml"))) {
      assert.doesNotMatch(site.read(xml), /<(script|svg|img|iframe|a)\b/i, `${xml} must carry the hostile text escaped`);
    }
  });

  test("every feed and sitemap of the hostile site is well-formed XML to a real XML parser (xmllint)", () => {
    const xmlFiles = site.files.filter((file) => file.endsWith(".xml"));
    assert.ok(xmlFiles.includes("feed.xml") && xmlFiles.includes("sitemap.xml") && xmlFiles.includes("dangfeng/feed.xml"), xmlFiles.join(", "));
    const lint = spawnSync("xmllint", ["--noout", ...xmlFiles.map((file) => path.join(site.outputDir, file))], { encoding: "utf8" });
    assert.ok(!lint.error, `xmllint is needed: apt-get install -y libxml2-utils (${lint.error?.message})`);
    assert.equal(lint.status, 0, `xmllint rejects the output:\n${lint.stderr}`);
  });

  test("every HTML page has a Content-Security-Policy meta: script-src 'self', no 'unsafe-inline'", () => {
    for (const page of htmlFiles(site.outputDir)) {
      const metas = htmlElements(site.read(page)).filter(
        (element) => element.name === "meta" && (attr(element, "http-equiv") ?? "").toLowerCase() === "content-security-policy",
      );
      assert.equal(metas.length, 1, `${page}: one CSP meta`);
      const policy = attr(metas[0] as (typeof metas)[number], "content") ?? "";
      const directives = new Map(policy.split(";").map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map((words) => [words[0]?.toLowerCase(), words.slice(1)]));
      const scriptSrc = directives.get("script-src");
      assert.ok(scriptSrc, `${page}: CSP has script-src: ${policy}`);
      assert.ok(scriptSrc.includes("'self'"), `${page}: script-src 'self': ${policy}`);
      for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"]) {
        assert.ok(!scriptSrc.includes(loose), `${page}: script-src must not allow ${loose}: ${policy}`);
      }
      assert.ok(!policy.includes("'unsafe-inline'"), `${page}: no 'unsafe-inline' anywhere: ${policy}`);
    }
  });
});

test("no template has an inline script, an event handler attribute or a javascript: URL", () => {
  const dir = path.join(ROOT, "templates");
  const templates = (readdirSync(dir, { recursive: true }) as string[]).filter((file) => /\.(njk|html|md|liquid)$/.test(file));
  assert.ok(templates.length > 5);
  for (const file of templates) {
    const source = readFileSync(path.join(dir, file), "utf8");
    const opening = source.match(/<script\b/gi) ?? [];
    const scripts = [...source.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
    assert.equal(scripts.length, opening.length, `${file}: every <script> is closed`);
    for (const [whole, attrs = "", body = ""] of scripts) {
      if (/\ssrc\s*=/i.test(attrs)) {
        assert.equal(body.trim(), "", `${file}: a <script src> has no body: ${whole}`);
      } else {
        assert.match(attrs, /\stype\s*=\s*"application\/ld\+json"/, `${file}: an inline <script> must be the ld+json one: ${whole}`);
        assert.match(body, /^\s*\{\{[^{}]*\|\s*\w*Json\w*(\([^()]*\))?\s*\|\s*safe\s*\}\}\s*$/, `${file}: the ld+json body is only the script-safe JSON filter: ${whole}`);
      }
    }
    assert.doesNotMatch(source, /<[a-z][^>]*\son[a-z]+\s*=/i, `${file}: no on…= event handler attributes`);
    assert.doesNotMatch(source, /javascript:/i, `${file}: no javascript: URLs`);
  }
});

// ---------------------------------------------------------------------------------------------

test("drafts and future articles: left out of production with a one-line count, shown in development", async () => {
  const content = makeContent({
    articles: [
      { path: "dangfeng/published.md", frontmatter: article({ title: "已发布的文章", slug: "published-article" }) },
      { path: "dangfeng/draft.md", frontmatter: article({ title: "草稿文章标题", slug: "draft-held-back", draft: true }) },
      { path: "dangfeng/future.md", frontmatter: article({ title: "未来文章标题", slug: "future-held-back", date: "2026-03-01 09:00" }) },
    ],
  });
  const parent = tempDir("portal-drafts-");
  const output = path.join(parent, "_site");
  let dev: BuiltSite | undefined;
  try {
    // In-process, with the log lines npm run build prints (the command itself is run in the tests above and in atomic-build).
    const logged: string[] = [];
    const result = await buildSite({ options: fixtureOptions(content), outputDir: output, workers: 0, useCache: false, log: (line) => logged.push(line) });
    assert.ok(result.ok, logged.join("\n"));
    const files = readdirSync(output, { recursive: true }) as string[];
    assert.ok(existsSync(path.join(output, "dangfeng", "published-article", "index.html")));
    for (const slug of ["draft-held-back", "future-held-back"]) {
      assert.ok(!existsSync(path.join(output, "dangfeng", slug)), `${slug} must not be published`);
    }
    for (const file of files.filter((entry) => /\.(html|xml|json|txt)$/.test(entry))) {
      const text = readFileSync(path.join(output, file), "utf8");
      for (const leak of ["draft-held-back", "future-held-back", "草稿文章标题", "未来文章标题"]) {
        assert.ok(!text.includes(leak), `${file} must not mention ${leak}`);
      }
    }
    const heldBack = logged.filter((line) => line.startsWith("[portal] held back"));
    assert.equal(heldBack.length, 1, `one "[portal] held back" line:\n${logged.join("\n")}`);
    assert.match(heldBack[0] ?? "", /\b1 draft/);
    assert.match(heldBack[0] ?? "", /\b1 article.*future|future.*\b1\b/);

    dev = await buildFixture(content, { mode: "development" });
    assert.ok(dev.files.includes("dangfeng/draft-held-back/index.html"), "development shows the draft");
    assert.ok(dev.files.includes("dangfeng/future-held-back/index.html"), "development shows the future article");
    assert.ok(visibleLines(dev.page("/dangfeng/draft-held-back/")).some((line) => line.includes("草稿文章标题")));
  } finally {
    removeDir(content);
    removeDir(parent);
    if (dev) removeDir(dev.outputDir);
  }
});

// Merged from content.test's "BOM and CRLF are accepted; GBK is reported as not UTF-8; broken YAML
// names its line" and this file's "a UTF-8 file with a BOM and CRLF line endings builds and shows its title".
test("BOM and CRLF are accepted: the file checks clean, builds and shows its title; GBK is reported as not UTF-8; broken YAML names its line", async () => {
  const bytes = Buffer.from(
    "\ufeff---\r\ntitle: 带BOM和CRLF的文章\r\ndate: 2024-05-20 10:30\r\ncolumn: 党风政风\r\neditor: 王伟\r\nslug: bom-crlf\r\ntags: [基层治理]\r\n---\r\n\r\n第一段正文。\r\n\r\n第二段正文。\r\n",
    "utf8",
  );
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const gbkTitle = Buffer.from([0xb1, 0xea, 0xcc, 0xe2]); // 标题 in GBK
  const mixed = makeContent({
    pages: false,
    rawFiles: {
      "articles/bom-crlf.md": bytes,
      "articles/gbk.md": Buffer.concat([Buffer.from("---\ntitle: "), gbkTitle, Buffer.from("\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\n---\n")]),
      "articles/yaml.md": "---\ntitle: 标题\ndate: 2024-05-20\ncolumn: [党风政风\neditor: 王伟\n---\n正文\n",
    },
  });
  const content = makeContent({ rawFiles: { "articles/bom-crlf.md": bytes } });
  let site: BuiltSite | undefined;
  try {
    const loaded = await loadContent({ contentDir: mixed, rootDir: mixed });
    assert.deepEqual(loaded.articles.map((a) => a.data.title), ["带BOM和CRLF的文章"]);
    const byFile = new Map(loaded.problems.map((problem) => [problem.file, problem]));
    assert.match(byFile.get("articles/gbk.md")?.message ?? "", /not UTF-8.*GBK/);
    assert.equal(byFile.get("articles/gbk.md")?.field, "file");
    assert.equal(byFile.get("articles/yaml.md")?.field, "frontmatter");
    assert.match(byFile.get("articles/yaml.md")?.message ?? "", /YAML does not parse/);
    assert.ok((byFile.get("articles/yaml.md")?.line ?? 0) >= 4, "the line of the broken YAML or after it");
    assert.equal(byFile.has("articles/bom-crlf.md"), false, "the BOM/CRLF file has no problem");

    // What npm run check runs (checkSite): no error, so it would exit 0.
    const check = await checkSite(fixtureOptions(content));
    assert.deepEqual(errorsIn(check.findings).map(formatProblem), []);
    site = await buildFixture(content, { mode: "production" });
    const html = site.page("/dangfeng/bom-crlf/");
    const lines = visibleLines(html);
    assert.ok(lines.includes("带BOM和CRLF的文章"), lines.join("\n"));
    assert.ok(lines.some((line) => line.includes("2024-05-20 10:30")));
    assert.ok(lines.includes("第一段正文。") && lines.includes("第二段正文。"));
    assert.ok(!html.includes("\ufeff") && !html.includes("\r"), "no BOM or CR reaches the page");
  } finally {
    removeDir(mixed);
    removeDir(content);
    if (site) removeDir(site.outputDir);
  }
});

// Merged from content.test's "unknown keys are warnings; the article still loads" and this file's
// "an unknown key is a warning naming the file and the key; the build still succeeds" (which ran
// npm run build and npm run check; here the same functions run in-process).
test("an unknown key is a warning naming the file, the key and its line; the article loads, check passes and the build succeeds", async () => {
  // One column, the article's: an empty column would be a warning of its own (空白栏目).
  const site = bundledSiteData();
  site.columns = (site.columns as { name: string }[]).filter((column) => column.name === "党风政风");
  const content = makeContent({
    site,
    rawFiles: {
      "articles/typo/unknown-key.md": "---\ntitle: 键名拼错的文章\ndate: 2024-05-20\ncolumn: 党风政风\neditor: 王伟\ncolum: 党风政风\nslug: unknown-key\n---\n\n正文。\n",
    },
  });
  const parent = tempDir("portal-unknown-");
  const output = path.join(parent, "_site");
  try {
    const loaded = await loadContent({ contentDir: content, rootDir: content });
    assert.equal(loaded.articles.length, 1);
    assert.deepEqual(loaded.problems.map((problem) => [problem.severity, problem.file, problem.field, problem.line]), [["warning", "articles/typo/unknown-key.md", "colum", 6]]);

    const check = await checkSite(fixtureOptions(content));
    const logged: string[] = [];
    const build = await buildSite({ options: fixtureOptions(content), outputDir: output, workers: 0, useCache: false, log: (line) => logged.push(line) });
    assert.ok(build.ok, logged.join("\n"));
    for (const [command, lines] of [["check", check.findings.map(formatProblem)], ["build", logged]] as const) {
      const problems = reportedProblems(lines.join("\n"));
      const warnings = problems.filter((problem) => problem.warning);
      assert.equal(warnings.length, 1, `${command}: one warning\n${lines.join("\n")}`);
      assert.ok(warnings[0]?.file.endsWith("articles/typo/unknown-key.md"), warnings[0]?.text);
      assert.equal(warnings[0]?.field, "colum", warnings[0]?.text);
      assert.equal(problems.filter((problem) => !problem.warning).length, 0);
    }
    assert.ok(existsSync(path.join(output, "dangfeng", "unknown-key", "index.html")));
  } finally {
    removeDir(content);
    removeDir(parent);
  }
});

// ---------------------------------------------------------------------------------------------

test("file-system hazards under articles/ are named and never followed: links to . .. and /, a link loop, a FIFO, a folder named x.md", { timeout: 60_000 }, async () => {
  const content = makeContent({ articles: [{ path: "good.md", frontmatter: article({ title: "正常文章" }) }] });
  const outside = tempDir("portal-outside-");
  const articles = path.join(content, "articles");
  const at = (name: string) => path.join(articles, name);
  try {
    writeFileSync(path.join(outside, "elsewhere.md"), `---\n${Object.entries(article({ title: "外部文章" })).map(([k, v]) => `${k}: ${String(v)}`).join("\n")}\n---\n\n正文。\n`);
    symlinkSync(".", at("loop-dot"));
    symlinkSync("..", at("loop-up"));
    symlinkSync("/", at("root"));
    symlinkSync("self.md", at("self.md"));
    symlinkSync("nowhere.md", at("dangling.md"));
    symlinkSync(path.join(outside, "elsewhere.md"), at("outside.md"));
    symlinkSync("good.md", at("alias.md"));
    mkdirSync(at("folder.md"));
    writeFileSync(at("folder.md/inner.md"), readFileSync(at("good.md")));
    const fifo = spawnSync("mkfifo", [at("pipe.md")], { encoding: "utf8" });
    assert.equal(fifo.status, 0, `mkfifo (coreutils) is needed for this test: apt-get install -y coreutils\n${fifo.stderr}`);
    // Editors' leftovers: skipped without a word, even when they are broken.
    symlinkSync("helper@host.1234:1700000000", at(".#good.md"));
    writeFileSync(at("good.md~"), "not an article");
    writeFileSync(at("._good.md"), Buffer.from([0x00, 0x05, 0x16, 0x07, 0xff]));
    writeFileSync(at(".hidden.md"), "not an article");
    writeFileSync(at("#good.md#"), "not an article");
    writeFileSync(at("~$good.md"), "not an article");

    const result = await loadContent({ contentDir: content, rootDir: content });
    const byFile = new Map(result.problems.map((problem) => [problem.file, problem]));
    const expected: Record<string, RegExp> = {
      "articles/loop-dot": /link to a folder/,
      "articles/loop-up": /link to a folder/,
      "articles/root": /link to a folder/,
      "articles/self.md": /loop/,
      "articles/dangling.md": /does not exist/,
      "articles/outside.md": /outside the content folder/,
      "articles/folder.md": /is a folder/,
      "articles/pipe.md": /named pipe/,
    };
    for (const [file, message] of Object.entries(expected)) {
      const problem = byFile.get(file);
      assert.ok(problem, `${file} must be reported:\n${result.problems.map(formatProblem).join("\n")}`);
      assert.equal(problem.severity, "error");
      assert.equal(problem.field, "file");
      assert.match(problem.message, message);
      assert.ok(problem.fix.length > 0);
    }
    assert.deepEqual([...byFile.keys()].sort(), Object.keys(expected).sort(), "nothing else is reported (leftovers are skipped)");
    assert.deepEqual(result.articles.map((item) => item.file).sort(), ["articles/alias.md", "articles/folder.md/inner.md", "articles/good.md"], "regular files and links inside the tree are read, once each");

    // What npm run check runs (checkSite, inspection included): it ends (no hang on the pipe or the
    // loops) with problem lines, so the command exits 1; the command itself is run in the tests above.
    const check = await checkSite(fixtureOptions(content));
    const shown = check.findings.map(formatProblem).join("\n");
    assert.ok(errorsIn(check.findings).length > 0, shown);
    assert.doesNotMatch(shown, /EISDIR|ENOENT|ELOOP|^\s+at /m, "problem lines, not a raw error");
    for (const file of Object.keys(expected)) assert.ok(shown.includes(`${file}:1  file  `), `check names ${file}\n${shown}`);
  } finally {
    removeDir(content);
    removeDir(outside);
  }
});
