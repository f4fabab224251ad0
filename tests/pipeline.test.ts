/**
 * The build pipeline in-process: explicit options, shards that give byte-identical output,
 * shard/merge across "machines", the output guard, the lock, and failures that leave the old
 * site intact with no temporary folder.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildShard, buildSite, mergeShards, startsWorkersAhead, type BuildResult, type BuildSettings } from "../src/build.ts";
import { planShards } from "../src/model/shards.ts";
import { checkDevOutputFolder, describeWriteFailure, markSite, protectedFolders, SITE_MARKER } from "../src/pipeline/output.ts";
import { everyPageOnce, type PostWriteStep } from "../src/pipeline/steps.ts";
import { startRenderWorkers } from "../src/pipeline/workers.ts";
import { processesWhere } from "./helpers/processes.ts";
import { ROOT, article, fixtureOptions, makeContent, removeDir, tempDir, type ArticleSpec } from "./helpers/site.ts";
import { assignSearchSections } from "../src/model/search-sections.ts";
import { searchSections } from "../src/search.ts";

/** sha256 of every file under a folder, by relative path. */
function digest(dir: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const entry of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isFile()) sums.set(entry.split(path.sep).join("/"), createHash("sha256").update(readFileSync(full)).digest("hex"));
  }
  return sums;
}

const failed = (result: BuildResult) => (result.ok ? "" : String(result.failure ?? result.contentError ?? result.error));

const articles: ArticleSpec[] = Array.from({ length: 30 }, (_, index) => ({
  path: `jiceng/a-${index}.md`,
  frontmatter: article({ title: `第${index}篇`, column: index % 2 ? "基层治理" : "党风政风", date: `${2022 + (index % 3)}-0${1 + (index % 9)}-1${index % 10}`, tags: [`标签${index % 4}`] }),
}));
const content = makeContent({ articles });
after(() => removeDir(content));
const settings = (outputDir: string, extra: Partial<BuildSettings> = {}): BuildSettings => ({ options: fixtureOptions(content), outputDir, workers: 0, log: () => {}, useCache: false, ...extra });

test("shards partition the pages: contiguous, disjoint, covering, whatever the count", () => {
  for (const count of [1, 2, 3, 7, 50]) {
    const plans = planShards(41, 13, count);
    let articlesCovered = 0;
    let listingsCovered = 0;
    plans.forEach((plan, index) => {
      if (index > 0) assert.equal(plan.articles[0], plans[index - 1]?.articles[1]);
      articlesCovered += plan.articles[1] - plan.articles[0];
      listingsCovered += plan.listings[1] - plan.listings[0];
    });
    assert.deepEqual([articlesCovered, listingsCovered], [41, 13], `${count} shards`);
    assert.equal(plans.filter((plan) => plan.singles).length, 1);
  }
});

/** Render worker processes whose parent is `pid`. */
function renderWorkersOf(pid: number): number[] {
  return processesWhere(({ cmdline, parent }) => parent === pid && cmdline.includes("render-worker"));
}

