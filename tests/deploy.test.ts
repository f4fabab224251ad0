/**
 * `npm run deploy` against a local S3-compatible server: s3rver, an S3 emulator on Node that keeps
 * objects with their Content-Type and Cache-Control on disk and reports every put and delete as
 * an S3 event notification, in order. It speaks the same REST API (PutObject, GetObject,
 * DeleteObject) that OSS, COS and MinIO answer; it does not verify SigV4 signatures (it checks
 * only the key id), which the AWS SDK computes for every one of those services alike.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver, { type S3Event } from "s3rver";
import { MANIFEST, deploySite, type ObjectStore } from "../src/deploy/deploy.ts";
import { parseS3Url, s3Store } from "../src/deploy/s3.ts";
import { runDeploy } from "../src/cli/commands/deploy.ts";
import { runCommand } from "./helpers/cli.ts";
import { ROOT, article, buildFixture, makeContent, removeDir, tempDir, type BuiltSite } from "./helpers/site.ts";

// s3rver knows one account, whose key id is S3RVER; the secret is not checked, so a distinctive
// one shows whether it ever reaches the output.
const KEY_ID = "S3RVER";
const SECRET = "not-a-real-secret-5f0c2e9a7b";
const CHANGED = "党风政风测试文章3";
const REMOVED = "党风政风测试文章5";
/** The deploys' clock: a fixed moment, later ones counted from it. */
const NOW = new Date("2024-06-01T08:00:00Z");
const HOUR = 60 * 60 * 1000;

let site: BuiltSite;
let server: S3rver;
let endpoint: string;
let work: string;
let store: ObjectStore;
/** The files a deploy publishes: the built ones and .well-known/, not the build's marker. */
let published: string[];
const events: string[] = [];
const folders: string[] = [];

before(async () => {
  const content = makeContent({
    articles: [
      ...[1, 2, 3, 4, 5].map((i) => ({ path: `dangfeng/a${i}.md`, frontmatter: article({ title: `党风政风测试文章${i}`, date: `2024-05-0${i}` }) })),
      { path: "jiceng/b1.md", frontmatter: article({ title: "基层治理测试文章", column: "基层治理", date: "2024-04-01" }) },
      {
        path: "jiceng/b2/index.md",
        frontmatter: `${Object.entries(article({ title: "基层治理附件测试", column: "基层治理", date: "2024-03-01" })).map(([key, value]) => `${key}: ${String(value)}`).join("\n")}\nattachments:\n  - tongzhi.docx\n  - gongwen.ofd`,
      },
    ],
    rawFiles: { "articles/jiceng/b2/tongzhi.docx": "not really a docx\n", "articles/jiceng/b2/gongwen.ofd": "not really an ofd\n" },
  });
  site = await buildFixture(content);
  // The deploy reads a copy, which the tests change as a new build would.
  work = tempDir("portal-deploy-site-");
  cpSync(site.outputDir, work, { recursive: true });
  // What npm run build also leaves in the output: its marker (not published), and a .well-known/ file (published).
  writeFileSync(path.join(work, ".portal-site"), "marker\n");
  mkdirSync(path.join(work, ".well-known"));
  writeFileSync(path.join(work, ".well-known", "security.txt"), "Contact: mailto:security@example.gov.cn\n");
  published = [...site.files, ".well-known/security.txt"].sort();
  const objects = tempDir("portal-s3-");
  folders.push(content, site.outputDir, work, objects);

  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: objects, configureBuckets: [{ name: "portal" }] });
  server.on("event", (event: S3Event) => {
    for (const record of event.Records) events.push(`${record.eventName.startsWith("ObjectRemoved") ? "delete" : "put"} ${decodeURIComponent(record.s3.object.key)}`);
  });
  const address = await server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
  store = s3Store({ ...parseS3Url("s3://portal/www/"), endpoint, region: "us-east-1", pathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
});

after(async () => {
  // The clients' kept-alive connections would hold the server's close open.
  store?.close();
  for (const opened of extraStores) opened.close();
  await server?.close();
  for (const folder of folders) removeDir(folder);
});

/** The events since the last call, with the bucket folder taken off. */
function takeEvents(folder = "www/"): string[] {
  return events.splice(0).map((event) => event.replace(` ${folder}`, " "));
}

