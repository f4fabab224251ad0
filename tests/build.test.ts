/** src/build.ts in-process: the settings it is given reach both the data and the renderer. */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { buildSite } from "../src/build.ts";
import { ROOT, article, makeContent, readSite, removeDir, tempDir } from "./helpers/site.ts";

test("buildSite uses the env it is given, not the process's, for content, prefix and mode", async () => {
  const content = makeContent({ articles: [{ path: "a.md", frontmatter: article({ title: "前缀测试" }), body: "见[联系我们](/contact/)。" }] });
  const parent = tempDir();
  const output = path.join(parent, "_site");
  const before = { ...process.env };
  process.env.PORTAL_MODE = "development";
  try {
    const result = await buildSite({
      rootDir: ROOT,
      outputDir: output,
      env: { PORTAL_CONTENT: content, PORTAL_PATH_PREFIX: "/portal/", PORTAL_NOW: "2026-01-01T00:00:00+08:00" },
      log: () => {},
    });
    assert.ok(result.ok, String(result.contentError ?? result.error));
    assert.equal(process.env.PORTAL_MODE, "development", "the caller's environment is put back");
    assert.equal(process.env.PORTAL_CONTENT, before.PORTAL_CONTENT);
    const html = readSite(output).page("/dangfeng/a/");
    assert.match(html, /前缀测试/, "the given content folder was built");
    assert.match(html, /href="\/portal\/dangfeng\/"/, "template links carry the given prefix");
    assert.match(html, /href="\/portal\/contact\/"/, "Markdown links carry the given prefix");
    assert.doesNotMatch(html, /\n\s*</, "production (minified) whatever PORTAL_MODE the process had");
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
    Object.assign(process.env, before);
    removeDir(content);
    removeDir(parent);
  }
});

test("PORTAL_URL must be an http(s) address", async () => {
  const content = makeContent();
  try {
    await assert.rejects(
      buildSite({ rootDir: ROOT, outputDir: path.join(tempDir(), "_site"), env: { PORTAL_CONTENT: content, PORTAL_URL: "javascript:alert(1)" }, log: () => {} }),
      /PORTAL_URL="javascript:alert\(1\)" is not an http\(s\) address/,
    );
  } finally {
    removeDir(content);
  }
});
