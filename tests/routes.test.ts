/**
 * The one table of reserved URLs: every clash the build could hit is a problem line from
 * loadContent (so `npm run check` and the build agree), never Eleventy's "Output conflict".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadContent } from "../src/content/load.ts";
import { formatProblem } from "../src/content/problems.ts";
import { RESERVED_SEGMENTS } from "../src/model/routes.ts";
import { article, bundledSiteData, fixtureOptions, makeContent, removeDir, type ArticleSpec } from "./helpers/site.ts";

async function problemsOf(site: Record<string, unknown>, articles: ArticleSpec[], rawFiles: Record<string, string> = {}): Promise<string[]> {
  const dir = makeContent({ site, articles, rawFiles });
  try {
    const content = await loadContent(fixtureOptions(dir));
    return content.problems.filter((problem) => problem.severity === "error").map(formatProblem);
  } finally {
    removeDir(dir);
  }
}

const siteWithColumns = (slugs: Record<number, string>) => {
  const site = bundledSiteData() as { columns: { slug: string }[] };
  return { ...site, columns: site.columns.map((column, index) => ({ ...column, slug: slugs[index] ?? column.slug })) };
};

test("a column slug that is a generated address is reported at its line in site.json", async () => {
  for (const slug of Object.keys(RESERVED_SEGMENTS)) {
    const problems = await problemsOf(siteWithColumns({ 1: slug }), []);
    assert.equal(problems.length, 1, `${slug}: ${problems.join("\n")}`);
    assert.match(problems[0] ?? "", new RegExp(`_data/site\\.json:\\d+  columns\\.1\\.slug  "${slug}" is the address of `));
    assert.doesNotMatch(problems[0] ?? "", /site\.json:1 /, "the real line, not line 1");
  }
});

test("two tags given the same slug in tagSlugs are reported, not merged", async () => {
  const problems = await problemsOf({ ...bundledSiteData(), tagSlugs: { 垃圾分类: "sorting", 分类: "sorting" } }, []);
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? "", /tagSlugs\.垃圾分类  gives tag 垃圾分类 the slug "sorting", already chosen for tag 分类/);
});

test("an article on a reserved or taken URL is reported on the newer file, at its slug: line", async () => {
  const problems = await problemsOf(bundledSiteData(), [
    { path: "old.md", frontmatter: article({ date: "2024-01-01", slug: "same" }) },
    { path: "new.md", frontmatter: `title: 新\ndate: 2024-02-01\ncolumn: 党风政风\neditor: 王伟\nslug: same` },
    { path: "pager.md", frontmatter: article({ slug: "page" }) },
  ]);
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.ok(problems.some((line) => /articles\/new\.md:6  slug  would write \/dangfeng\/same\/, already the address of .*articles\/old\.md  \(change the slug: line/.test(line)), problems.join("\n"));
  assert.ok(problems.some((line) => /articles\/pager\.md:\d+  slug  would write \/dangfeng\/page\/, the address of the pager pages of column 党风政风/.test(line)), problems.join("\n"));
});

test("a static page on a column's address, and a URL segment over the byte limit, are reported", async () => {
  const site = { ...bundledSiteData(), limits: { segmentBytes: 40, slugLength: 80 } };
  const problems = await problemsOf(site, [{ path: "long.md", frontmatter: article({ slug: "a".repeat(41) }) }], { "pages/clash.md": "---\ntitle: 冲突\nslug: dangfeng\n---\n正文\n" });
  assert.ok(problems.some((line) => /pages\/clash\.md:3  slug  would write \/dangfeng\/, the address of the column page of 党风政风/.test(line)), problems.join("\n"));
  assert.ok(problems.some((line) => /articles\/long\.md:\d+  slug  makes a URL segment of 41 bytes, over the limit of 40/.test(line)), problems.join("\n"));
});
