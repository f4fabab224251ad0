/**
 * `npm start` renders only what changed. The first build writes every page; after that, each
 * rebuild compares a fingerprint of every page's data with the last one and hands Eleventy only
 * the pages whose data changed (an edited article, its neighbours, the lists that show it), and
 * deletes the pages of articles that were renamed or removed. A change outside the content folder
 * (a template, a style sheet) renders everything again.
 */
import { readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { PortalData } from "./model/load.ts";
import { renderSlice, type RenderSlice } from "./model/shards.ts";
import { errorsIn, findContentError, formatProblem } from "./content/problems.ts";
import { pagePrints } from "./model/fingerprint.ts";
import { outputFileOf } from "./pipeline/steps.ts";

export interface IncrementalRender {
  /** Call with Eleventy's changed files before each rebuild. */
  changed(files: readonly string[]): void;
  slice(portal: PortalData): RenderSlice;
}

export function incrementalRender(contentDir: string, outputDir: string, log: (line: string) => void): IncrementalRender {
  let previous: Map<string, string> | undefined;
  let everything = true;
  const inContent = (file: string) => !path.relative(contentDir, path.resolve(file)).startsWith("..");

  const removePage = (url: string) => {
    const file = path.join(outputDir, outputFileOf(url));
    rmSync(file, { force: true });
    // Remove the folders the page leaves empty, up to the output folder.
    for (let dir = path.dirname(file); dir.startsWith(outputDir) && dir !== outputDir; dir = path.dirname(dir)) {
      try {
        if (readdirSync(dir).length > 0) break;
        rmdirSync(dir);
      } catch {
        break;
      }
    }
  };

  return {
    changed(files) {
      if (files.some((file) => !inContent(file))) everything = true;
    },
    slice(portal) {
      const computed = pagePrints(portal);
      const prints = new Map(computed.pages);
      prints.set("*singles*", computed.singles);

      const whole = renderSlice(portal, undefined);
      const last = previous;
      previous = prints;
      if (everything || !last) {
        everything = false;
        return whole;
      }
      for (const url of last.keys()) if (!prints.has(url) && url !== "*singles*") removePage(url);
      const changed = (url: string) => last.get(url) !== prints.get(url);
      const slice: RenderSlice = {
        articles: portal.articles.filter((article) => changed(article.url)),
        listings: portal.listings.filter((listing) => changed(listing.url)),
        ...(changed("*singles*") ? { pages: whole.pages, feeds: whole.feeds, sitemaps: whole.sitemaps, singles: true, once: [true] } : { pages: [], feeds: [], sitemaps: [], singles: false, once: [] }),
      };
      log(`[portal] re-rendering ${slice.articles.length} article(s), ${slice.listings.length} list page(s)${slice.singles ? " and the one-off pages" : ""}`);
      return slice;
    },
  };
}

/**
 * The model loader `npm start` uses: a mistake in site.json (which every page needs) keeps the
 * last good site data and shows its problems on every page, like a broken article's; the terminal
 * says when the last problem is fixed.
 */
export function developmentLoader(load: () => Promise<PortalData>, log: (line: string) => void): () => Promise<PortalData> {
  let lastGood: PortalData | undefined;
  let hadProblems = false;
  return async () => {
    try {
      const portal = await load();
      if (hadProblems && portal.problems.length === 0) log("[portal] 问题已全部修正：every problem is fixed and every file is shown again");
      hadProblems = portal.problems.length > 0;
      lastGood = portal;
      return portal;
    } catch (error) {
      const contentError = findContentError(error);
      if (!contentError || !lastGood) throw error;
      const problems = errorsIn(contentError.problems).map(formatProblem);
      log(`[portal] ${problems.length} problem(s) in the site data; the preview keeps the last good site data until they are fixed:`);
      for (const problem of problems) log(problem);
      hadProblems = true;
      return { ...lastGood, problems };
    }
  };
}
