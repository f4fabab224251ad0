/**
 * `tsc --noEmit` over src/, tests/ and .eleventy.ts, as a test of the suite. It starts when this
 * file is loaded, so it runs beside the other tests on the second core instead of before them;
 * its test is the last of its group and waits for it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { ROOT } from "./helpers/site.ts";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const child = spawn(process.execPath, [tsc, "--noEmit", "-p", ROOT], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
let output = "";
child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
const finished = new Promise<number | null>((resolve, reject) => child.on("error", reject).on("close", resolve));

test("the project type-checks: tsc --noEmit (strict) finds no error in src/, tests/ or .eleventy.ts", async () => {
  assert.equal(await finished, 0, `tsc --noEmit -p . reports:\n${output}`);
});
