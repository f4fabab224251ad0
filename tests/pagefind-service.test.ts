/** The Pagefind service client (src/pagefind-service.ts) against stand-ins that fail: it stops sending, reports, and waits for the process. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import path from "node:path";
import { indexThroughService } from "../src/pagefind-service.ts";
import { processesWhere } from "./helpers/processes.ts";
import { removeDir, tempDir } from "./helpers/site.ts";

/** A stand-in for the Pagefind binary: a Node script, answering NewIndex, then doing `then`. */
function fakeService(dir: string, then: string): string {
  const file = path.join(dir, "fake-pagefind");
  writeFileSync(
    file,
    `#!${process.execPath}
const reply = (id, payload) => process.stdout.write(Buffer.from(JSON.stringify({ message_id: id, payload })).toString("base64") + ",");
let buffered = "";
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  let comma;
  while ((comma = buffered.indexOf(",")) >= 0) {
    const message = JSON.parse(Buffer.from(buffered.slice(0, comma), "base64").toString());
    buffered = buffered.slice(comma + 1);
    if (message.payload.type === "NewIndex") reply(message.message_id, { type: "NewIndex", index_id: 0 });
    else { ${then} }
  }
});
`,
  );
  chmodSync(file, 0o755);
  return file;
}

/** Pids of running processes whose command line names `file`. */
function processesRunning(file: string): number[] {
  return processesWhere(({ cmdline }) => cmdline.includes(file));
}

const documents = Array.from({ length: 500 }, (_, index) => ({ file: `a/${index}/index.html`, html: `<html><body><article data-pagefind-body><h1>标题${index}</h1><p>${"正文".repeat(10_000)}</p></article></body></html>` }));

test("a service that dies after the first document: rejected at once, nothing more is sent, no listener piles up", async () => {
  const dir = tempDir("portal-pagefind-fake-");
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on("warning", onWarning);
  try {
    const started = performance.now();
    await assert.rejects(indexThroughService(fakeService(dir, "process.exit(3);"), documents, path.join(dir, "out"), { cwd: dir, env: {} }), /search index: Pagefind stopped \(exit 3\)/);
    assert.ok(performance.now() - started < 2000, `rejected after ${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(warnings, [], "no MaxListenersExceededWarning");
  } finally {
    process.off("warning", onWarning);
    removeDir(dir);
  }
});

test("an error reply: rejected with its message, and only once the process has exited", async () => {
  const dir = tempDir("portal-pagefind-fake-");
  try {
    // Answers the first document with an error and then lingers, as if still busy.
    const binary = fakeService(dir, 'reply(message.message_id, { type: "Error", message: "bad page" }); setTimeout(() => {}, 60000);');
    const outcome = indexThroughService(binary, documents.slice(0, 5), path.join(dir, "out"), { cwd: dir, env: {} });
    await assert.rejects(outcome, /could not index \(bad page\)/);
    assert.deepEqual(processesRunning(binary), [], "the lingering service was stopped and waited for");
  } finally {
    removeDir(dir);
  }
});
