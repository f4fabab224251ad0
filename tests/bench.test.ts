/** `npm run bench` at smoke size: the figures it prints are there and add up. Speed targets live in the bench itself, not here. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchArticles, writeHugoSite } from "../src/bench/corpus.ts";
import { cpuBetween, cpuFromProcStat, fileSystemOf, runBench } from "../src/bench/run.ts";
import { ROOT } from "./helpers/site.ts";

test("a 50-article bench builds cold and warm and reports time, pages/s, memory per process and page weight", async () => {
  const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("portal-bench-")));
  const report = await runBench({ rootDir: ROOT, articles: 50, workers: 0, warm: true, hugo: undefined, log: () => {} });
  assert.equal(report.articles, 50);
  assert.equal(report.fileSystem, fileSystemOf(report.folder));
  assert.notEqual(report.fileSystem, "", "the file system the builds wrote to is named");
  for (const figures of [report.cold, report.warm, report.warmAgain]) {
    assert.ok(figures, "cold, warm and warm-again figures");
    assert.ok(figures.htmlPages > 50, `every article page and more: ${figures.htmlPages}`);
    assert.ok(figures.seconds > 0 && figures.pagesPerSecond > 0);
    assert.ok(figures.averagePageKiB > 1, "page weight in KiB");
    assert.equal(figures.peakRssMb[0]?.process, "main");
    if (existsSync("/proc/self/stat")) assert.ok(figures.cpu && figures.cpu.main > 0, `the build's CPU is counted: ${JSON.stringify(figures.cpu)}`);
  }
  assert.equal(report.cold.pagesFromCache, 0, "the first build has no cache");
  assert.ok((report.warm?.pagesFromCache ?? 0) > report.cold.htmlPages / 2, "the warm build reuses the unchanged pages");
  assert.ok((report.warmAgain?.pagesFromCache ?? 0) > report.cold.htmlPages / 2, "so does the build after it");
  assert.deepEqual([report.cold.spareReused, report.warm?.spareReused, report.warmAgain?.spareReused], [false, false, true], "only the third build has a replaced site's folders to fill");
  const after = readdirSync(tmpdir()).filter((name) => name.startsWith("portal-bench-") && !before.has(name));
  assert.deepEqual(after, [], "the bench cleans up after itself");
  assert.ok(existsSync(ROOT));
});

test("the Hugo twin pages by 20 and caps feeds at 50 in the keys each Hugo reads, and the report names the file system", () => {
  const columns = [{ name: "要闻", slug: "yaowen" }];
  const articles = benchArticles(3, columns);
  const config = (version: [number, number]) => {
    const dir = mkdtempSync(path.join(tmpdir(), "portal-hugo-twin-"));
    try {
      writeHugoSite(dir, articles, columns, version);
      return readFileSync(path.join(dir, "hugo.toml"), "utf8");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const old = config([0, 111]);
  // TOML: top-level keys before the first table, or they belong to that table.
  const beforeTables = old.slice(0, old.indexOf("\n["));
  assert.match(beforeTables, /^paginate = 20$/m);
  assert.match(beforeTables, /^rssLimit = 50$/m);
  assert.doesNotMatch(old, /pagerSize|\[services\.rss\]/);
  const current = config([0, 140]);
  assert.match(current, /^\[pagination\]\npagerSize = 20$/m);
  assert.match(current, /^\[services\.rss\]\nlimit = 50$/m);
  assert.doesNotMatch(current, /^paginate|^rssLimit/m);
  assert.equal(fileSystemOf("/proc/self"), "proc");
});

test("CPU time comes from /proc/self/stat: this process's utime + stime and its waited-for children's cutime + cstime", () => {
  // pid (comm) state ppid … : the command name may hold spaces and parentheses.
  const fields = ["S", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "250", "50", "1234", "66", "20", "0"];
  assert.deepEqual(cpuFromProcStat(`4242 (node (x) y) ${fields.join(" ")}`), { main: 3, children: 13 });
  assert.equal(cpuFromProcStat("4242 (node) S 1"), undefined, "a line cut short is no figure");
  assert.deepEqual(cpuBetween({ main: 1, children: 2 }, { main: 3.04, children: 2.96 }), { main: 2, children: 1 });
  assert.equal(cpuBetween(undefined, { main: 1, children: 1 }), undefined);
});