/** Rewrites every built file that shows `from`, as a rebuild after that edit would; returns them. */
function editBuiltFiles(from: string, to: string, dir = work): string[] {
  const touched = site.files.filter((file) => existsSync(path.join(dir, file)) && readFileSync(path.join(dir, file), "utf8").includes(from));
  for (const file of touched) writeFileSync(path.join(dir, file), readFileSync(path.join(dir, file), "utf8").split(from).join(to));
  return touched.sort();
}

/** A fresh copy of the fixture build, with the marker npm run build writes: another build of the same content. */
function copyOfBuild(): string {
  const dir = tempDir("portal-deploy-build-");
  folders.push(dir);
  cpSync(site.outputDir, dir, { recursive: true });
  writeFileSync(path.join(dir, ".portal-site"), "marker\n");
  return dir;
}

const extraStores: ObjectStore[] = [];

/** The bucket under another folder, so a test starts from an empty one. */
function storeAt(folder: string): ObjectStore {
  const opened = s3Store({ ...parseS3Url(`s3://portal/${folder}`), endpoint, region: "us-east-1", pathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
  extraStores.push(opened);
  return opened;
}

/**
 * The store with some requests failing as a service's 500 would: `fails` sees each request
 * (`put KEY`, `delete KEY`) and the requests that went through before it.
 */
function failingStore(inner: ObjectStore, fails: (request: string, done: readonly string[]) => boolean): ObjectStore {
  const done: string[] = [];
  const attempt = async (request: string, send: () => Promise<void>) => {
    if (fails(request, done)) throw new Error(`500 Internal Server Error (${request})`);
    await send();
    done.push(request);
  };
  return {
    name: inner.name,
    read: (key) => inner.read(key),
    write: (key, body, headers) => attempt(`put ${key}`, () => inner.write(key, body, headers)),
    remove: (key) => attempt(`delete ${key}`, () => inner.remove(key)),
    close: () => {},
  };
}

/** What the bucket serves at each path, as text (undefined: nothing). */
async function served(bucket: ObjectStore, files: readonly string[]): Promise<Record<string, string | undefined>> {
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file, (await bucket.read(file))?.toString("utf8")] as const)));
}

const builtText = (dir: string, files: readonly string[]) => Object.fromEntries(files.map((file) => [file, existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), "utf8") : undefined]));

const kind = (file: string) => (/\.html$/.test(file) ? 1 : /\.xml$|^robots\.txt$/.test(file) ? 2 : 0);

test("a first deploy uploads every file: assets, then pages, then feeds and sitemaps, the manifest last", async () => {
  const report = await deploySite({ now: NOW, siteDir: work, store, concurrency: 4 });
  assert.deepEqual([...report.uploaded].sort(), published);
  const order = takeEvents();
  assert.equal(order[0], `put ${MANIFEST}`, "the manifest marking the files to come as unsettled, first");
  assert.equal(order.at(-1), `put ${MANIFEST}`);
  const files = order.slice(1, -1).map((event) => event.replace(/^put /, ""));
  assert.deepEqual([...files].sort(), published, "one put per built file");
  const kinds = files.map(kind);
  assert.deepEqual(kinds, [...kinds].sort(), "no page before an asset, no feed or sitemap before a page");
});

