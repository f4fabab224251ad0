/**
 * Dates are wall-clock times in the site's zone (Asia/Shanghai), whatever zone the machine is in.
 * Each check runs under TZ=UTC and TZ=America/New_York, in this process and in whole builds (one
 * in this process, one by npm run build in a process started in the other zone).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { formatDate, parseFrontmatterDate } from "../src/dates.ts";
import { ROOT, article, bundledSiteData, fixtureOptions, makeContent, readSite, removeDir, tempDir, testCacheDir } from "./helpers/site.ts";

const ZONES = ["UTC", "America/New_York"] as const;
const SHANGHAI = "Asia/Shanghai";

function withMachineZone<T>(zone: string, run: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return run();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

for (const zone of ZONES) {
  test(`a day means that day in Shanghai, on a machine in ${zone}`, () => {
    withMachineZone(zone, () => {
      // The machine's zone really changed (Node re-reads TZ when it is assigned).
      const offset = new Date("2024-01-15T12:00:00Z").getTimezoneOffset();
      assert.equal(offset, zone === "UTC" ? 0 : 300);

      const parsed = parseFrontmatterDate("2024-05-20", SHANGHAI);
      assert.ok(parsed.ok);
      assert.equal(parsed.date.display, "2024-05-20");
      assert.equal(parsed.date.day, "2024-05-20");
      assert.equal(parsed.date.iso, "2024-05-20T00:00:00+08:00");
      assert.equal(parsed.date.epochMs, Date.UTC(2024, 4, 19, 16, 0));
      assert.equal(parsed.date.hasTime, false);
    });
  });

  test(`a time of day is shown and kept with +08:00, on a machine in ${zone}`, () => {
    withMachineZone(zone, () => {
      const parsed = parseFrontmatterDate("2024-06-03 09:30", SHANGHAI);
      assert.ok(parsed.ok);
      assert.equal(parsed.date.display, "2024-06-03 09:30");
      assert.equal(parsed.date.iso, "2024-06-03T09:30:00+08:00");
      assert.equal(parsed.date.monthDay, "06-03");
      // Late evening in Shanghai is still the same Shanghai day, though it is morning in UTC.
      const late = parseFrontmatterDate("2024-12-31 23:59", SHANGHAI);
      assert.ok(late.ok);
      assert.equal(late.date.day, "2024-12-31");
      assert.equal(late.date.year, "2024");
      assert.equal(formatDate(late.date.iso, "yyyy年MM月dd日 HH:mm"), "2024年12月31日 23:59");
    });
  });

  test(`a time with seconds (as source pages show it) is read in Shanghai, on a machine in ${zone}`, () => {
    withMachineZone(zone, () => {
      const parsed = parseFrontmatterDate("2024-06-01 10:30:45", SHANGHAI);
      assert.ok(parsed.ok, parsed.ok ? "" : parsed.problem);
      assert.equal(parsed.date.iso, "2024-06-01T10:30:45+08:00");
      assert.equal(parsed.date.display, "2024-06-01 10:30", "pages show minutes, like every other time");
      assert.equal(parsed.date.epochMs, Date.UTC(2024, 5, 1, 2, 30, 45));
      assert.equal(parsed.date.hasTime, true);
    });
  });
}

test("impossible, free-text and other date forms are refused with a fix", () => {
  for (const raw of ["2024-02-30", "2024-13-05", "2023-02-29", "2024-05-20 24:00", "2024-05-20 10:60", "2024-05-20 10:30:60", "2024-05-20 10:30:5", "2024-05-20 10:30:00.5", "2024年5月20日", "yesterday", "2024-05-20T10:30:00+08:00", "2024/05/20", "20240520", "2024-5-20"]) {
    const parsed = parseFrontmatterDate(raw, SHANGHAI);
    assert.equal(parsed.ok, false, raw);
    if (!parsed.ok) {
      assert.match(parsed.problem, new RegExp(raw.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")));
      assert.match(parsed.fix, /YYYY-MM-DD|month|day/);
    }
  }
  assert.equal(parseFrontmatterDate(undefined, SHANGHAI).ok, false);
  assert.equal(parseFrontmatterDate(20240520, SHANGHAI).ok, false);
  assert.ok(parseFrontmatterDate("2024-02-29", SHANGHAI).ok, "a leap day is a real day");
});

test("another site zone is honoured (a portal outside China sets timezone)", () => {
  const parsed = parseFrontmatterDate("2024-05-20 10:30", "Europe/Berlin");
  assert.ok(parsed.ok);
  assert.equal(parsed.date.iso, "2024-05-20T10:30:00+02:00");
});

test("whole builds, tag URLs included, are byte-identical in this process under TZ=UTC and in another under TZ=America/New_York and LANG=C, with +08:00 times", async () => {
  // Tags of each kind (a hashed Chinese one, a slug chosen in site.json, two with the same ASCII
  // form): nothing a process holds (a counter, a cache, a hash seed, a Map's order, the locale)
  // may decide a tag's URL, so the other process must write the same tag pages.
  const content = makeContent({
    site: { ...bundledSiteData(), tagSlugs: { 垃圾分类: "lajifenlei" } },
    articles: [
      { path: "a.md", frontmatter: article({ title: "午夜发布", date: "2024-05-20", tags: ["基层治理", "AI"] }) },
      { path: "b.md", frontmatter: article({ title: "晚间发布", date: '"2024-12-31 23:30"', tags: ["ai", "垃圾分类", "基层治理"] }) },
    ],
  });
  const digests: string[] = [];
  const outputs: string[] = [];
  try {
    for (const zone of ZONES) {
      const output = path.join(tempDir(), "site");
      outputs.push(output);
      if (zone === "UTC") {
        // In this process with the machine's zone switched (as in the tests above), through the build API.
        const { buildSite } = await import("../src/build.ts");
        const saved = process.env.TZ;
        process.env.TZ = zone;
        try {
          assert.equal(new Date("2024-01-15T12:00:00Z").getTimezoneOffset(), 0);
          const result = await buildSite({ options: fixtureOptions(content), outputDir: output, workers: 0, useCache: false, log: () => {} });
          assert.ok(result.ok, result.ok ? "" : String(result.failure ?? result.contentError ?? result.error));
        } finally {
          if (saved === undefined) delete process.env.TZ;
          else process.env.TZ = saved;
        }
      } else {
        // npm run build in a process started in the other zone, its modules loaded there too.
        const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/build.ts"], {
          cwd: ROOT,
          env: { ...process.env, TZ: zone, LANG: "C", LC_ALL: "C", PORTAL_CONTENT: content, PORTAL_OUTPUT: output, PORTAL_NOW: "2026-01-01T00:00:00+08:00", PORTAL_CACHE: testCacheDir() },
          encoding: "utf8",
        });
        assert.equal(run.status, 0, run.stderr);
      }
      const site = readSite(output);
      const hash = createHash("sha256");
      for (const file of site.files) hash.update(file).update(readFileSync(path.join(output, file)));
      digests.push(hash.digest("hex"));

      const late = site.page("/dangfeng/b/");
      assert.match(late, /<time datetime="2024-12-31T23:30:00\+08:00">2024-12-31 23:30<\/time>/);
      assert.match(site.page("/dangfeng/a/"), /<time datetime="2024-05-20T00:00:00\+08:00">2024-05-20<\/time>/);
      assert.ok(site.files.includes("archive/2024/12/index.html"), "the late-evening article is archived in its Shanghai month");
      const tagPages = site.files.filter((file) => file.startsWith("tags/")).sort();
      assert.equal(tagPages.length, 5, `/tags/, then 基层治理 hashed, AI and ai told apart, 垃圾分类 chosen: ${tagPages.join(", ")}`);
      for (const pattern of [/^tags\/index\.html$/, /^tags\/t-[0-9a-f]{8}\/index\.html$/, /^tags\/ai\/index\.html$/, /^tags\/ai-[0-9a-f]+\/index\.html$/, /^tags\/lajifenlei\/index\.html$/]) {
        assert.ok(tagPages.some((file) => pattern.test(file)), `a tag page matching ${pattern}: ${tagPages.join(", ")}`);
      }
    }
    assert.equal(digests[0], digests[1]);
  } finally {
    removeDir(content);
    for (const output of outputs) removeDir(path.dirname(output));
  }
});
