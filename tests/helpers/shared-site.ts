/**
 * The bundled content, built once per `npm test` run and shared, read-only, by every test file
 * that only reads it (readers, browser, html-validate, seed, article-page, safety, atomic-build).
 *
 * Node 20's test runner has no global set-up hook and runs test files in child processes, so the
 * first process that asks for a build takes a lock (an exclusive mkdir) and builds; the others
 * wait for the finished folder. A run is the test runner's process (the parent of every test
 * file's process; a file run alone is a run of its own), so each `npm test` builds afresh from
 * the current code, and the next run removes the folders of runs whose runner has exited.
 *
 * Tests must not write into these folders: a test that changes a site copies it first.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BUNDLED_CONTENT, fixtureOptions, readSite, renderInto, type BuiltSite } from "./site.ts";

/**
 * `published`: what `npm run build` publishes (buildSite: minified pages, post-write steps such as
 * the search index and the 关怀版 copies, the site marker). `development`: what `npm start`
 * renders (unminified, drafts shown), without post-write steps.
 */
export type SharedBuildKind = "published" | "development";

const SHARED_ROOT = path.join(tmpdir(), "portal-test-shared");

/** A process's start time in clock ticks since boot (Linux), so a reused pid is not taken for the runner. */
function startTicks(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

function runnerAlive(key: string): boolean {
  const [pid = "", ticks = ""] = key.split("-");
  try {
    process.kill(Number(pid), 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return startTicks(Number(pid)) === ticks;
}

/** This run's key: the test runner's pid and start time (Node sets NODE_TEST_CONTEXT in the files it runs). */
function runKey(): string {
  const runner = process.env.NODE_TEST_CONTEXT ? process.ppid : process.pid;
  return `${runner}-${startTicks(runner)}`;
}

/** This run's folder; folders of finished runs are removed on the way. */
function runFolder(): string {
  const key = runKey();
  const folder = path.join(SHARED_ROOT, key);
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true });
    for (const other of readdirSync(SHARED_ROOT)) if (other !== key && !runnerAlive(other)) rmSync(path.join(SHARED_ROOT, other), { recursive: true, force: true });
  }
  return folder;
}

async function build(kind: SharedBuildKind, target: string): Promise<void> {
  if (kind === "published") {
    const { buildSite } = await import("../../src/build.ts");
    const log: string[] = [];
    const result = await buildSite({ options: fixtureOptions(BUNDLED_CONTENT), outputDir: target, workers: 0, useCache: false, log: (line) => log.push(line) });
    if (!result.ok) throw new Error(`the bundled site does not build: ${result.failure ?? result.contentError?.message ?? String(result.error)}\n${log.join("\n")}`);
    return;
  }
  const part = `${target}.part`;
  rmSync(part, { recursive: true, force: true });
  await renderInto(part, fixtureOptions(BUNDLED_CONTENT, { mode: "development" }));
  renameSync(part, target);
}

/** Builds `kind` into this run's folder unless another process of the run has, or is doing it. */
async function buildOnce(kind: SharedBuildKind): Promise<string> {
  const target = path.join(runFolder(), kind);
  // Not `<target>.lock`: that is the build's own lock of its output, which it refuses to take from anyone else.
  const lock = `${target}.shared-lock`;
  const failed = `${target}.failed`;
  // No build of the bundled site takes minutes; past this, something is stuck: fail, do not hang.
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    if (existsSync(target) && !existsSync(lock)) return target;
    if (existsSync(failed)) throw new Error(readFileSync(failed, "utf8"));
    try {
      mkdirSync(lock);
    } catch {
      // Another process builds it; take over only when that process is gone.
      const owner = Number(readFileOr(path.join(lock, "pid"), "0"));
      if (owner > 0 && !pidAlive(owner)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`gave up waiting for process ${owner} to build the shared ${kind} site (${target})`);
      await sleep(100);
      continue;
    }
    writeFileSync(path.join(lock, "pid"), String(process.pid));
    try {
      if (!existsSync(target)) await build(kind, target);
      return target;
    } catch (error) {
      writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw error;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function readFileOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const builds = new Map<SharedBuildKind, Promise<BuiltSite>>();

/** The bundled site as `kind` builds it, shared by the whole run. Read it; never write into it. */
export function sharedBundledSite(kind: SharedBuildKind): Promise<BuiltSite> {
  let site = builds.get(kind);
  if (!site) {
    site = buildOnce(kind).then((dir) => readSite(dir));
    builds.set(kind, site);
  }
  return site;
}
