/** src/pipeline/scratch.ts: Pagefind's input goes to the tmpfs when it has room, and a killed build's leftover there is removed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, rmSync, statfsSync } from "node:fs";
import path from "node:path";
import { removeGoneScratch, searchScratch } from "../src/pipeline/scratch.ts";

const TMPFS_MAGIC = 0x01021994;
const memoryRoot = "/dev/shm";
const hasTmpfs = (() => {
  try {
    return statfsSync(memoryRoot).type === TMPFS_MAGIC;
  } catch {
    return false;
  }
})();

test("the search scratch is a private new folder on the tmpfs when it has room, the site folder when it has not", () => {
  assert.ok(hasTmpfs, "these tests need a tmpfs at /dev/shm (every Linux machine has one)");
  const fallback = path.join("/nonexistent-site", "pagefind", ".input");
  const small = searchScratch(fallback, 1024, memoryRoot);
  try {
    assert.equal(small.inMemory, true);
    assert.equal(path.dirname(small.dir), memoryRoot);
    assert.match(path.basename(small.dir), new RegExp(`^portal-search-${process.pid}-`));
    const stat = lstatSync(small.dir);
    assert.ok(stat.isDirectory() && !stat.isSymbolicLink());
    assert.equal(stat.mode & 0o777, 0o700, "only this user can read it");
  } finally {
    rmSync(small.dir, { recursive: true, force: true });
  }
  assert.deepEqual(searchScratch(fallback, Number.MAX_SAFE_INTEGER, memoryRoot), { dir: fallback, inMemory: false }, "more than the tmpfs has room for");
});

test("without a tmpfs the scratch stays inside the site folder", () => {
  const fallback = path.join("/nonexistent-site", "pagefind", ".input");
  // The project folder is a directory but not a tmpfs (nor is a missing path).
  assert.deepEqual(searchScratch(fallback, 1024, path.resolve("tests")), { dir: fallback, inMemory: false });
  assert.deepEqual(searchScratch(fallback, 1024, "/nonexistent-tmpfs"), { dir: fallback, inMemory: false });
});

test("a killed build's scratch on the tmpfs is removed; a running build's is left alone", () => {
  assert.ok(hasTmpfs, "these tests need a tmpfs at /dev/shm (every Linux machine has one)");
  const gone = spawnSync("true").pid ?? 0;
  const left = path.join(memoryRoot, `portal-search-${gone}-killed`);
  const running = path.join(memoryRoot, `portal-search-${process.pid}-running`);
  mkdirSync(path.join(left, "2024", "jiceng"), { recursive: true });
  mkdirSync(running, { recursive: true });
  try {
    removeGoneScratch(memoryRoot);
    assert.equal(existsSync(left), false, "the gone process's folder is removed");
    assert.equal(existsSync(running), true, "this process's folder stays");
  } finally {
    rmSync(left, { recursive: true, force: true });
    rmSync(running, { recursive: true, force: true });
  }
});
