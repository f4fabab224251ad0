/**
 * The build is atomic: a build killed midway (SIGKILL) or stopped with Ctrl-C (SIGINT) leaves the
 * previously published site byte-for-byte as it was, and the next build clears what a killed
 * build left behind. The builds run as child processes, the way `npm run build` runs.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildSite } from "../src/build.ts";
import { fixtureOptions, makeContent, removeDir, tempDir } from "./helpers/site.ts";
import { FIXED_NOW, leftoversBeside, publishBundledSite, runCli, snapshot, snapshotDiff, startCli, type RunResult } from "./helpers/safety.ts";

/** Enough pages that the build forks its render workers and runs for seconds, little enough to generate fast. */
const LARGE_COUNT = 800;
const COLUMNS = ["廉政要闻", "党风政风", "纪检监察", "法治建设", "基层治理", "警示教育", "廉洁文化", "政策法规"];

/** A content folder with `count` synthetic valid articles: enough for a build of several seconds. */
function largeContent(count: number): string {
  const dir = makeContent();
  const articles = path.join(dir, "articles", "generated");
  mkdirSync(articles, { recursive: true });
  const paragraph = "为深入推进基层治理现代化，社区党组织联合辖区单位开展共建活动，群众满意度持续提升。".repeat(6);
  for (let i = 0; i < count; i += 1) {
    const day = new Date(Date.UTC(2022, 0, 1) + i * 8 * 3600 * 1000).toISOString().slice(0, 10);
    writeFileSync(
      path.join(articles, `synthetic-${i}.md`),
      `---\ntitle: 合成测试文章第${i}篇\ndate: ${day}\ncolumn: ${COLUMNS[i % COLUMNS.length]}\neditor: 王伟\ntags: [测试标签${i % 40}, 基层治理]\nsummary: 第${i}篇合成文章的摘要。\n---\n\n${paragraph}\n\n第二段：编号${i}。\n`,
    );
  }
  return dir;
}

interface StoppedBuild {
  result: RunResult;
  /** The name of the temporary folder the stopped build was writing. */
  tempName: string;
  /** Its top-level entries when the signal was sent. */
  entriesAtSignal: string[];
  /** Whether the signal was sent while that folder still existed (the build had not swapped yet). */
  sentWhileWriting: boolean;
  /** Milliseconds from the signal to the process's exit. */
  msToExit: number;
}

/**
 * Starts a build of `content` into `output`, waits until its `<output>.building-<pid>-…` folder
 * appears and pages are being written into it, then sends `signal`.
 */
async function buildAndStop(content: string, output: string, signal: NodeJS.Signals): Promise<StoppedBuild> {
  // One render worker: the build forks as it does by default, at half the start-up cost of two.
  const { child, done } = startCli("build", { PORTAL_CONTENT: content, PORTAL_OUTPUT: output }, ["--workers", "1"]);
  let finished = false;
  void done.then(() => (finished = true));
  const parent = path.dirname(output);
  const prefix = `${path.basename(output)}.building-${child.pid}-`;
  // A guard against a hang, not a speed limit: on a loaded 2-core machine the build may take
  // a minute to start writing pages.
  const deadline = Date.now() + 240_000;
  let tempName = "";
  let entries: string[] = [];
  let sentAt = Date.now();
  let sentWhileWriting = false;
  try {
    while (Date.now() < deadline && !finished) {
      tempName = readdirSync(parent).find((entry) => entry.startsWith(prefix)) ?? "";
      if (tempName) {
        try {
          entries = readdirSync(path.join(parent, tempName));
        } catch {
          entries = [];
        }
        // Midway: the assets are copied first, then the pages come.
        if (entries.some((entry) => entry !== "assets")) break;
      }
      await sleep(20);
    }
  } finally {
    if (!finished) {
      sentWhileWriting = tempName !== "" && existsSync(path.join(parent, tempName)) && !finished;
      sentAt = Date.now();
      child.kill(signal);
    }
  }
  const result = await done;
  const msToExit = Date.now() - sentAt;
  assert.ok(tempName, `the build never created ${prefix}* (exit ${result.code}):\n${result.stderr}`);
  assert.ok(sentWhileWriting, `the build finished before it could be stopped (exit ${result.code}); make the content larger`);
  return { result, tempName, entriesAtSignal: entries, sentWhileWriting, msToExit };
}

let good = "";
let large = "";
let pristine = "";
let pristineSnapshot = new Map<string, string>();
const cleanup: string[] = [];

