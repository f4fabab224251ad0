/**
 * The article page reproduces the seed page: every non-blank line of the seed text, in order,
 * with the seed's labels and separators, built from the bundled seed article and site data. And
 * the bundled seed article is exactly what `npm run import` makes of the seed text, so the round
 * trip seed text → import → build → page holds.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { readExisting } from "../src/editor/destination.ts";
import { importFile } from "../src/importer/import.ts";
import { sharedBundledSite } from "./helpers/shared-site.ts";
import { BUNDLED_CONTENT, ROOT, makeContent, removeDir } from "./helpers/site.ts";
import { normalizeLine, visibleLines } from "./helpers/text.ts";

const SEED_URL = "/dangfeng/wulanhaote-dangjian-jinyaoshi/";
const SEED_TEXT = path.join(ROOT, "tests", "fixtures", "seed.txt");
const seedLines = readFileSync(SEED_TEXT, "utf8")
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
    // The bundled site as npm run build publishes it / as npm start renders it, built once per run.
    const site = await sharedBundledSite(mode === "production" ? "published" : "development");
    const lines = visibleLines(site.page(SEED_URL));
    assert.ok(seedLines.length >= 20, "the seed fixture has its lines");
    assert.deepEqual(missingInOrder(seedLines, lines), []);
    // The first two lines open the page, before the breadcrumb.
    assert.equal(normalizeLine(lines[0] ?? ""), normalizeLine("政讯通中心"));
    assert.equal(normalizeLine(lines[1] ?? ""), normalizeLine("欢迎来到廉政法治网!"));
  });
}

test("the order check itself fails when a seed line is missing or out of order", () => {
  const page = ["政讯通中心", "欢迎来到廉政法治网！", "当前所在：首页 > 党风政风 > 正文"];
  assert.deepEqual(missingInOrder(["政讯通中心", "当前所在:首页 > 党风政风 > 正文"], page), []);
  assert.deepEqual(missingInOrder(["当前所在:首页 > 党风政风 > 正文", "政讯通中心"], page), ["政讯通中心"]);
  assert.deepEqual(missingInOrder(["校对:李晓艳"], page), ["校对:李晓艳"]);
});

test("the bundled seed article is exactly what npm run import makes of the seed text", async () => {
  // Imported into an empty site (the bundled one already holds this reprint, and import refuses a
  // second copy). --slug keeps the URL the seed article was published under; without it the slug
  // is the title's pinyin.
  const contentDir = makeContent({ pages: false });
  try {
    const existing = await readExisting({ contentDir, rootDir: contentDir });
    assert.ok(existing.ok);
    const outcome = await importFile(SEED_TEXT, {
      location: { contentDir, rootDir: contentDir },
      existing: existing.existing,
      given: { slug: "wulanhaote-dangjian-jinyaoshi" },
      cwd: ROOT,
    });
    assert.deepEqual(outcome.problems, []);
    assert.equal(outcome.file, "articles/dangfeng/wulanhaote-dangjian-jinyaoshi.md");
    const bundled = readFileSync(path.join(BUNDLED_CONTENT, "articles", "dangfeng", "wulanhaote-dangjian-jinyaoshi.md"), "utf8");
    assert.equal(outcome.text, bundled);
    assert.equal(readFileSync(path.join(contentDir, outcome.file), "utf8"), bundled, "the written file is the text");
  } finally {
    removeDir(contentDir);
  }
});
