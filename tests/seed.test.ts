/**
 * The article page reproduces the seed page: every non-blank line of the seed text, in order,
 * with the seed's labels and separators, built from the bundled seed article and site data.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { BUNDLED_CONTENT, ROOT, buildFixture, removeDir } from "./helpers/site.ts";
import { normalizeLine, visibleLines } from "./helpers/text.ts";

const SEED_URL = "/dangfeng/wulanhaote-dangjian-jinyaoshi/";
const seedLines = readFileSync(path.join(ROOT, "tests", "fixtures", "seed.txt"), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter(Boolean);

/** Finds each expected line inside a later page line than the one before; returns the misses. */
function missingInOrder(expected: readonly string[], pageLines: readonly string[]): string[] {
  const normalizedPage = pageLines.map(normalizeLine);
  const missing: string[] = [];
  let cursor = -1;
  for (const line of expected) {
    const wanted = normalizeLine(line);
    const found = normalizedPage.findIndex((pageLine, index) => index > cursor && pageLine.includes(wanted));
    if (found < 0) missing.push(line);
    else cursor = found;
  }
  return missing;
}

for (const mode of ["production", "development"] as const) {
  test(`the seed article page carries every seed line in order (${mode} build)`, async () => {
    const site = await buildFixture(BUNDLED_CONTENT, { mode });
    try {
      const lines = visibleLines(site.page(SEED_URL));
      assert.ok(seedLines.length >= 20, "the seed fixture has its lines");
      assert.deepEqual(missingInOrder(seedLines, lines), []);
      // The first two lines open the page, before the breadcrumb.
      assert.equal(normalizeLine(lines[0] ?? ""), normalizeLine("政讯通中心"));
      assert.equal(normalizeLine(lines[1] ?? ""), normalizeLine("欢迎来到廉政法治网!"));
    } finally {
      removeDir(site.outputDir);
    }
  });
}

test("the order check itself fails when a seed line is missing or out of order", () => {
  const page = ["政讯通中心", "欢迎来到廉政法治网！", "当前所在：首页 > 党风政风 > 正文"];
  assert.deepEqual(missingInOrder(["政讯通中心", "当前所在:首页 > 党风政风 > 正文"], page), []);
  assert.deepEqual(missingInOrder(["当前所在:首页 > 党风政风 > 正文", "政讯通中心"], page), ["政讯通中心"]);
  assert.deepEqual(missingInOrder(["校对:李晓艳"], page), ["校对:李晓艳"]);
});