before(async () => {
  large = largeContent(LARGE_COUNT);
  const published = await publishBundledSite("portal-atomic-pristine-");
  ({ content: good, output: pristine, snapshot: pristineSnapshot } = published);
  cleanup.push(good, large, published.parent);
});

after(() => {
  for (const dir of cleanup) removeDir(dir);
});

/** A published site (a copy of the bundled build) in a folder of its own. */
function publishedSite(): { parent: string; output: string } {
  const parent = tempDir("portal-atomic-");
  const output = path.join(parent, "_site");
  cpSync(pristine, output, { recursive: true });
  cleanup.push(parent);
  return { parent, output };
}

function assertPublishedUnchanged(output: string, what: string): void {
  assert.ok(existsSync(output), `${what}: the published site must still exist`);
  const now = snapshot(output);
  assert.deepEqual(now, pristineSnapshot, `${what}: the published site changed:\n${snapshotDiff(pristineSnapshot, now)}`);
}

/** The site the SIGKILL test left (killed build's leftovers beside it), for the test of the next build. */
let killedSite: { parent: string; output: string; tempName: string } | undefined;

test("SIGKILL midway through a large build leaves the published site byte-for-byte unchanged", async () => {
  const { parent, output } = publishedSite();
  const killed = await buildAndStop(large, output, "SIGKILL");
  killedSite = { parent, output, tempName: killed.tempName };
  assert.equal(killed.result.signal, "SIGKILL");
  assert.ok(killed.entriesAtSignal.length > 1, `killed while writing: ${killed.entriesAtSignal.join(", ")}`);
  assertPublishedUnchanged(output, "after SIGKILL");
  // Nothing can run on SIGKILL: its temporary folder stays until the next build clears it.
  assert.deepEqual(leftoversBeside(output, [".previous-"]), [], "no half-swapped site");
});

test("SIGINT (Ctrl-C) midway: non-zero exit, published site unchanged, its temporary folder removed", async (t) => {
  const { parent, output } = publishedSite();
  const stopped = await buildAndStop(large, output, "SIGINT");
  const story = `SIGINT was sent while ${stopped.tempName} was being written (${stopped.entriesAtSignal.length} top-level entries); the build exited ${stopped.msToExit} ms later with code ${stopped.result.code}, signal ${stopped.result.signal}`;
  t.diagnostic(story);
  assert.equal(stopped.result.signal, null, `the build must handle SIGINT and exit, not die of it. ${story}\n${stopped.result.stderr}`);
  assert.ok(stopped.result.code !== null && stopped.result.code !== 0, `Ctrl-C must stop the build with a non-zero exit. ${story}\n${stopped.result.stderr}${stopped.result.stdout}`);
  assertPublishedUnchanged(output, "after SIGINT");
  assert.ok(!existsSync(path.join(parent, stopped.tempName)), `${stopped.tempName} must be removed on SIGINT`);
  assert.deepEqual(leftoversBeside(output), [], "no temporary or half-swapped folder remains");
});

test("the next successful build clears what a killed build left and puts the new site in place", async () => {
  assert.ok(killedSite, "the SIGKILL test ran first and left a killed build behind");
  const { parent, output } = killedSite;
  const killed = killedSite;
  assertPublishedUnchanged(output, "after SIGKILL");
  assert.ok(existsSync(path.join(parent, killed.tempName)), "the killed build left its temporary folder (to be cleared next)");

  const next = makeContent({
    articles: [{ path: "dangfeng/atomic.md", frontmatter: { title: "原子构建后的新文章", date: "2024-06-01", column: "党风政风", editor: "王伟", slug: "atomic-new-article" } }],
  });
  const reference = tempDir("portal-atomic-ref-");
  cleanup.push(next, reference);
  // The reference is built in this process, with the options npm run build takes from the environment.
  const [result, fresh] = await Promise.all([
    runCli("build", { PORTAL_CONTENT: next, PORTAL_OUTPUT: output }),
    buildSite({ options: fixtureOptions(next, { env: { PORTAL_NOW: FIXED_NOW } }), outputDir: path.join(reference, "_site"), workers: 0, log: () => {} }),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(fresh.ok, fresh.ok ? "" : String(fresh.failure ?? fresh.contentError ?? fresh.error));
  assert.deepEqual(leftoversBeside(output), [], "no .building- or .previous- folder remains");
  assert.ok(existsSync(path.join(output, "dangfeng", "atomic-new-article", "index.html")), "the new site is in place");
  const published = snapshot(output);
  const expected = snapshot(path.join(reference, "_site"));
  assert.deepEqual(published, expected, `the published site is exactly a fresh build of the new content:\n${snapshotDiff(expected, published)}`);
});