test("output is byte-identical for 1 shard, several shards, 2 worker processes, and --shard i/3 builds merged", async () => {
  const parent = tempDir();
  try {
    const one = path.join(parent, "one");
    const several = path.join(parent, "several");
    assert.ok((await buildSite(settings(one))).ok);
    const result = await buildSite(settings(several, { pagesPerShard: 15 }));
    assert.ok(result.ok, failed(result));
    assert.ok(result.ok && result.shardCount >= 3, "the small page budget cut the site into several shards");
    assert.deepEqual(digest(several), digest(one));
    const forked = path.join(parent, "forked");
    const inWorkers = await buildSite(settings(forked, { workers: 2, inProcessBelowPages: 0, pagesPerShard: 20 }));
    assert.deepEqual(renderWorkersOf(process.pid), [], "every render worker has exited (and been waited for) by the time the build returns");
    assert.ok(inWorkers.ok, failed(inWorkers));
    assert.ok(inWorkers.ok && inWorkers.peakRssMb.length === 3, "rendered by two worker processes, each reporting its peak memory");
    assert.deepEqual(digest(forked), digest(one), "worker processes write the same bytes");

    const shards = path.join(parent, "_shards");
    for (const index of [3, 1, 2]) assert.ok((await buildShard(settings(path.join(shards, String(index))), index, 3)).ok);
    const shardFiles = [1, 2, 3].map((index) => digest(path.join(shards, String(index))).size);
    assert.ok(shardFiles.every((count) => count > 1), `every shard wrote pages: ${shardFiles}`);
    const merged = path.join(parent, "merged");
    const mergedResult = await mergeShards(settings(merged), shards);
    assert.ok(mergedResult.ok, failed(mergedResult));
    assert.deepEqual(digest(merged), digest(one));

    // The shards stay whole (their files are linked into the site, not moved): a merge again gives the same site.
    const again = path.join(parent, "again");
    assert.ok((await mergeShards(settings(again), shards)).ok);
    assert.deepEqual(digest(again), digest(one));
    const shardBytes = () => [1, 2, 3].map((index) => [...digest(path.join(shards, String(index)))].join("\n"));
    // A merge that is refused checks everything before placing anything, and the shards are as they were.
    const refusedMerge = async (pattern: RegExp) => {
      const before = shardBytes();
      const result = await mergeShards(settings(path.join(parent, "refused")), shards);
      assert.equal(result.ok, false);
      assert.match(failed(result), pattern);
      assert.deepEqual(shardBytes(), before, "the shards are untouched");
      assert.equal(existsSync(path.join(parent, "refused")), false);
    };
    cpSync(path.join(shards, "3"), path.join(shards, "9"), { recursive: true });
    writeFileSync(path.join(shards, "9", ".portal-shard.json"), readFileSync(path.join(shards, "9", ".portal-shard.json"), "utf8").replace('"index":3', '"index":9'));
    await refusedMerge(/was written by shard 3 and shard 9/);
    rmSync(path.join(shards, "9"), { recursive: true });
    mkdirSync(path.join(shards, "8"));
    writeFileSync(path.join(shards, "8", ".portal-shard.json"), "{bad");
    await refusedMerge(/_shards\/8\/\.portal-shard\.json cannot be read \(not JSON\): rebuild the shard/);
    rmSync(path.join(shards, "8"), { recursive: true });
    writeFileSync(path.join(parent, "outside.txt"), "mine");
    const manifestFile = path.join(shards, "3", ".portal-shard.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { files: string[] };
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, files: [...manifest.files, "../../outside.txt"] }));
    await refusedMerge(/lists "\.\.\/\.\.\/outside\.txt", a path outside the site/);
    assert.equal(readFileSync(path.join(parent, "outside.txt"), "utf8"), "mine", "nothing outside the shards is moved");
  } finally {
    removeDir(parent);
  }
});

test("render workers start ahead of the model only when the content has articles enough for the render to fork", () => {
  const options = fixtureOptions(content);
  // 30 articles: under the 600 pages from which the build forks, so it renders in its own process.
  assert.equal(startsWorkersAhead({ options, workers: 2 }, true), false);
  assert.equal(startsWorkersAhead({ options, workers: 2, inProcessBelowPages: 60 }, true), true, "30 articles, half of a 60-page threshold");
  assert.equal(startsWorkersAhead({ options, workers: 2, inProcessBelowPages: 62 }, true), false);
  assert.equal(startsWorkersAhead({ options, workers: 1, inProcessBelowPages: 0 }, true), false, "one worker renders after the model, as it would have anyway");
  assert.equal(startsWorkersAhead({ options, workers: 2, inProcessBelowPages: 0 }, false), false, "a warm build renders a few pages in this process");
  assert.equal(startsWorkersAhead({ options: fixtureOptions(path.join(content, "missing")), workers: 2 }, true), false, "no articles folder: nothing to fork for");
});

test("closing the render pool stops the workers it started and resolves once every one has exited", async () => {
  const pool = startRenderWorkers(ROOT, 2);
  await pool.slots[0]?.ready;
  await pool.close();
  assert.deepEqual(pool.slots.map(({ child }) => child.exitCode !== null || child.signalCode !== null), [true, true], "the loaded worker and the one still loading");
  assert.deepEqual(renderWorkersOf(process.pid), []);
});

