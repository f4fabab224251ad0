/**
 * Synthetic content for `npm run bench`: N articles over the bundled site's columns, the same
 * corpus on every run (a fixed pseudo-random sequence), and the same articles as a Hugo site
 * for side-by-side timing.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const TAGS = ["基层治理", "党建引领", "作风建设", "廉政教育", "普法宣传", "垃圾分类", "加装电梯", "网格化管理", "家风建设", "民生监督", "为民服务", "小微权力"];
const PARAGRAPH = "近年来，某区坚持以党建引领基层治理，推动资源下沉、服务前移，群众的获得感、幸福感、安全感不断增强。社区党组织牵头召开居民议事会，收集意见建议，逐项推动解决。";

export interface BenchArticle {
  column: { name: string; slug: string };
  file: string;
  title: string;
  day: string;
  tags: string[];
  reprintOf: string;
  body: string;
}

/** Deterministic pseudo-random numbers, so every run builds the same corpus. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export function benchArticles(count: number, columns: readonly { name: string; slug: string }[]): BenchArticle[] {
  const random = lcg(42);
  const articles: BenchArticle[] = [];
  for (let index = 0; index < count; index += 1) {
    const column = columns[index % columns.length] as { name: string; slug: string };
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000).toISOString().slice(0, 10);
    const tags = [...new Set([TAGS[Math.floor(random() * TAGS.length)] as string, TAGS[Math.floor(random() * TAGS.length)] as string])];
    articles.push({
      column,
      file: `bench-${index}.md`,
      title: `第${index}号测试文章：党建引领基层治理见实效`,
      day,
      tags,
      reprintOf: index % 2 === 0 ? `https://www.gov.cn/xinwen/${day.replace(/-/g, "")}/${index}.html` : "",
      body: Array.from({ length: 6 }, () => PARAGRAPH).join("\n\n"),
    });
  }
  return articles;
}

export function articleSource(article: BenchArticle, edit = ""): string {
  const reprint = article.reprintOf ? `source: 新华网\noriginalUrl: ${article.reprintOf}\n` : "";
  return `---\ntitle: ${article.title}${edit}\ndate: ${article.day}\ncolumn: ${article.column.name}\neditor: 王伟\nproofreader: 李晓艳\n${reprint}tags: [${article.tags.join(", ")}]\n---\n\n${article.body}\n`;
}

/** Writes a content folder: the bundled site data, site files and pages, and `count` articles. */
export function writeBenchContent(rootDir: string, contentDir: string, count: number): BenchArticle[] {
  cpSync(path.join(rootDir, "content", "_data"), path.join(contentDir, "_data"), { recursive: true });
  cpSync(path.join(rootDir, "content", "static"), path.join(contentDir, "static"), { recursive: true });
  cpSync(path.join(rootDir, "content", "pages"), path.join(contentDir, "pages"), { recursive: true });
  const site = JSON.parse(readFileSync(path.join(contentDir, "_data", "site.json"), "utf8")) as { columns: { name: string; slug: string }[] };
  const articles = benchArticles(count, site.columns);
  for (const article of articles) {
    const dir = path.join(contentDir, "articles", article.column.slug);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, article.file), articleSource(article));
  }
  return articles;
}

/**
 * The same articles as a Hugo site with a minimal theme that makes the same pages: article pages,
 * column lists and tag lists paginated by 20 with a pager of five numbers, the home page, feeds of
 * at most 50 entries and a sitemap.
 */
