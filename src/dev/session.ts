/**
 * `npm start` between rebuilds: what it loads, what it renders, and the problems it shows.
 *
 * - An edited article whose place in the site is unchanged is patched into the last model
 *   (src/dev/patch.ts): one file read, exactly the pages that show it rendered.
 * - Any other change reloads the content (unchanged files come from the content cache), compares
 *   a fingerprint of every page's data with the last one and renders the pages whose data changed;
 *   pages of renamed or deleted articles are deleted. A change outside the content folder (a
 *   template, a style sheet) renders everything.
 * - Problems are not part of the pages: the server adds them to every page it serves
 *   (src/dev/banner.ts), so a problem appearing or going renders nothing again. A mistake in
 *   site.json keeps the last good site data; at the very first build, with no good site data yet,
 *   the server shows a page listing the problems and the build waits until site.json is saved again.
 */
import { statSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { ContentCache } from "../content/load.ts";
import { errorsIn, findContentError, formatProblem, type Problem } from "../content/problems.ts";
import { pagePrints } from "../model/fingerprint.ts";
import { loadPortal, type PortalData } from "../model/load.ts";
import { renderSlice, type RenderSlice } from "../model/shards.ts";
import type { PortalOptions } from "../options.ts";
import { outputFileOf } from "../pipeline/steps.ts";
import { indexModel, patchEdited, type ModelIndex } from "./patch.ts";

/** The problems the server shows on every page. */
export interface ShownProblems {
  /** Errors only: warnings are the terminal's. */
  problems: readonly Problem[];
  /** site.json is broken: "last good": pages show the last good site data; "none": there is none yet, so no page exists. */
  siteData: "ok" | "last good" | "none";
}

export interface DevSession {
  /** The model loader Eleventy calls before every build. */
  load(): Promise<PortalData>;
  /** The pages this build writes. */
  slice(portal: PortalData): RenderSlice;
  /** Eleventy's changed files, before each rebuild. */
  changed(files: readonly string[]): void;
  /** What the pages must show now. */
  shown(): ShownProblems;
}

export interface DevSessionOptions {
  options: PortalOptions;
  outputDir: string;
  log: (line: string) => void;
  /** How often to look at site.json while waiting for a first good version (ms). */
  siteDataPollMs?: number;
  /** Called before waiting for a first good site.json, so the server can show why (it starts after the first build otherwise). */
  beforeWaiting?: () => Promise<void>;
}

const SINGLES = "*singles*";

export function devSession({ options, outputDir, log, siteDataPollMs = 200, beforeWaiting }: DevSessionOptions): DevSession {
  const cache: ContentCache = new Map();
  const contentDir = path.resolve(options.contentDir);
  const articlesDir = path.join(contentDir, "articles");
  const siteFile = path.join(contentDir, "_data", "site.json");
  const inside = (dir: string, file: string) => !path.relative(dir, file).startsWith("..");

  let pending = new Set<string>();
  let everything = true;
  let current: { portal: PortalData; index: ModelIndex } | undefined;
  /** The slice decided with the model (fast path), handed out when Eleventy asks for that model's slice. */
  let decided: { portal: PortalData; slice: RenderSlice } | undefined;
  let prints: Map<string, string> | undefined;
  let dirty = 0;
  let shown: ShownProblems = { problems: [], siteData: "ok" };
  let hadProblems = false;

  const show = (next: ShownProblems) => {
    if (hadProblems && next.problems.length === 0) log("[portal] 问题已全部修正：every problem is fixed and every file is shown again");
    hadProblems = next.problems.length > 0;
    shown = next;
  };

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

  const siteStamp = () => {
    try {
      const info = statSync(siteFile);
      return `${info.size}:${info.mtimeMs}:${info.ino}`;
    } catch {
      return "missing";
    }
  };
  const siteSaved = async (since: string) => {
    while (siteStamp() === since) await new Promise((resolve) => setTimeout(resolve, siteDataPollMs));
  };

  /** Loads everything; waits for usable site data when there never was any. */
  const loadAll = async (): Promise<PortalData> => {
    for (;;) {
      const stamp = siteStamp();
      try {
        const portal = await loadPortal(options, log, cache);
        show({ problems: errorsIn(portal.allProblems), siteData: "ok" });
        return portal;
      } catch (error) {
        const contentError = findContentError(error);
        if (!contentError) throw error;
        const problems = errorsIn(contentError.problems);
        const last = current?.portal;
        show({ problems, siteData: last ? "last good" : "none" });
        log(`[portal] ${problems.length} problem(s) in the site data; ${last ? "the preview keeps the last good site data until they are fixed" : "every page shows them until site.json is saved without them"}:`);
        for (const problem of problems) log(formatProblem(problem));
        if (last) return last;
        await beforeWaiting?.();
        await siteSaved(stamp);
      }
    }
  };

  return {
    changed(files) {
      for (const file of files) {
        const absolute = path.resolve(file);
        if (inside(contentDir, absolute)) pending.add(absolute);
        else everything = true;
      }
    },

    async load() {
      const files = [...pending];
      pending = new Set();
      if (current && !everything && files.length > 0 && files.every((file) => inside(articlesDir, file) && /\.md$/i.test(file))) {
        const patched = await patchEdited(current.portal, current.index, files, options);
        if (patched) {
          for (const warning of patched.warnings) log(formatProblem(warning));
          current = { portal: patched.portal, index: current.index };
          decided = { portal: patched.portal, slice: patched.slice };
          return patched.portal;
        }
      }
      const portal = await loadAll();
      if (portal !== current?.portal) current = { portal, index: indexModel(portal) };
      return portal;
    },

    slice(portal) {
      if (decided?.portal === portal) {
        const { slice } = decided;
        decided = undefined;
        // Pages rendered from a patch are marked changed for the next full comparison.
        dirty += 1;
        for (const page of [...slice.articles, ...slice.listings]) prints?.set(page.url, `patched ${dirty}`);
        if (slice.once.length + slice.feeds.length > 0) prints?.set(SINGLES, `patched ${dirty}`);
        log(`[portal] re-rendering ${slice.articles.length} article(s), ${slice.listings.length} list page(s)${slice.once.length > 0 ? ", the one-off pages" : ""}${slice.feeds.length > 0 ? `, ${slice.feeds.length} feed(s)` : ""}`);
        return slice;
      }
      const whole = renderSlice(portal, undefined);
      const computed = pagePrints(portal);
      const next = new Map(computed.pages);
      next.set(SINGLES, computed.singles);
      const last = prints;
      prints = next;
      if (everything || !last) {
        everything = false;
        return whole;
      }
      for (const url of last.keys()) if (!next.has(url) && url !== SINGLES) removePage(url);
      const changed = (url: string) => last.get(url) !== next.get(url);
      const slice: RenderSlice = {
        articles: portal.articles.filter((article) => changed(article.url)),
        listings: portal.listings.filter((listing) => changed(listing.url)),
        ...(changed(SINGLES) ? { pages: whole.pages, feeds: whole.feeds, sitemaps: whole.sitemaps, singles: true, once: [true] } : { pages: [], feeds: [], sitemaps: [], singles: false, once: [] }),
      };
      log(`[portal] re-rendering ${slice.articles.length} article(s), ${slice.listings.length} list page(s)${slice.singles ? " and the one-off pages" : ""}`);
      return slice;
    },

    shown: () => shown,
  };
}