test("folders beside the output that only look like a build's own (site.previous-2024, site.spare without the marker, site.lock with files) are left alone", async () => {
  const parent = tempDir();
  const cacheDir = tempDir("portal-pipeline-cache-");
  try {
    const output = path.join(parent, "site");
    const own = { "site.previous-2024/diary.txt": "日记", "site.building-mine/a.txt": "a", "site.removing-old/b.txt": "b", "site.spare/sub/photo.jpg": "photo" };
    for (const [file, text] of Object.entries(own)) {
      mkdirSync(path.dirname(path.join(parent, file)), { recursive: true });
      writeFileSync(path.join(parent, file), text);
    }
    const withCache = { ...settings(output), useCache: true, options: { ...fixtureOptions(content), cacheDir } };
    for (const round of [1, 2]) assert.ok((await buildSite(withCache)).ok, `build ${round}`);
    for (const [file, text] of Object.entries(own)) assert.equal(readFileSync(path.join(parent, file), "utf8"), text, `${file} is untouched`);

    mkdirSync(`${output}.lock`);
    writeFileSync(path.join(`${output}.lock`, "notes.txt"), "笔记");
    const refused = await buildSite(withCache);
    assert.equal(refused.ok, false);
    assert.match(failed(refused), /site\.lock is in the way of the build's lock and is not one/);
    assert.equal(readFileSync(path.join(`${output}.lock`, "notes.txt"), "utf8"), "笔记");
  } finally {
    removeDir(parent);
    removeDir(cacheDir);
  }
});

test("a merge refuses a missing shard, naming it, and publishes nothing", async () => {
  const parent = tempDir();
  try {
    const shards = path.join(parent, "_shards");
    assert.ok((await buildShard(settings(path.join(shards, "1")), 1, 2)).ok);
    const result = await mergeShards(settings(path.join(parent, "_site")), shards);
    assert.equal(result.ok, false);
    assert.match(failed(result), /shard\(s\) 2 of 2 missing/);
    assert.equal(existsSync(path.join(parent, "_site")), false);
  } finally {
    removeDir(parent);
  }
});

test("two builds in one process at once, into two folders, do not interfere", async () => {
  const parent = tempDir();
  const other = makeContent({ articles: [{ path: "x.md", frontmatter: article({ title: "另一个站点" }) }] });
  try {
    const [a, b] = await Promise.all([
      buildSite(settings(path.join(parent, "a"))),
      buildSite({ ...settings(path.join(parent, "b")), options: fixtureOptions(other, { env: { PORTAL_PATH_PREFIX: "/b/" } }) }),
    ]);
    assert.ok(a.ok && b.ok, `${failed(a)} ${failed(b)}`);
    const pageA = readFileSync(path.join(parent, "a", "jiceng", "a-1", "index.html"), "utf8");
    const pageB = readFileSync(path.join(parent, "b", "dangfeng", "x", "index.html"), "utf8");
    assert.match(pageB, /另一个站点/);
    assert.match(pageB, /href="\/b\/dangfeng\/"/, "the second build's prefix");
    assert.doesNotMatch(pageA, /href="\/b\//, "not leaked into the first");
    assert.equal(existsSync(path.join(parent, "a", "dangfeng", "x")), false);
  } finally {
    removeDir(parent);
    removeDir(other);
  }
});

/** A throwaway project: templates and content copied, a .git folder, so the guard can be pointed at them. */
function throwawayProject(): string {
  const root = tempDir("portal-project-");
  cpSync(path.join(ROOT, "templates"), path.join(root, "templates"), { recursive: true });
  cpSync(content, path.join(root, "content"), { recursive: true });
  mkdirSync(path.join(root, ".git"));
  writeFileSync(path.join(root, ".git", "HEAD"), "ref: refs/heads/main\n");
  writeFileSync(path.join(root, "package.json"), "{}\n");
  return root;
}

test("the output may never be the content, the templates, .git, the project or a folder above it", async () => {
  const root = throwawayProject();
  try {
    const before = digest(root);
    const options = { ...fixtureOptions(path.join(root, "content")), rootDir: root, cacheDir: path.join(root, ".cache") };
    for (const output of ["content", "content/articles", "templates", ".", "..", ".git", ".cache", "templates/../content"]) {
      const result = await buildSite({ options, outputDir: output, workers: 0, log: () => {} });
      assert.equal(result.ok, false, `${output} refused`);
      assert.match(failed(result), /^refusing to build into /, output);
    }
    assert.deepEqual(digest(root), before, "every file still there, unchanged");
  } finally {
    removeDir(root);
  }
});

test("npm start's output may not be the project's folders, nor a site npm run build made (its pages share files with the cache)", () => {
  const root = throwawayProject();
  try {
    const options = { ...fixtureOptions(path.join(root, "content")), rootDir: root, cacheDir: path.join(root, ".cache") };
    for (const output of ["content", "templates", ".", ".cache", "src"]) {
      assert.throws(() => checkDevOutputFolder(path.join(root, output), protectedFolders(options)), /^OutputError: refusing to build into /, output);
    }
    // What the check looks for: the marker every build leaves in its site.
    mkdirSync(path.join(root, "_site"));
    markSite(path.join(root, "_site"));
    assert.throws(() => checkDevOutputFolder(path.join(root, "_site"), protectedFolders(options)), /refusing to serve from _site: it is a site npm run build made/);
    checkDevOutputFolder(path.join(root, "_dev"), protectedFolders(options));
  } finally {
    removeDir(root);
  }
});

test("an existing folder without the build's marker is refused; a built one is replaced", async () => {
  const parent = tempDir();
  try {
    const output = path.join(parent, "public");
    mkdirSync(output);
    writeFileSync(path.join(output, "notes.txt"), "mine");
    const refused = await buildSite(settings(output));
    assert.match(failed(refused), /refusing to replace .*no \.portal-site marker/);
    assert.equal(readFileSync(path.join(output, "notes.txt"), "utf8"), "mine");

    const built = path.join(parent, "_site");
    assert.ok((await buildSite(settings(built))).ok);
    assert.ok(existsSync(path.join(built, SITE_MARKER)));
    assert.ok((await buildSite(settings(built))).ok, "a folder a build made is replaced");
  } finally {
    removeDir(parent);
  }
});

test("a write failure: one line naming the cause, old site intact, no temporary folder, lock released", async () => {
  const parent = tempDir();
  try {
    const output = path.join(parent, "_site");
    assert.ok((await buildSite(settings(output))).ok);
    const before = digest(output);
    const diskFull: PostWriteStep = {
      name: "fill the disk",
      async run() {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", path: path.join(output, "x.html") });
      },
    };
    const result = await buildSite(settings(output, { steps: [everyPageOnce, diskFull] }));
    assert.equal(result.ok, false);
    assert.match(failed(result), /^the disk is full \(.*x\.html\): free some space and build again$/);
    assert.deepEqual(digest(output), before, "the published site is untouched");
    assert.deepEqual(readdirSync(parent).sort(), ["_site"], "no temporary folder and no lock left beside it");
    for (const code of ["EROFS", "EACCES", "ENAMETOOLONG", "ENOSPC", "ENOTDIR", "EEXIST", "ENOENT"]) assert.ok(describeWriteFailure({ code }), code);
    // An output path through a file is one line, not a stack.
    writeFileSync(path.join(parent, "a-file"), "x");
    const through = await buildSite(settings(path.join(parent, "a-file", "_site")));
    assert.equal(through.ok, false);
    assert.match(failed(through), /^a file stands where a folder must be \(.*a-file.*\)/);
    rmSync(path.join(parent, "a-file"));
  } finally {
    removeDir(parent);
  }
});

test("a live build's lock makes a second build into the same folder refuse at once", async () => {
  const parent = tempDir();
  try {
    const output = path.join(parent, "_site");
    mkdirSync(`${output}.lock`);
    writeFileSync(path.join(`${output}.lock`, "owner.json"), JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname(), started: "" }));
    const result = await buildSite(settings(output));
    assert.match(failed(result), new RegExp(`another build \\(process ${process.pid}\\) is writing`));
    assert.equal(existsSync(output), false);
  } finally {
    removeDir(parent);
  }
});

