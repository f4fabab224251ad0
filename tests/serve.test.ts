/** `npm start` builds the content and serves it on http://localhost:8080, drafts included. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { ROOT, article, makeContent, removeDir } from "./helpers/site.ts";

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

test("npm start serves the site with drafts on port 8080, unminified", { timeout: 60_000 }, async () => {
  const content = makeContent({
    articles: [
      { path: "published.md", frontmatter: article({ title: "已发布文章" }) },
      { path: "draft.md", frontmatter: article({ title: "草稿文章", draft: true }) },
    ],
  });
  // Detached, so the whole process group (npm, node, the server) can be stopped at the end.
  const server = spawn("npm", ["start"], {
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
    const home = await (await fetchWhenUp("http://localhost:8080/", deadline)).text();
    assert.match(home, /已发布文章/);
    assert.match(home, /草稿文章/, "drafts are listed while editing");
    assert.match(home, /\n\s*</, "not minified");
    const draft = await (await fetchWhenUp("http://localhost:8080/dangfeng/draft/", deadline)).text();
    assert.match(draft, /<span class="draft-badge">草稿<\/span>/);
    const css = await fetchWhenUp("http://localhost:8080/assets/site.css", deadline);
    assert.match(css.headers.get("content-type") ?? "", /css/);
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
