/** src/build.ts in-process: the settings it is given reach both the data and the renderer. */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { buildSite } from "../src/build.ts";
import { OptionError, portalOptions } from "../src/options.ts";
import { ROOT, article, fixtureOptions, makeContent, readSite, removeDir, tempDir } from "./helpers/site.ts";

test("buildSite uses the options it is given, never the process's environment", async () => {
  const content = makeContent({ articles: [{ path: "a.md", frontmatter: article({ title: "前缀测试" }), body: "见[联系我们](/contact/)。" }] });
  const parent = tempDir();
  const output = path.join(parent, "_site");
  const before = { ...process.env };
  process.env.PORTAL_MODE = "development";
  try {
    process.env.PORTAL_PATH_PREFIX = "/elsewhere/";
    const result = await buildSite({ options: fixtureOptions(content, { env: { PORTAL_PATH_PREFIX: "/portal/" } }), outputDir: output, workers: 0, log: () => {} });
    assert.ok(result.ok, result.ok ? "" : String(result.contentError ?? result.failure ?? result.error));
    assert.equal(process.env.PORTAL_MODE, "development", "the process's environment is not touched");
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

test("PORTAL_URL must be an http(s) address without spaces or control characters, and without a folder (that is the path prefix)", () => {
  for (const bad of ["javascript:alert(1)", "https://example.org/\nDisallow: /", "https://exa mple.org", "https://example.org/sub/"]) {
    assert.throws(() => portalOptions({ rootDir: ROOT, siteUrl: bad }), (error: Error) => error instanceof OptionError && error.message.startsWith(`PORTAL_URL="${bad}" is not an http(s) address`));
  }
  assert.throws(() => portalOptions({ rootDir: ROOT, siteUrl: "https://example.org/sub" }), /without a folder \(https:\/\/example\.org\): a site hosted under \/sub\/ says so in pathPrefix/);
  assert.equal(portalOptions({ rootDir: ROOT, siteUrl: "https://example.org/" }).siteUrl, "https://example.org");
});