test("a killed build's lock and temporary folder are cleared even while its process is an unreaped zombie", async () => {
  const parent = tempDir();
  // `sleep 0` is started, then its parent becomes `sleep 5`, which never reaps it: a zombie.
  const holder = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 5"], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    const zombie = Number((await new Promise<string>((resolve) => holder.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())))).trim());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const state = readFileSync(`/proc/${zombie}/stat`, "utf8").split(") ")[1]?.[0];
    assert.equal(state, "Z", "the lock's owner is a zombie");
    const output = path.join(parent, "_site");
    mkdirSync(`${output}.lock`);
    writeFileSync(path.join(`${output}.lock`, "owner.json"), JSON.stringify({ pid: zombie, host: (await import("node:os")).hostname(), started: "" }));
    mkdirSync(`${output}.building-${zombie}-1`);
    writeFileSync(path.join(`${output}.building-${zombie}-1`, "half.html"), "<p>half");
    const result = await buildSite(settings(output));
    assert.ok(result.ok, failed(result));
    await result.previousRemoved();
    assert.deepEqual(readdirSync(parent).sort(), ["_site"]);
  } finally {
    holder.kill();
    removeDir(parent);
  }
});

test("a warm build renders only what an edit changed and is byte-identical to a cold build; a tampered cache (a link, a broken index, a killed build's leftovers) is never published", async () => {
  const parent = tempDir();
  const editable = makeContent({ articles });
  try {
    const options = { ...fixtureOptions(editable), cacheDir: path.join(parent, "cache") };
    const logged: string[] = [];
    const warmSettings = (outputDir: string, useCache: boolean): BuildSettings => ({ options, outputDir, workers: 0, log: (line) => logged.push(line), useCache });
    const searchLine = () => logged.filter((line) => line.startsWith("[portal] search index:")).at(-1) ?? "";
    const first = await buildSite(warmSettings(path.join(parent, "warm"), true));
    assert.ok(first.ok && first.pagesFromCache === 0, "a cold cache renders everything");
    assert.match(searchLine(), /: 30 articles in 3 index\(es\), 0 unchanged from the cache/);
    const total = first.ok ? first.minified : 0;

    const file = path.join(editable, "articles", "jiceng", "a-7.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("title: 第7篇", "title: 第7篇（修订）"));
    // A replaced site whose background removal was stopped: the next build finishes it.
    mkdirSync(path.join(parent, "warm.removing-1-1", "dangfeng"), { recursive: true });
    writeFileSync(path.join(parent, "warm.removing-1-1", "dangfeng", "index.html"), "old");
    const second = await buildSite(warmSettings(path.join(parent, "warm"), true));
    assert.ok(second.ok, failed(second));
    // The stopped removal is finished in the background; the replaced site is kept as the spare.
    await second.previousRemoved();
    for (let waited = 0; waited < 100 && readdirSync(parent).some((name) => name.startsWith("warm.removing-")); waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(readdirSync(parent).filter((name) => name.startsWith("warm")).sort(), ["warm", "warm.spare"], "the stopped removal's leftover is gone, the replaced site kept for its folders");
    assert.ok(second.ok && !second.spareReused, "there was no spare before the second build");
    const rendered = second.ok ? second.minified : total;
    assert.ok(second.ok && second.pagesFromCache > 0, "unchanged pages come from the cache");
    // Taken as hard links of the cache's files (one file, two names), not written again.
    for (const file of ["jiceng/a-1/index.html", "care/jiceng/a-1/index.html"]) assert.ok(statSync(path.join(parent, "warm", file)).nlink >= 2, `${file} is linked from the cache`);
    assert.ok(rendered < total / 2, `only the edit's pages are rendered again: ${rendered} of ${total}`);
    // The edited article is from 2023: only that year's search index is made again.
    assert.match(searchLine(), /: 30 articles in 3 index\(es\), 2 unchanged from the cache/);

    const cold = await buildSite(warmSettings(path.join(parent, "cold"), false));
    assert.ok(cold.ok, failed(cold));
    assert.deepEqual(digest(path.join(parent, "warm")), digest(path.join(parent, "cold")), "the warm output is exactly the cold output");
    assert.match(readFileSync(path.join(parent, "warm", "jiceng", "a-7", "index.html"), "utf8"), /第7篇（修订）/);

    // A tampered cache is never published: a page entry replaced by a symbolic link is rendered
    // again, a search entry without its index file is made again, a killed build's temporary entries go.
    const planted = path.join(parent, "planted.txt");
    writeFileSync(planted, "PLANTED");
    const pageEntries = path.join(parent, "cache", "pages");
    const pageEntry = (readdirSync(pageEntries, { recursive: true }) as string[]).find((name) => name.endsWith(".html")) ?? "";
    rmSync(path.join(pageEntries, pageEntry));
    symlinkSync(planted, path.join(pageEntries, pageEntry));
    const searchEntries = path.join(parent, "cache", "search");
    const searchEntry = readdirSync(searchEntries).find((name) => /^[0-9a-f]{64}$/.test(name)) ?? "";
    rmSync(path.join(searchEntries, searchEntry, "pagefind-entry.json"));
    // Left by a build that was killed: its process is gone.
    const gone = spawnSync("true").pid ?? 0;
    writeFileSync(path.join(pageEntries, `x.html.${gone}.tmp`), "half");
    mkdirSync(path.join(searchEntries, `${"0".repeat(64)}.${gone}.tmp`));
    // The spare (the first build's site) with things no build made in it: a page of a folder this
    // build does not fill, and a link to a file outside. Its pages share their files with the cache
    // and with the site published now, so the build must only ever unlink them.
    const spare = path.join(parent, "warm.spare");
    mkdirSync(path.join(spare, "stale", "deep"), { recursive: true });
    writeFileSync(path.join(spare, "stale", "deep", "index.html"), "stale");
    symlinkSync(planted, path.join(spare, "jiceng", "linked.html"));
    const publishedBefore = digest(path.join(parent, "warm"));
    const third = await buildSite(warmSettings(path.join(parent, "warm"), true));
    assert.ok(third.ok, failed(third));
    assert.ok(third.ok && third.spareReused, "the third build filled the spare's folders");
    assert.equal(existsSync(path.join(parent, "warm", "stale")), false, "folders this build did not fill are removed");
    assert.equal(readFileSync(planted, "utf8"), "PLANTED", "the spare's link was removed, its target left alone");
    assert.deepEqual(digest(spare), publishedBefore, "the site published during the build (the next spare) was never written into");
    const published = readdirSync(path.join(parent, "warm"), { recursive: true }) as string[];
    assert.deepEqual(published.filter((name) => lstatSync(path.join(parent, "warm", name)).isSymbolicLink()), [], "no link is published");
    assert.ok(!published.some((name) => statSync(path.join(parent, "warm", name)).isFile() && readFileSync(path.join(parent, "warm", name), "utf8").includes("PLANTED")), "the link's target is not published");
    assert.ok(existsSync(path.join(searchEntries, searchEntry, "pagefind-entry.json")), "the broken search entry was made again");
    assert.deepEqual([...readdirSync(pageEntries, { recursive: true }), ...readdirSync(searchEntries)].filter((name) => String(name).endsWith(".tmp")), [], "the killed build's temporary entries are gone");
    assert.deepEqual(digest(path.join(parent, "warm")), digest(path.join(parent, "cold")), "still exactly the cold output");
  } finally {
    removeDir(parent);
    removeDir(editable);
  }
});

test("a spare whose folders are not a new folder's: a changed mode is set back; another owner's folder makes the build start afresh, lock released, nothing left", async () => {
  const parent = tempDir();
  try {
    const output = path.join(parent, "_site");
    const cached = (extra: Partial<BuildSettings> = {}) => settings(output, { options: { ...fixtureOptions(content), cacheDir: path.join(parent, "cache") }, useCache: true, ...extra });
    for (let build = 0; build < 2; build += 1) assert.ok((await buildSite(cached())).ok);
    const spare = `${output}.spare`;
    assert.ok(existsSync(spare), "the second build kept the first one's site");
    const freshMode = 0o777 & ~process.umask();
    // A folder someone closed up in the published site, two builds ago.
    const { chmodSync } = await import("node:fs");
    chmodSync(path.join(spare, "jiceng"), 0o700);
    const third = await buildSite(cached());
    assert.ok(third.ok && third.spareReused, failed(third));
    assert.equal(statSync(path.join(output, "jiceng")).mode & 0o7777, freshMode, "the kept folder has a new folder's mode");
    if (process.getuid?.() === 0) {
      // Another user's folder (a build once run with sudo, seen the other way round): not reused, not fatal.
      const { chownSync } = await import("node:fs");
      chownSync(path.join(`${output}.spare`, "jiceng"), 65534, 65534);
      const fourth = await buildSite(cached());
      assert.ok(fourth.ok && !fourth.spareReused, failed(fourth));
      await fourth.previousRemoved();
      assert.equal(statSync(path.join(output, "jiceng")).uid, 0);
      const beside = readdirSync(parent).filter((name) => name.startsWith("_site")).sort();
      assert.deepEqual(beside, ["_site", "_site.spare"], "no lock, no temporary folder; the unusable spare removed in the background");
    }
    // Something that is not a folder where the spare goes is cleared, so the next site can be kept.
    rmSync(`${output}.spare`, { recursive: true, force: true });
    symlinkSync(parent, `${output}.spare`);
    const fifth = await buildSite(cached());
    assert.ok(fifth.ok && !fifth.spareReused, failed(fifth));
    assert.ok(lstatSync(`${output}.spare`).isDirectory(), "the link was removed and the replaced site kept in its place");
    assert.ok(existsSync(path.join(parent, "cache")), "the link's target is untouched");
  } finally {
    removeDir(parent);
  }
});

test("search sections: a year is one index; a big year is cut into parts counted from its oldest article, so new articles change only its last part", () => {
  const articlesOf = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .flatMap(([year, count]) => Array.from({ length: count }, () => ({ date: { year }, searchSection: "" })));
  const small = articlesOf({ "2025": 3, "2024": 5 });
  assert.deepEqual(assignSearchSections(small, 5), ["2025", "2024"]);
  assert.deepEqual(small.map((article) => article.searchSection), ["2025", "2025", "2025", "2024", "2024", "2024", "2024", "2024"]);
  // Newest first, as the model keeps them: 2024's 12 articles are 2024-3 (the 2 newest), 2024-2, 2024-1 (the 5 oldest).
  const big = articlesOf({ "2025": 1, "2024": 12 });
  assert.deepEqual(assignSearchSections(big, 5), ["2025", "2024-3", "2024-2", "2024-1"]);
  assert.deepEqual(big.map((article) => article.searchSection), ["2025", "2024-3", "2024-3", "2024-2", "2024-2", "2024-2", "2024-2", "2024-2", "2024-1", "2024-1", "2024-1", "2024-1", "2024-1"]);
  // One more 2024 article, newest of its year: the older parts keep exactly their articles.
  const grown = [big[0] as (typeof big)[number], { date: { year: "2024" }, searchSection: "" }, ...big.slice(1)].map((article) => ({ ...article, searchSection: "" }));
  assignSearchSections(grown, 5);
  assert.deepEqual(grown.slice(2).map((article) => article.searchSection), big.slice(1).map((article) => article.searchSection));
  assert.equal(grown[1]?.searchSection, "2024-3");
  assert.deepEqual(searchSections([{ file: "b/index.html", section: "2024-1" }, { file: "a/index.html", section: "2024-10" }, { file: "c/index.html", section: "2025" }, { file: "d/index.html", section: "2024-2" }]).map((section) => section.name), ["2025", "2024-10", "2024-2", "2024-1"]);
});
