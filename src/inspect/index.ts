/**
 * The inspection a government website undergoes, run before publishing: 错敏词, empty and stale
 * columns, dead links into the site, the identity fields, 政府信息公开 blocks. It reads the loaded
 * content and the published model (what the build would write) and returns findings in the usual
 * problem format; `npm run check` prints them and the production build stops on their errors.
 */
import { publishedFileUrls } from "../media/attach.ts";
import path from "node:path";
import { lineOfField, readUtf8 } from "../content/files.ts";
import type { ArticleRecord, LoadedContent, PageRecord } from "../content/load.ts";
import { loadDataFile } from "../site/load.ts";
import type { Site } from "../site/schema.ts";
import { checkColumns, columnStatuses, dayOf, type ColumnStatus, type DatedArticle } from "./columns.ts";
import { checkDisclosures } from "./disclosure.ts";
import { asFindings, type Finding } from "./items.ts";
import { builtUrls, checkLinks, type BuiltModel } from "./links.ts";
import { WORDS_FILE, WordMatcher, checkWords, wordListsSchema } from "./words.ts";

export { INSPECTION_ITEMS, summarize, type Finding, type InspectionItemId, type ItemSummary } from "./items.ts";
export type { ColumnStatus } from "./columns.ts";

/** The site's inspection data: the word lists and site.json's text (to point at a column's line). */
export interface InspectionData {
  /** Undefined when content/_data/words.json is absent or broken (its problems say which). */
  words: WordMatcher | undefined;
  siteFile: { file: string; text: string };
  /** Problems in the data files themselves. */
  problems: Finding[];
}

/** Reads content/_data/words.json (optional) and site.json's text. */
export async function loadInspectionData(location: { contentDir: string; rootDir: string }): Promise<InspectionData> {
  const words = await loadDataFile(location.contentDir, location.rootDir, WORDS_FILE, wordListsSchema, {
    fix: "see the word lists in README.md (Inspection)",
    unknownKeyFix: "check the spelling: the keys are corrections, forbidden, allowed (README.md, Inspection)",
    emptyFix: "write the word lists as one JSON object, see README.md (Inspection)",
  });
  const siteAbsolute = path.join(location.contentDir, "_data", "site.json");
  const read = await readUtf8(siteAbsolute);
  return {
    words: words.value ? new WordMatcher(words.value, words.file) : undefined,
    siteFile: { file: path.relative(location.rootDir, siteAbsolute).split(path.sep).join("/"), text: read.ok ? read.text : "" },
    problems: asFindings(words.problems),
  };
}

/** What the inspection reads of the published model (the portal model; feeds and sitemaps optional). */
export interface InspectedModel extends BuiltModel {
  articles: readonly ({ file: string; url: string } & DatedArticle)[];
  pages: readonly { file: string; url: string }[];
}

export interface InspectionInput {
  content: LoadedContent & { site: Site };
  model: InspectedModel;
  data: InspectionData;
  /** The build's "now" (PortalOptions.now): columns are stale relative to it. */
  now: number;
  /** Site paths of files copied as they are (attachments, site files) that links may reach. */
  extraUrls?: Iterable<string>;
}

export interface InspectionResult {
  /** Findings of the inspection proper (the loader's problems are not repeated here). */
  findings: Finding[];
  columns: ColumnStatus[];
  /** The build's date in the site's zone, YYYY-MM-DD. */
  today: string;
}

/** Runs every check over the published articles and pages. */
export function runInspection({ content, model, data, now, extraUrls = [] }: InspectionInput): InspectionResult {
  const { site } = content;
  const published = new Set(model.articles.map((article) => article.file));
  const articles = content.articles.filter((record) => published.has(record.file));
  const builtPages = new Set(model.pages.map((page) => page.file));
  const pages = content.pages.filter((record) => builtPages.has(record.file));
  const texts = [...articles.map(textOf), ...pages.map(textOf)];

  const columns = columnStatuses(site, model.articles, now);
  const today = dayOf(now, site.timezone);
  const findings: Finding[] = [
    ...data.problems,
    ...(data.words ? checkWords(texts, data.words) : []),
    ...checkColumns(columns, { ...site.inspection, today, siteFile: data.siteFile }),
    ...checkLinks(texts, builtUrls(model, extraUrls)),
    ...checkDisclosures(articles, (article, key) => lineOfField(article.position.frontmatter, ["disclosure", key], article.position.frontmatterLine)),
  ];
  return { findings, columns, today };
}

function textOf(record: ArticleRecord | PageRecord) {
  return { file: record.file, url: record.url, position: record.position, title: record.data.title, summary: record.data.summary, body: record.body };
}

/**
 * The production build's hook: inspects what it is about to publish. `content` is the loader's
 * result with the site as the build uses it (deployment URL and prefix applied).
 */
export async function inspectPublished(
  content: LoadedContent & { site: Site },
  model: InspectedModel,
  options: { contentDir: string; rootDir: string; now: number },
): Promise<InspectionResult> {
  return runInspection({ content, model, data: await loadInspectionData(options), now: options.now, extraUrls: publishedFileUrls(content) });
}
