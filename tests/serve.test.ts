/** `npm start` builds the content and serves it (on http://localhost:8080 unless --port says otherwise), drafts included; tests/dev.test.ts covers its parts in-process. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../src/bench/dev.ts";
import { ROOT, article, makeContent, removeDir, testCacheDir } from "./helpers/site.ts";


async function waitUntil(check: () => Promise<boolean>, deadline: number, what: string): Promise<void> {
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function fetchWhenUp(url: string, deadline: number): Promise<Response> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer in time: ${String(lastError)}`);
}

test("npm start serves the site with drafts on the port it is given, unminified, follows edits, and shows problems in Chinese", { timeout: 90_000 }, async () => {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const content = makeContent({
    articles: [
      { path: "published.md", frontmatter: article({ title: "已发布文章" }) },
      { path: "draft.md", frontmatter: article({ title: "草稿文章", draft: true }) },
    ],
  });
  // A syntax error in site.json before the very first build: no site data has ever been good.
  const siteFile = path.join(content, "_data", "site.json");
  const siteText = readFileSync(siteFile, "utf8");
  writeFileSync(siteFile, siteText.replace(/"name":/, '"name"'));
  // Detached, so the whole process group (npm, node, the server) can be stopped at the end.
  const server = spawn("npm", ["start", "--", "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_CONTENT: content, PORTAL_CACHE: testCacheDir() },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  server.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const text = async (url: string) => (await fetch(`${base}${url}`)).text();
  try {
    const deadline = Date.now() + 75_000;
    const waiting = await (await fetchWhenUp(`${base}/`, deadline)).text();
    assert.match(waiting, /内容有 1 处问题：网站资料 site\.json 有误，改好并保存后预览自动开始[\s\S]*site\.json:\d+<\/code> <code>json<\/code>（JSON 格式）：JSON 格式错/, "the server is up and says why there is no site yet");
    assert.doesNotMatch(log, /\n\s+at /, "no stack trace");
    writeFileSync(siteFile, siteText);
    await waitUntil(async () => (await text("/")).includes("已发布文章"), deadline, "the site is built once site.json is saved");
    // Eleventy watches from the end of its first build on: edits before that are not seen.
    await waitUntil(async () => log.includes("Watching…"), deadline, "the watcher runs");
    await new Promise((resolve) => setTimeout(resolve, 300));

    const home = await text("/");
    assert.match(home, /草稿文章/, "drafts are listed while editing");
    assert.match(home, /\n\s*</, "not minified");
    assert.doesNotMatch(home, /dev-problems/);
    const draft = await text("/dangfeng/draft/");
    assert.match(draft, /<span class="draft-badge">草稿<\/span>/);
    // Addresses that do not decode, or climb out once decoded, are answered and the server stays up
    // (each one ended Eleventy's dev server before).
    for (const [bad, status] of [["/%", 400], ["/%E0%A4%A", 400], ["/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404], ["/..%2f..%2fetc/passwd", 404]] as const) {
      assert.equal((await fetch(`${base}${bad}`)).status, status, bad);
    }
    assert.match(await text("/"), /已发布文章/, "still serving");
    const css = await fetchWhenUp(`${base}/assets/site.css`, deadline);
    assert.match(css.headers.get("content-type") ?? "", /css/);

    // Editing: the edited page changes; a renamed article moves, and its old address stops being served.
    writeFileSync(path.join(content, "articles", "published.md"), `---\n${Object.entries(article({ title: "改过的标题" })).map(([key, value]) => `${key}: ${String(value)}`).join("\n")}\n---\n\n正文。\n`);
    renameSync(path.join(content, "articles", "draft.md"), path.join(content, "articles", "renamed.md"));
    await waitUntil(async () => (await text("/dangfeng/published/")).includes("改过的标题"), deadline, "the edit shows");
    await waitUntil(async () => (await fetch(`${base}/dangfeng/renamed/`)).ok, deadline, "the renamed article is served at its new address");
    await waitUntil(async () => (await fetch(`${base}/dangfeng/draft/`)).status === 404, deadline, "the old address is gone");
    assert.match(await text("/"), /改过的标题/, "lists show the edit too");

    // A mistake in an article: every page shows it in Chinese, with the guide's advice.
    writeFileSync(path.join(content, "articles", "renamed.md"), `---\n${Object.entries(article({ title: "草稿文章", date: "2024-02-30" })).map(([key, value]) => `${key}: ${String(value)}`).join("\n")}\n---\n\n正文。\n`);
    await waitUntil(async () => /内容有 1 处问题，相关文件暂未显示[\s\S]*renamed\.md:\d+<\/code> <code>date<\/code>（发布时间）：没有这一天或这个时刻/.test(await text("/dangfeng/published/")), deadline, "the article's problem shows on the page");

    // A syntax error in site.json after a good start: every page keeps the last good site data and shows the problem.
    writeFileSync(siteFile, siteText.replace(/"name":/, '"name"'));
    await waitUntil(async () => /内容有 1 处问题：网站资料 site\.json 有误，预览暂用上次正确的网站资料[\s\S]*site\.json:\d+/.test(await text("/dangfeng/published/")), deadline, "the site.json problem shows on the page");
    assert.match(await text("/dangfeng/published/"), /改过的标题/, "over the last good pages");
    writeFileSync(siteFile, siteText);
    writeFileSync(path.join(content, "articles", "renamed.md"), `---\n${Object.entries(article({ title: "草稿文章" })).map(([key, value]) => `${key}: ${String(value)}`).join("\n")}\n---\n\n正文。\n`);
    await waitUntil(async () => !(await text("/dangfeng/published/")).includes("内容有"), deadline, "the box goes once everything is fixed");
    await waitUntil(async () => log.includes("every problem is fixed"), deadline, "the terminal says the last problem is fixed");
  } catch (error) {
    throw new Error(`${String(error)}\n--- server log ---\n${log}`);
  } finally {
    if (server.exitCode === null && server.pid) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      process.kill(-server.pid, "SIGTERM");
      await exited;
    }
    removeDir(content);
  }
});
