/** `npm run bench` at smoke size: the figures it prints are there and add up. Speed targets live in the bench itself, not here. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { runBench } from "../src/bench/run.ts";
import { ROOT } from "./helpers/site.ts";

test("a 50-article bench builds cold and warm and reports time, pages/s, memory per process and page weight", async () => {
  const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("portal-bench-")));
  const report = await runBench({ rootDir: ROOT, articles: 50, workers: 0, warm: true, hugo: undefined, log: () => {} });
  assert.equal(report.articles, 50);
  for (const figures of [report.cold, report.warm]) {
    assert.ok(figures, "cold and warm figures");
    assert.ok(figures.htmlPages > 50, `every article page and more: ${figures.htmlPages}`);
    assert.ok(figures.seconds > 0 && figures.pagesPerSecond > 0);
    assert.ok(figures.averagePageKiB > 1, "page weight in KiB");
    assert.equal(figures.peakRssMb[0]?.process, "main");
  }
  assert.equal(report.cold.pagesFromCache, 0, "the first build has no cache");
  assert.ok((report.warm?.pagesFromCache ?? 0) > report.cold.htmlPages / 2, "the warm build reuses the unchanged pages");
  const after = readdirSync(tmpdir()).filter((name) => name.startsWith("portal-bench-") && !before.has(name));
  assert.deepEqual(after, [], "the bench cleans up after itself");
  assert.ok(existsSync(ROOT));
});