export function writeHugoSite(dir: string, articles: readonly BenchArticle[], columns: readonly { name: string; slug: string }[], hugoVersion: readonly [number, number] = [0, 111]): void {
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  // The same work as ours, in the keys this Hugo reads: lists of 20 (`paginate` before 0.128,
  // which ignores `[pagination]` and pages by 10), feeds of at most 50 entries (`rssLimit` before
  // 0.114; unlimited by default, every article in full in the home feed), summaries counted in
  // Chinese characters. Without these Hugo did twice the list pages and 20 MB of feeds.
  const [major, minor] = hugoVersion;
  const since = (wantMinor: number) => major > 0 || minor >= wantMinor;
  const topLevel = [since(128) ? "" : "paginate = 20\n", since(114) ? "" : "rssLimit = 50\n"].join("");
  const tables = [since(128) ? "[pagination]\npagerSize = 20\n" : "", since(114) ? "[services.rss]\nlimit = 50\n" : ""].join("");
  write(
    "hugo.toml",
    `baseURL = "https://www.example.gov.cn/"\nlanguageCode = "zh-CN"\ntitle = "廉政法治网"\ntimeZone = "Asia/Shanghai"\nhasCJKLanguage = true\ndisableKinds = []\n${topLevel}${tables}[taxonomies]\ntag = "tags"\n[markup.goldmark.renderer]\nunsafe = false\n`,
  );
  const nav = columns.map((column) => `<a href="/${column.slug}/">${column.name}</a>`).join(" ");
  write(
    "layouts/_default/baseof.html",
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} - {{ site.Title }}</title><meta name="description" content="{{ .Summary | plainify }}"></head><body><header><p>政讯通中心</p><p>欢迎来到廉政法治网!</p><nav>${nav}</nav></header><main>{{ block "main" . }}{{ end }}</main><footer><p>北京中农兴业网络技术有限公司主办 | 政讯通-全国政务信息一体化办公室 主管</p><p>廉政法治网 lzfz.org.cn 版权所有。</p></footer></body></html>\n`,
  );
  write(
    "layouts/_default/single.html",
    `{{ define "main" }}<p>当前所在：<a href="/">首页</a> &gt; <a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a> &gt; 正文</p><article><h1>{{ .Title }}</h1><p>发布时间：{{ .Date.Format "2006-01-02" }} 来源：{{ .Params.source | default "廉政法治网" }} 作者：佚名</p>{{ .Content }}<p>[责任编辑：{{ .Params.editor }} 校对：{{ .Params.proofreader }}]</p>{{ with .Params.originalUrl }}<p>原文链接：<a href="{{ . }}">{{ . }}</a></p>{{ end }}<p>标签：{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>{{ with .PrevInSection }}<p>上一篇：<a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ with .NextInSection }}<p>下一篇：<a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}<h2>相关阅读</h2><ul>{{ range first 6 .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></article>{{ end }}\n`,
  );
  const list = `{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary | plainify | truncate 80 }}</p></li>{{ end }}</ul>{{ with .Paginator }}<p>共 {{ .TotalNumberOfElements }} 条 共 {{ .TotalPages }} 页 {{ if .HasPrev }}<a href="{{ .First.URL }}">首页</a> <a href="{{ .Prev.URL }}">上一页</a> {{ end }}{{ $current := .PageNumber }}{{ range .Pagers }}{{ if and (ge .PageNumber (sub $current 2)) (le .PageNumber (add $current 2)) }}<a href="{{ .URL }}">{{ .PageNumber }}</a> {{ end }}{{ end }}{{ if .HasNext }}<a href="{{ .Next.URL }}">下一页</a> <a href="{{ .Last.URL }}">末页</a>{{ end }}</p>{{ end }}{{ end }}\n`;
  write("layouts/_default/list.html", list);
  write("layouts/_default/term.html", list);
  write("layouts/_default/taxonomy.html", `{{ define "main" }}<h1>标签</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>（{{ .Count }}）</li>{{ end }}</ul>{{ end }}\n`);
  write("layouts/index.html", `{{ define "main" }}<h2>最新文章</h2><ul>{{ range first 12 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ range site.Sections }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><ul>{{ range first 8 .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}{{ end }}\n`);
  for (const column of columns) write(`content/${column.slug}/_index.md`, `---\ntitle: ${column.name}\n---\n`);
  for (const article of articles) {
    const reprint = article.reprintOf ? `source: 新华网\noriginalUrl: ${article.reprintOf}\n` : "";
    write(`content/${article.column.slug}/${article.file}`, `---\ntitle: "${article.title}"\ndate: ${article.day}T00:00:00+08:00\neditor: 王伟\nproofreader: 李晓艳\n${reprint}tags: [${article.tags.join(", ")}]\n---\n\n${article.body}\n`);
  }
}
