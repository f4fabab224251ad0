/** `npm start` builds the content and serves it (on http://localhost:8080 unless --port says otherwise), drafts included. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../src/bench/dev.ts";
import { ROOT, article, makeContent, removeDir } from "./helpers/site.ts";


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

test("npm start serves the site with drafts on the port it is given, unminified", { timeout: 60_000 }, async () => {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const content = makeContent({
    articles: [
      { path: "published.md", frontmatter: article({ title: "已发布文章" }) },
      { path: "draft.md", frontmatter: article({ title: "草稿文章", draft: true }) },
    ],
  });
  // Detached, so the whole process group (npm, node, the server) can be stopped at the end.
  const server = spawn("npm", ["start", "--", "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_CONTENT: content },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  server.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  try {
    const deadline = Date.now() + 45_000;
    const home = await (await fetchWhenUp(`${base}/`, deadline)).text();
    assert.match(home, /已发布文章/);
    assert.match(home, /草稿文章/, "drafts are listed while editing");
    assert.match(home, /\n\s*</, "not minified");
    const draft = await (await fetchWhenUp(`${base}/dangfeng/draft/`, deadline)).text();
    assert.match(draft, /<span class="draft-badge">草稿<\/span>/);
    const css = await fetchWhenUp(`${base}/assets/site.css`, deadline);
    assert.match(css.headers.get("content-type") ?? "", /css/);

    // Editing: the edited page changes; a renamed article moves, and its old address stops being served.
    writeFileSync(path.join(content, "articles", "published.md"), `---\n${Object.entries(article({ title: "改过的标题" })).map(([key, value]) => `${key}: ${String(value)}`).join("\n")}\n---\n\n正文。\n`);
    renameSync(path.join(content, "articles", "draft.md"), path.join(content, "articles", "renamed.md"));
    await waitUntil(async () => (await (await fetch(`${base}/dangfeng/published/`)).text()).includes("改过的标题"), deadline, "the edit shows");
    await waitUntil(async () => (await fetch(`${base}/dangfeng/renamed/`)).ok, deadline, "the renamed article is served at its new address");
    await waitUntil(async () => (await fetch(`${base}/dangfeng/draft/`)).status === 404, deadline, "the old address is gone");
    assert.match(await (await fetch(`${base}/`)).text(), /改过的标题/, "lists show the edit too");

    // A syntax error in site.json: every page keeps the last good site data and shows the problem.
    const siteFile = path.join(content, "_data", "site.json");
    const siteText = readFileSync(siteFile, "utf8");
    writeFileSync(siteFile, siteText.replace(/"name":/, '"name"'));
    await waitUntil(async () => /内容有 1 处问题[\s\S]*site\.json:\d+/.test(await (await fetch(`${base}/dangfeng/published/`)).text()), deadline, "the site.json problem shows on the page");
    writeFileSync(siteFile, siteText);
    await waitUntil(async () => !(await (await fetch(`${base}/dangfeng/published/`)).text()).includes("内容有"), deadline, "the banner goes once it is fixed");
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
