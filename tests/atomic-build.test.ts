/**
 * The build is atomic: a build killed midway (SIGKILL) or stopped with Ctrl-C (SIGINT) leaves the
 * previously published site byte-for-byte as it was, and the next build clears what a killed
 * build left behind. The stopped builds run as child processes, the way `npm run build` runs.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildSite } from "../src/build.ts";
import { fixtureOptions, makeContent, removeDir, tempDir } from "./helpers/site.ts";
import { FIXED_NOW, leftoversBeside, publishBundledSite, snapshot, snapshotDiff, startCli, type RunResult } from "./helpers/safety.ts";

/**
 * Past src/build.ts's IN_PROCESS_BELOW_PAGES (600 pages), the build forks its render workers, as
 * `npm run build` does for a real site; below it, it renders in its own process.
 */
const FORKING_COUNT = 500;
const IN_PROCESS_COUNT = 60;
const COLUMNS = ["廉政要闻", "党风政风", "纪检监察", "法治建设", "基层治理", "警示教育", "廉洁文化", "政策法规"];

/** A content folder with `count` synthetic valid articles. */
function generatedContent(count: number): string {
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
  /** The build's processes when the signal was sent: the build itself first, then its render workers. */
  processesAtSignal: string[];
  /** Milliseconds from the signal to the process's exit. */
  msToExit: number;
}

/** The command lines of the processes in process group `group` (Linux /proc). */
function processGroup(group: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      if (Number(fields[2]) !== group || fields[0] === "Z") continue;
      found.push(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim());
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/**
 * Starts `npm run build` of `content` into `output` in a process group of its own, waits until its
 * `<output>.building-<pid>-…` folder holds pages, freezes the whole group (SIGSTOP) so "midway"
 * does not depend on how fast the machine is, notes what is there, sends `signal` to the build
 * and lets the group run on (SIGCONT). Returns once the build and every process it started exited.
 */
async function buildAndStop(content: string, output: string, signal: NodeJS.Signals): Promise<StoppedBuild> {
  // One render worker when the site is large enough: the build forks as it does by default, at
  // half the start-up cost of two. Every page rendered: none taken from the project's page cache.
  const { child, done } = startCli("build", { PORTAL_CONTENT: content, PORTAL_OUTPUT: output }, ["--workers", "1", "--no-cache"], { detached: true });
  const group = child.pid ?? 0;
  let finished = false;
  void done.then(() => (finished = true));
  const parent = path.dirname(output);
  const prefix = `${path.basename(output)}.building-${child.pid}-`;
  // A guard against a hang, not a speed limit: on a loaded 2-core machine the build may take
  // a minute to start writing pages.
  const deadline = Date.now() + 240_000;
  let tempName = "";
  let entries: string[] = [];
  let processes: string[] = [];
  let sentAt = Date.now();
  let frozen = false;
  try {
    while (Date.now() < deadline && !finished) {
      tempName = readdirSync(parent).find((entry) => entry.startsWith(prefix)) ?? "";
      // Midway: the assets are copied first, then the pages come.
      if (tempName && readdirOr(path.join(parent, tempName)).some((entry) => entry !== "assets")) {
        process.kill(-group, "SIGSTOP");
        frozen = true;
        break;
      }
      await sleep(20);
    }
    if (frozen) {
      // Frozen: nothing changes until SIGCONT. The folder may have been swapped in just before.
      entries = readdirOr(path.join(parent, tempName));
      processes = processGroup(group);
      if (entries.length > 0) {
        sentAt = Date.now();
        child.kill(signal);
      }
    }
  } finally {
    if (frozen) process.kill(-group, "SIGCONT");
    else if (!finished) child.kill("SIGKILL");
  }
  const result = await done;
  const msToExit = Date.now() - sentAt;
  // The build's workers too: a killed build's worker ends when it notices its parent is gone.
  while (processGroup(group).length > 0) await sleep(20);
  assert.ok(tempName, `the build never created ${prefix}* (exit ${result.code}):\n${result.stderr}`);
  assert.ok(frozen && entries.length > 0, `the build finished before it could be stopped (exit ${result.code}); make the content larger`);
  return { result, tempName, entriesAtSignal: entries, processesAtSignal: processes, msToExit };
}

function readdirOr(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

let good = "";
let small = "";
let large = "";
let pristine = "";
let pristineSnapshot = new Map<string, string>();
const cleanup: string[] = [];

before(async () => {
  small = generatedContent(IN_PROCESS_COUNT);
  large = generatedContent(FORKING_COUNT);
  const published = await publishBundledSite("portal-atomic-pristine-");
  ({ content: good, output: pristine, snapshot: pristineSnapshot } = published);
  cleanup.push(good, small, large, published.parent);
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

test("SIGKILL midway through a build leaves the published site byte-for-byte unchanged", async () => {
  const { parent, output } = publishedSite();
  const killed = await buildAndStop(small, output, "SIGKILL");
  killedSite = { parent, output, tempName: killed.tempName };
  assert.equal(killed.result.signal, "SIGKILL");
  assert.ok(killed.entriesAtSignal.length > 1, `killed while writing: ${killed.entriesAtSignal.join(", ")}`);
  assert.ok(!killed.processesAtSignal.some((command) => command.includes("render-worker")), `a small site renders in the build's own process: ${killed.processesAtSignal.join("; ")}`);
  assertPublishedUnchanged(output, "after SIGKILL");
  // Nothing can run on SIGKILL: its temporary folder stays until the next build clears it.
  assert.deepEqual(leftoversBeside(output, [".previous-"]), [], "no half-swapped site");
});

test("SIGINT (Ctrl-C) midway: non-zero exit, published site unchanged, its temporary folder removed", async (t) => {
  const { parent, output } = publishedSite();
  const stopped = await buildAndStop(large, output, "SIGINT");
  const story = `SIGINT was sent while ${stopped.tempName} was being written (${stopped.entriesAtSignal.length} top-level entries) by ${stopped.processesAtSignal.join("; ")}; the build exited ${stopped.msToExit} ms later with code ${stopped.result.code}, signal ${stopped.result.signal}`;
  t.diagnostic(story);
  assert.ok(stopped.processesAtSignal.some((command) => command.includes("render-worker")), `stopped while its render worker was writing. ${story}`);
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
  // Both builds in this process (the command's success is tested in dates.test.ts): over the
  // killed build's leftovers, and a reference into an empty folder.
  const options = fixtureOptions(next, { env: { PORTAL_NOW: FIXED_NOW } });
  const logged: string[] = [];
  const result = await buildSite({ options, outputDir: output, workers: 0, useCache: false, log: (line) => logged.push(line) });
  assert.ok(result.ok, `${result.ok ? "" : String(result.failure ?? result.contentError ?? result.error)}\n${logged.join("\n")}`);
  await result.previousRemoved();
  const fresh = await buildSite({ options, outputDir: path.join(reference, "_site"), workers: 0, useCache: false, log: () => {} });
  assert.ok(fresh.ok, fresh.ok ? "" : String(fresh.failure ?? fresh.contentError ?? fresh.error));
  assert.deepEqual(leftoversBeside(output), [], "no .building- or .previous- folder remains");
  assert.ok(existsSync(path.join(output, "dangfeng", "atomic-new-article", "index.html")), "the new site is in place");
  const published = snapshot(output);
  const expected = snapshot(path.join(reference, "_site"));
  assert.deepEqual(published, expected, `the published site is exactly a fresh build of the new content:\n${snapshotDiff(expected, published)}`);
});
