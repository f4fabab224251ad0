/**
 * One process of `npm test` (see README "Tests"): units and small fixture sites, the bench's smoke
 * run, dates under two time zones, and the check that every test file is in a group.
 */
import "../helpers/scratch.ts";
import "../article-page.test.ts";
import "../seed.test.ts";
import "../markdown.test.ts";
import "../urls.test.ts";
import "../minify.test.ts";
import "../share.test.ts";
import "../pagefind-service.test.ts";
import "../dev.test.ts";
import "../editor-guide.test.ts";
import "../import.test.ts";
import "../new-article.test.ts";
import "../routes.test.ts";
import "../workflows.test.ts";
import "../bench.test.ts";
import "../build.test.ts";
import "../dates.test.ts";

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

test("every tests/*.test.ts file is run by exactly one group of npm test", () => {
  const tests = path.resolve(import.meta.dirname, "..");
  const files = readdirSync(tests).filter((name) => name.endsWith(".test.ts")).sort();
  const groups = readdirSync(import.meta.dirname).filter((name) => name.endsWith(".ts"));
  const imported = groups.flatMap((group) => [...readFileSync(path.join(import.meta.dirname, group), "utf8").matchAll(/^import "\.\.\/([^"/]+\.test\.ts)";$/gm)].map((match) => match[1] ?? ""));
  assert.deepEqual([...imported].sort(), files, "a file missing here is never run by npm test; one listed twice runs twice");
});