test("objects carry the content type and cache policy nginx uses", async () => {
  const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
  const css = site.files.find((file) => /^assets\/site\.[0-9a-f]{8}\.css$/.test(file))!;
  const expected = [
    [css, "text/css; charset=utf-8", "public, max-age=31536000, immutable"],
    ["dangfeng/a3/index.html", "text/html; charset=utf-8", "public, max-age=300"],
    ["feed.xml", "application/atom+xml; charset=utf-8", "public, max-age=300"],
    ["sitemap.xml", "application/xml; charset=utf-8", "public, max-age=300"],
    ["robots.txt", "text/plain; charset=utf-8", "public, max-age=300"],
    // The types the attachments' links announce (src/media/kinds.ts), not octet-stream.
    ["jiceng/b2/tongzhi.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "public, max-age=300"],
    ["jiceng/b2/gongwen.ofd", "application/ofd", "public, max-age=300"],
  ];
  for (const [file, type, cache] of expected) {
    const head = await client.send(new HeadObjectCommand({ Bucket: "portal", Key: `www/${file}` }));
    assert.equal(head.ContentType, type, file);
    assert.equal(head.CacheControl, cache, file);
  }
  client.destroy();
});

test("a second deploy with nothing changed uploads nothing", async () => {
  const report = await deploySite({ now: NOW, siteDir: work, store });
  assert.deepEqual(report.uploaded, []);
  assert.deepEqual(report.deleted, []);
  assert.equal(report.unchanged, published.length);
  assert.deepEqual(takeEvents(), [], "not even the manifest is written again");
});

test("after one article changes, only its page and the pages that show it are uploaded", async () => {
  const touched = editBuiltFiles(CHANGED, `${CHANGED}（修订）`);
  assert.ok(touched.includes("dangfeng/a3/index.html") && touched.includes("dangfeng/index.html") && touched.includes("feed.xml"));
  assert.ok(touched.length < site.files.length / 2, `${touched.length} of ${site.files.length} files show the article`);
  const report = await deploySite({ now: NOW, siteDir: work, store });
  assert.deepEqual([...report.uploaded].sort(), touched);
  assert.ok(!report.uploaded.includes("about/index.html") && !report.uploaded.some((file) => file.startsWith("assets/")));
  const order = takeEvents();
  assert.equal(order[0], `put ${MANIFEST}`);
  assert.equal(order.at(-1), `put ${MANIFEST}`);
  assert.deepEqual(order.slice(1, -1).sort(), touched.map((file) => `put ${file}`));
});

test("a dry run lists what it would do and writes nothing", async () => {
  rmSync(path.join(work, "dangfeng", "a5"), { recursive: true });
  const touched = editBuiltFiles(REMOVED, "");
  const lines: string[] = [];
  const report = await deploySite({ now: NOW, siteDir: work, store, dryRun: true, log: (line) => lines.push(line) });
  assert.deepEqual([...report.uploaded].sort(), touched);
  assert.deepEqual(report.deleted, ["dangfeng/a5/index.html"]);
  assert.ok(lines.includes("would delete  dangfeng/a5/index.html"), lines.join("\n"));
  assert.ok(lines.includes("would upload  dangfeng/index.html  (text/html; charset=utf-8; public, max-age=300)"), lines.join("\n"));
  assert.deepEqual(takeEvents(), []);
});

test("a removed article's page is deleted after every upload, before the manifest", async () => {
  const report = await deploySite({ now: NOW, siteDir: work, store });
  assert.deepEqual(report.deleted, ["dangfeng/a5/index.html"]);
  const order = takeEvents();
  assert.equal(order[0], `put ${MANIFEST}`);
  assert.deepEqual(order.slice(-2), ["delete dangfeng/a5/index.html", `put ${MANIFEST}`]);
  assert.deepEqual(order.slice(1, -2).sort(), [...report.uploaded].sort().map((file) => `put ${file}`));
  assert.equal(await store.read("dangfeng/a5/index.html"), undefined);
  const manifest = JSON.parse((await store.read(MANIFEST))!.toString()) as { files: Record<string, string> };
  assert.ok(!("dangfeng/a5/index.html" in manifest.files));
});

test("a deploy whose upload failed half-way, then a rollback: every file it touched is put back, and a page it added is deleted", async () => {
  const bucket = storeAt("rollback-upload/");
  const buildA = copyOfBuild();
  await deploySite({ now: NOW, siteDir: buildA, store: bucket });
  // Build B: one article changed, one added.
  const buildB = copyOfBuild();
  const touched = editBuiltFiles(CHANGED, `${CHANGED}（修订）`, buildB);
  mkdirSync(path.join(buildB, "dangfeng", "a9"));
  writeFileSync(path.join(buildB, "dangfeng", "a9", "index.html"), "<!doctype html><title>新文章</title>\n");
  await assert.rejects(deploySite({ now: NOW, siteDir: buildB, store: failingStore(bucket, (request) => request === "put feed.xml") }), /500 Internal Server Error \(put feed\.xml\)/);
  assert.equal((await bucket.read("dangfeng/a3/index.html"))?.toString(), readFileSync(path.join(buildB, "dangfeng", "a3", "index.html"), "utf8"), "B's pages went up before the feed failed");
  assert.ok(await bucket.read("dangfeng/a9/index.html"));
  takeEvents("rollback-upload/");

  // The article is put back and the site rebuilt: byte for byte build A.
  const report = await deploySite({ now: NOW, siteDir: buildA, store: bucket });
  for (const file of touched) assert.ok(report.uploaded.includes(file), `${file} is uploaded again`);
  assert.deepEqual(report.deleted, ["dangfeng/a9/index.html"]);
  assert.deepEqual(await served(bucket, [...touched, "dangfeng/a9/index.html"]), builtText(buildA, [...touched, "dangfeng/a9/index.html"]));
  const settled = await deploySite({ now: NOW, siteDir: buildA, store: bucket });
  assert.deepEqual([settled.uploaded, settled.deleted], [[], []], "and after it the manifest is exact again");
  takeEvents("rollback-upload/");
});

test("a deploy whose last manifest write failed after its deletions, then a rollback: the deleted page is uploaded again", async () => {
  const bucket = storeAt("rollback-manifest/");
  const buildA = copyOfBuild();
  await deploySite({ now: NOW, siteDir: buildA, store: bucket });
  takeEvents("rollback-manifest/");
  // Build B: article 5 deleted.
  const buildB = copyOfBuild();
  rmSync(path.join(buildB, "dangfeng", "a5"), { recursive: true });
  const touched = editBuiltFiles(REMOVED, "", buildB);

  // The first manifest write failing stops the deploy before anything else is sent.
  await assert.rejects(deploySite({ now: NOW, siteDir: buildB, store: failingStore(bucket, (request) => request === `put ${MANIFEST}`) }), /500/);
  assert.deepEqual(takeEvents("rollback-manifest/"), []);
  // The manifest write after the deletions failing: the page is already gone.
  const lastManifest = (request: string, done: readonly string[]) => request === `put ${MANIFEST}` && done.some((earlier) => earlier.startsWith("delete "));
  await assert.rejects(deploySite({ now: NOW, siteDir: buildB, store: failingStore(bucket, lastManifest) }), /500/);
  assert.ok(takeEvents("rollback-manifest/").includes("delete dangfeng/a5/index.html"));
  assert.equal(await bucket.read("dangfeng/a5/index.html"), undefined);

  // The article is restored and the site rebuilt: byte for byte build A.
  const report = await deploySite({ now: NOW, siteDir: buildA, store: bucket });
  assert.ok(report.uploaded.includes("dangfeng/a5/index.html"), report.uploaded.join(" "));
  for (const file of touched) assert.ok(report.uploaded.includes(file), `${file} is uploaded again`);
  assert.deepEqual(await served(bucket, [...touched, "dangfeng/a5/index.html"]), builtText(buildA, [...touched, "dangfeng/a5/index.html"]));
  takeEvents("rollback-manifest/");
});

test("a manifest that cannot be read counts as none: one warning naming it, every file uploaded, a good manifest in its place", async () => {
  const bucket = storeAt("corrupt/");
  const build = copyOfBuild();
  const cases = [
    ['{"version": 2, "files": {"index.html": "', "not JSON"],
    ['{"version": 2, "files": ["index.html"]}', "a manifest whose files are not path → digest"],
    ['{"version": 1, "files": {"index.html": 3}}', "a manifest whose files are not path → digest"],
    ['{"files": {}}', "not a version 1 or 2 manifest"],
    ["[]", "not a version 1 or 2 manifest"],
  ];
  for (const [broken, problem] of cases) {
    await bucket.write(MANIFEST, Buffer.from(broken!), { contentType: "application/json", cacheControl: "no-store" });
    takeEvents("corrupt/");
    const result = await runCommand(runDeploy, ["s3://portal/corrupt/", "--endpoint", endpoint, "--path-style"], {
      cwd: ROOT,
      env: { ...process.env, PORTAL_OUTPUT: build, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: "us-east-1" },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, `[deploy] warning: s3://portal/corrupt/${MANIFEST} is ${problem}: deploying as to an empty bucket (every file uploaded, nothing deleted); a good manifest replaces it\n`, broken);
    assert.match(result.stdout, new RegExp(`done: ${site.files.length} uploaded, 0 deleted, 0 unchanged`), broken);
    const again = await deploySite({ now: NOW, siteDir: build, store: bucket, warn: (line) => assert.fail(line) });
    assert.deepEqual(again.uploaded, [], `${broken}: the manifest was replaced by a good one`);
  }
  takeEvents("corrupt/");
});

test("a version 1 manifest (from before unsettled files) is read as it was meant, then written again as version 2", async () => {
  const bucket = storeAt("version1/");
  const build = copyOfBuild();
  await deploySite({ now: NOW, siteDir: build, store: bucket });
  const current = JSON.parse((await bucket.read(MANIFEST))!.toString()) as { version: number; files: Record<string, string> };
  assert.equal(current.version, 2);
  await bucket.write(MANIFEST, Buffer.from(JSON.stringify({ version: 1, files: current.files })), { contentType: "application/json", cacheControl: "no-store" });
  takeEvents("version1/");
  const report = await deploySite({ now: NOW, siteDir: build, store: bucket });
  assert.deepEqual([report.uploaded, report.deleted], [[], []]);
  assert.deepEqual(takeEvents("version1/"), [`put ${MANIFEST}`]);
  assert.deepEqual(JSON.parse((await bucket.read(MANIFEST))!.toString()), current);
  await deploySite({ now: NOW, siteDir: build, store: bucket });
  assert.deepEqual(takeEvents("version1/"), [], "and then it is left alone");
});

test("old assets and search files stay online for the grace period after they leave the build; pages go at once", async () => {
  const bucket = storeAt("grace/");
  const oldCss = site.files.find((file) => /^assets\/site\.[0-9a-f]{8}\.css$/.test(file))!;
  const newCss = "assets/site.0badf00d.css";
  const searchFile = (dir: string, name: string) => {
    mkdirSync(path.join(dir, "pagefind", "2024", "index"), { recursive: true });
    writeFileSync(path.join(dir, "pagefind", "2024", "index", name), `${name}\n`);
  };
  // Build A, with a search index as the build's search step writes one.
  const buildA = copyOfBuild();
  searchFile(buildA, "zh_aaaa.pf_index");
  await deploySite({ now: NOW, store: bucket, siteDir: buildA });
  // Build B: a changed style sheet (a new fingerprint), a new search index, article 5 deleted.
  const buildB = copyOfBuild();
  renameSync(path.join(buildB, oldCss), path.join(buildB, newCss));
  editBuiltFiles(path.basename(oldCss), path.basename(newCss), buildB);
  searchFile(buildB, "zh_bbbb.pf_index");
  for (const page of ["dangfeng/a5", "care/dangfeng/a5"]) rmSync(path.join(buildB, page), { recursive: true });
  editBuiltFiles(REMOVED, "", buildB);
  takeEvents("grace/");

  const lines: string[] = [];
  const deployedB = new Date(NOW.getTime() + HOUR);
  const report = await deploySite({ now: deployedB, store: bucket, siteDir: buildB, log: (line) => lines.push(line) });
  const retired = [oldCss, "pagefind/2024/index/zh_aaaa.pf_index"];
  assert.deepEqual(report.deleted, ["care/dangfeng/a5/index.html", "dangfeng/a5/index.html"], "pages are taken down at once");
  assert.deepEqual(report.kept, retired);
  assert.ok(lines.includes(`keep    ${oldCss}  (no longer built; deleted by the first deploy after 2024-06-02T09:00:00.000Z)`), lines.join("\n"));
  assert.equal(await bucket.read("dangfeng/a5/index.html"), undefined);
  for (const file of retired) assert.ok(await bucket.read(file), `${file} is still online for pages cached before`);
  const manifest = JSON.parse((await bucket.read(MANIFEST))!.toString()) as { files: Record<string, string>; retired: Record<string, string> };
  assert.deepEqual(manifest.retired, Object.fromEntries(retired.map((file) => [file, deployedB.toISOString()])));
  assert.ok(!(oldCss in manifest.files) && newCss in manifest.files);

  // Within the grace period a deploy with nothing new writes nothing.
  takeEvents("grace/");
  const within = await deploySite({ now: new Date(deployedB.getTime() + 24 * HOUR), store: bucket, siteDir: buildB });
  assert.deepEqual([within.uploaded, within.deleted, within.kept], [[], [], retired]);
  assert.deepEqual(takeEvents("grace/"), []);
  // The first deploy after it deletes them; one stopped while deleting leaves them to the next.
  const stopped = failingStore(bucket, (request) => request === `delete ${oldCss}`);
  await assert.rejects(deploySite({ now: new Date(deployedB.getTime() + 24 * HOUR + 1), store: stopped, siteDir: buildB }), /500/);
  const past = await deploySite({ now: new Date(deployedB.getTime() + 24 * HOUR + 1), store: bucket, siteDir: buildB });
  assert.deepEqual([past.uploaded, past.deleted, past.kept], [[], retired, []]);
  for (const file of retired) assert.equal(await bucket.read(file), undefined, file);
  assert.deepEqual(JSON.parse((await bucket.read(MANIFEST))!.toString()).retired, {});

  // Rolled back to build A, with a grace period of one minute: A's style sheet and index come back, B's are kept, then go.
  const rollback = await deploySite({ now: new Date(deployedB.getTime() + 48 * HOUR), graceMs: 60_000, store: bucket, siteDir: buildA });
  assert.ok(retired.every((file) => rollback.uploaded.includes(file)));
  assert.deepEqual(rollback.kept, [newCss, "pagefind/2024/index/zh_bbbb.pf_index"]);
  const later = await deploySite({ now: new Date(deployedB.getTime() + 48 * HOUR + 60_001), graceMs: 60_000, store: bucket, siteDir: buildA });
  assert.deepEqual([later.uploaded, later.deleted, later.kept], [[], [newCss, "pagefind/2024/index/zh_bbbb.pf_index"], []]);
  takeEvents("grace/");
});

test("npm run deploy: uploads through the CLI, to a bucket's own address, and never prints the credentials", async () => {
  // The command in-process (tests/helpers/cli.ts), with the environment npm run deploy would have.
  const result = await runCommand(
    runDeploy,
    // --bucket-endpoint: the address is the bucket's own (a custom domain bound to it), here the bucket's path.
    ["s3://portal/cli/", "--endpoint", `${endpoint}/portal`, "--bucket-endpoint", "--concurrency", "4"],
    { cwd: ROOT, env: { ...process.env, PORTAL_OUTPUT: work, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: "us-east-1" } },
  );
  const output = result.stdout + result.stderr;
  assert.equal(result.code, 0, output);
  assert.match(result.stdout, new RegExp(`done: ${published.length - 1} uploaded, 0 deleted`));
  assert.match(result.stdout, /^upload {2}index\.html {2}\(text\/html; charset=utf-8; public, max-age=300\)$/m);
  assert.ok(!output.includes(SECRET), "the secret key is never printed");
  assert.equal(takeEvents("cli/").at(-1), `put ${MANIFEST}`);
});

test("npm run deploy: a grace period that is not a number of hours is refused", async () => {
  for (const hours of ["-1", "", "1d", "9000"]) {
    const result = await runCommand(runDeploy, ["s3://portal/", `--grace-hours=${hours}`], { cwd: ROOT, env: { ...process.env, PORTAL_OUTPUT: work } });
    assert.equal(result.code, 2, hours);
    assert.equal(result.stderr, `[deploy] --grace-hours must be a number of hours from 0 to 8760, got ${hours}\n`);
  }
});

test("bucket addresses", () => {
  assert.deepEqual(parseS3Url("s3://portal-1250000000"), { bucket: "portal-1250000000", prefix: "" });
  assert.deepEqual(parseS3Url("s3://portal/www"), { bucket: "portal", prefix: "www/" });
  assert.deepEqual(parseS3Url("s3://portal/a/b/"), { bucket: "portal", prefix: "a/b/" });
  assert.throws(() => parseS3Url("https://portal.oss-cn-beijing.aliyuncs.com/"), /is not a bucket address: use s3:\/\/BUCKET/);
  assert.throws(() => parseS3Url("s3://Portal/"), /is not a bucket address/);
  assert.throws(() => parseS3Url("s3://portal/../x/"), /may not contain/);
});

test("a folder that is not a production build is refused, by name, before the bucket is touched", async () => {
  // What npm start leaves in _dev/: the same kind of files (drafts among them), and no marker.
  const dev = tempDir("portal-dev-out-");
  folders.push(dev);
  cpSync(site.outputDir, dev, { recursive: true });
  await assert.rejects(deploySite({ now: NOW, siteDir: dev, store }), (error: Error) => error.name === "DeployError" && error.message.startsWith(`${dev}/ is not a production build`));
  const result = await runCommand(runDeploy, ["s3://portal/dev/", "--endpoint", endpoint, "--path-style"], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_OUTPUT: dev, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: "us-east-1" },
  });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.equal(
    result.stderr,
    `[deploy] ${path.relative(ROOT, dev)}/ is not a production build (no .portal-site marker; npm start's output, which holds drafts, never has one): run npm run build and deploy its output\n`,
  );
  assert.deepEqual(takeEvents(), [], "nothing was written to the bucket");
});
