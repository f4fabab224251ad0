/**
 * deploy/nginx.conf in Debian's nginx, serving a fresh production build, checked with real HTTP:
 * at the site root and under a path prefix (deploy/nginx-prefix.conf).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { NGINX_FILES, pageSecurityPolicy, renderNginxConf } from "../src/deploy/nginx.ts";
import { get, startNginx, type RunningNginx } from "./helpers/nginx.ts";
import { ROOT, article, buildFixture, bundledSiteData, makeContent, removeDir, tempDir, type BuiltSite } from "./helpers/site.ts";

const ATTACHMENTS = ["tongzhi.docx", "biaoge.xlsx", "gongwen.ofd", "wendang.wps"];

let site: BuiltSite;
let nginx: RunningNginx;
const folders: string[] = [];

before(async () => {
  // Five articles in one column, two a page: the column has a page 2 and a page 3.
  const content = makeContent({
    site: { ...bundledSiteData(), pageSize: 2 },
    articles: [
      ...[1, 2, 3, 4, 5].map((i) => ({
        path: `dangfeng/a${i}.md`,
        frontmatter: article({ title: `党风政风测试文章${i}`, date: `2024-05-0${i}`, tags: ["基层治理"] }),
      })),
      // In another column, so the paging above stays as it is; its attachments sit in a folder of their own.
      {
        path: "jiceng/b1/index.md",
        frontmatter: `${Object.entries(article({ title: "基层治理附件测试", column: "基层治理", date: "2024-04-01" })).map(([key, value]) => `${key}: ${String(value)}`).join("\n")}\nattachments:\n${ATTACHMENTS.map((file) => `  - files/${file}`).join("\n")}`,
      },
    ],
    rawFiles: Object.fromEntries(ATTACHMENTS.map((file) => [`articles/jiceng/b1/files/${file}`, `not really a ${file}\n`])),
  });
  site = await buildFixture(content);
  // Pagefind's indexes are made by a post-write step the fixture build does not run: a folder of them, without index.html.
  mkdirSync(path.join(site.outputDir, "pagefind", "2024"), { recursive: true });
  writeFileSync(path.join(site.outputDir, "pagefind", "2024", "pagefind-entry.json"), "{}\n");
  // What npm run build also leaves in the output: its marker, and a .well-known/ file a site may publish.
  writeFileSync(path.join(site.outputDir, ".portal-site"), "marker\n");
  mkdirSync(path.join(site.outputDir, ".well-known"));
  writeFileSync(path.join(site.outputDir, ".well-known", "security.txt"), "Contact: mailto:security@example.gov.cn\n");
  // Under a prefix the site is a folder of the served root, as on a host that serves several sites.
  const www = tempDir("portal-www-");
  symlinkSync(site.outputDir, path.join(www, "portal"));
  folders.push(content, site.outputDir, www);
  nginx = await startNginx([
    { root: site.outputDir, include: path.join(ROOT, "deploy", "nginx.conf") },
    { root: www, include: path.join(ROOT, "deploy", "nginx-prefix.conf") },
  ]);
});

after(async () => {
  await nginx?.stop();
  for (const folder of folders) removeDir(folder);
});

test("deploy/nginx*.conf are what `npm run nginx-conf` writes from the current templates", () => {
  const policy = pageSecurityPolicy(readFileSync(path.join(ROOT, "templates", "layouts", "base.njk"), "utf8"));
  for (const [file, pathPrefix] of Object.entries(NGINX_FILES)) {
    assert.equal(readFileSync(path.join(ROOT, file), "utf8"), renderNginxConf({ ...policy, pathPrefix }), `${file} is stale: run npm run nginx-conf`);
  }
});

const variants = [
  { name: "at the site root", server: 0, prefix: "" },
  { name: "under the path prefix /portal/", server: 1, prefix: "/portal" },
];

for (const { name, server, prefix } of variants) {
  const port = () => nginx.ports[server]!;

  test(`${name}: an article with and without its trailing slash`, async () => {
    const page = await get(port(), `${prefix}/dangfeng/a3/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(page.body.toString(), site.read("dangfeng/a3/index.html"));

    const bare = await get(port(), `${prefix}/dangfeng/a3`);
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.location, `${prefix}/dangfeng/a3/`, "a relative redirect to the slash form");
    const withQuery = await get(port(), `${prefix}/dangfeng/a3?from=weixin`);
    assert.equal(withQuery.headers.location, `${prefix}/dangfeng/a3/?from=weixin`, "the query string is kept");
  });

  test(`${name}: a column's page 2`, async () => {
    const page = await get(port(), `${prefix}/dangfeng/page/2/`);
    assert.equal(page.status, 200);
    assert.equal(page.body.toString(), site.read("dangfeng/page/2/index.html"));
    assert.match(page.body.toString(), /党风政风测试文章3/, "page 2 lists the third-newest article");
  });

  test(`${name}: feeds and the sitemap are served as XML, briefly cached`, async () => {
    for (const [url, type] of [
      ["/feed.xml", "application/atom+xml; charset=utf-8"],
      ["/dangfeng/feed.xml", "application/atom+xml; charset=utf-8"],
      ["/sitemap.xml", "application/xml; charset=utf-8"],
    ] as const) {
      const answer = await get(port(), prefix + url);
      assert.equal(answer.status, 200, url);
      assert.equal(answer.headers["content-type"], type, url);
      assert.equal(answer.headers["cache-control"], "public, max-age=300", url);
      assert.equal(answer.body.toString(), site.read(url.slice(1)), url);
    }
  });

  test(`${name}: a missing URL answers 404 with the site's 404 page`, async () => {
    for (const url of ["/no-such-page/", "/dangfeng/no-such-article/", "/assets/site.00000000.css", "/.portal-site", "/dangfeng/.hidden"]) {
      const answer = await get(port(), prefix + url);
      assert.equal(answer.status, 404, url);
      assert.equal(answer.headers["content-type"], "text/html; charset=utf-8", url);
      assert.equal(answer.body.toString(), site.read("404.html"), url);
    }
  });

  test(`${name}: a folder without index.html answers 404 with the site's 404 page, not nginx's 403`, async () => {
    assert.ok(site.files.includes("jiceng/b1/files/tongzhi.docx"), "the attachments are built into the article's files/ folder");
    for (const url of ["/assets/", "/pagefind/", "/pagefind/2024/", "/jiceng/b1/files/"]) {
      const answer = await get(port(), prefix + url);
      assert.equal(answer.status, 404, url);
      assert.equal(answer.headers["content-type"], "text/html; charset=utf-8", url);
      assert.equal(answer.body.toString(), site.read("404.html"), url);
    }
  });

  test(`${name}: a missing address under /care/ answers 404 with the 关怀版 404 page`, async () => {
    assert.notEqual(site.read("care/404.html"), site.read("404.html"));
    for (const url of ["/care/no-such-page/", "/care/dangfeng/no-such-article/", "/care/dangfeng/a3/missing.html", "/care/.hidden"]) {
      const answer = await get(port(), prefix + url);
      assert.equal(answer.status, 404, url);
      assert.equal(answer.headers["content-type"], "text/html; charset=utf-8", url);
      assert.equal(answer.headers["cache-control"], "public, max-age=300", url);
      assert.equal(answer.body.toString(), site.read("care/404.html"), url);
    }
    // Not every address starting with "care" is the 关怀版's.
    assert.equal((await get(port(), `${prefix}/careers/`)).body.toString(), site.read("404.html"));
  });

  test(`${name}: attachments are sent with the types their links announce`, async () => {
    for (const [file, type] of [
      ["tongzhi.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["biaoge.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      ["gongwen.ofd", "application/ofd"],
      ["wendang.wps", "application/vnd.ms-works"],
    ] as const) {
      const answer = await get(port(), `${prefix}/jiceng/b1/files/${file}`, { "accept-encoding": "gzip" });
      assert.equal(answer.status, 200, file);
      assert.equal(answer.headers["content-type"], type, file);
      assert.equal(answer.headers["content-encoding"], undefined, `${file} is not compressed as text`);
      assert.match(site.read("jiceng/b1/index.html"), new RegExp(`type="${type.replace(/[.+]/g, "\\$&")}"`), `the page's link announces ${type}`);
    }
  });

  test(`${name}: .well-known/ is served, unlike other dot-files`, async () => {
    const answer = await get(port(), `${prefix}/.well-known/security.txt`);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["content-type"], "text/plain; charset=utf-8");
  });

  test(`${name}: fingerprinted assets are cached for a year, HTML for five minutes`, async () => {
    const css = site.files.find((file) => /^assets\/site\.[0-9a-f]{8}\.css$/.test(file));
    const js = site.files.find((file) => /^assets\/enhance\.[0-9a-f]{8}\.js$/.test(file));
    assert.ok(css && js, "the build has fingerprinted assets");
    for (const [file, type] of [
      [css, "text/css; charset=utf-8"],
      [js, "text/javascript; charset=utf-8"],
    ] as const) {
      const answer = await get(port(), `${prefix}/${file}`);
      assert.equal(answer.status, 200, file);
      assert.equal(answer.headers["content-type"], type, file);
      assert.equal(answer.headers["cache-control"], "public, max-age=31536000, immutable", file);
    }
    for (const url of ["/", "/dangfeng/", "/robots.txt"]) {
      const answer = await get(port(), prefix + url);
      assert.equal(answer.status, 200, url);
      assert.equal(answer.headers["cache-control"], "public, max-age=300", url);
    }
  });

  test(`${name}: gzip when the reader asks for it, plain otherwise`, async () => {
    for (const file of ["index.html", site.files.find((f) => f.endsWith(".css"))!, "feed.xml", "sitemap.xml"]) {
      const url = `${prefix}/${file.replace(/index\.html$/, "")}`;
      const zipped = await get(port(), url, { "accept-encoding": "gzip" });
      assert.equal(zipped.headers["content-encoding"], "gzip", url);
      assert.equal(zipped.headers.vary, "Accept-Encoding", url);
      assert.equal(gunzipSync(zipped.body).toString(), site.read(file), url);
      const plain = await get(port(), url);
      assert.equal(plain.headers["content-encoding"], undefined, url);
      assert.equal(plain.body.toString(), site.read(file), url);
    }
  });

  test(`${name}: the security headers match the pages' own meta tags`, async () => {
    const policy = pageSecurityPolicy(site.read("dangfeng/a3/index.html"));
    for (const url of ["/dangfeng/a3/", "/dangfeng/a3", "/no-such-page/", "/feed.xml", `/${site.files.find((f) => f.endsWith(".js"))}`]) {
      const answer = await get(port(), prefix + url);
      assert.equal(answer.headers["content-security-policy"], policy.csp, url);
      assert.equal(answer.headers["referrer-policy"], policy.referrerPolicy, url);
      assert.equal(answer.headers["x-content-type-options"], "nosniff", url);
    }
  });
}

test("under a prefix, the prefix itself redirects to its slash form", async () => {
  const answer = await get(nginx.ports[1]!, "/portal");
  assert.equal(answer.status, 301);
  assert.equal(answer.headers.location, "/portal/");
  assert.equal((await get(nginx.ports[1]!, "/portal/")).body.toString(), site.read("index.html"));
});

test("nginx-conf for another prefix places every location under it", () => {
  const conf = renderNginxConf({ csp: "default-src 'self'", referrerPolicy: "no-referrer", pathPrefix: "/zx/portal/" });
  assert.match(conf, /^location \/zx\/portal\/ \{$/m);
  assert.match(conf, /^location = \/zx\/portal \{$/m);
  assert.match(conf, /^set \$portal_not_found \/zx\/portal\/404\.html;$/m);
  assert.match(conf, /^if \(\$uri ~ "\^\/zx\/portal\/care\/"\) \{\n {4}set \$portal_not_found \/zx\/portal\/care\/404\.html;\n\}$/m);
  assert.match(conf, /^location ~ "\^\/zx\/portal\/assets\//m);
  assert.throws(() => renderNginxConf({ csp: "default-src 'self'", referrerPolicy: "no-referrer", pathPrefix: "/a b;/" }), /must look like \/portal\//);
  assert.throws(() => pageSecurityPolicy(`<meta http-equiv="Content-Security-Policy" content="{{ csp }}"><meta name="referrer" content="no-referrer">`), /not plain text/);
});
