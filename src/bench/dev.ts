/**
 * `npm run bench -- --dev`: how long an editor waits. Starts `npm start` on a synthetic corpus,
 * waits for the first build and its search index, edits one article's title five times, and
 * times each save until the served page shows the edit.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { articleSource, writeBenchContent } from "./corpus.ts";

/** A loopback port free right now, for a server that must not depend on 8080 being free. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

async function waitFor(url: string, text: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok && (await response.text()).includes(text)) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${url} never showed ${text}`);
}

export interface DevFigures {
  articles: number;
  firstBuildSeconds: number;
  /** From the start until the search index (made once, in the background, after the first build) is written. */
  searchIndexSeconds: number;
  /** From saving the file to the served page showing the edit: the median of `edits`. */
  editVisibleSeconds: number;
  /** Every edit's time, in order. */
  edits: number[];
}

/** Edits timed; the median is the figure. */
const EDITS = 5;

export async function runDevBench(rootDir: string, count: number): Promise<DevFigures> {
  const workDir = mkdtempSync(path.join(tmpdir(), "portal-devbench-"));
  const contentDir = path.join(workDir, "content");
  const articles = writeBenchContent(rootDir, contentDir, count);
  const edited = articles[Math.floor(articles.length / 2)];
  if (!edited) throw new Error("no articles");
  const port = await freePort();
  const started = Date.now();
  const server = spawn(process.execPath, ["--import", "tsx", path.join(rootDir, "src", "cli", "serve.ts"), "--port", String(port), "--output", path.join(workDir, "_dev")], {
    cwd: rootDir,
    env: { ...process.env, PORTAL_CONTENT: contentDir },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let log = "";
  server.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  try {
    const page = `http://localhost:${port}/${edited.column.slug}/${edited.file.replace(/\.md$/, "")}/`;
    await waitFor(page, edited.title, Date.now() + 600_000);
    const firstBuildSeconds = (Date.now() - started) / 1000;
    // The editor's wait is timed with the server at rest: its one-off search index (Pagefind, a
    // separate process) would otherwise take the cores the rebuild needs.
    while (!/search index(:| failed)/.test(log)) {
      if (Date.now() - started > 1_200_000) throw new Error("the search index was never written");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const searchIndexSeconds = (Date.now() - started) / 1000;
    const edits: number[] = [];
    for (let round = 1; round <= EDITS; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const mark = `（修订稿${round}）`;
      const saved = Date.now();
      writeFileSync(path.join(contentDir, "articles", edited.column.slug, edited.file), articleSource(edited, mark));
      await waitFor(page, mark, Date.now() + 600_000);
      edits.push((Date.now() - saved) / 1000);
    }
    const median = [...edits].sort((a, b) => a - b)[Math.floor(edits.length / 2)] as number;
    return { articles: count, firstBuildSeconds, searchIndexSeconds, editVisibleSeconds: median, edits };
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    rmSync(workDir, { recursive: true, force: true });
  }
}
