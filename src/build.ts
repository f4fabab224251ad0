/**
 * The production build: validate everything first, render into a fresh folder beside the
 * output, then swap it in. A failed, interrupted or killed build leaves the previous `_site/`
 * exactly as it was.
 */
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import type { EleventyConfig } from "./eleventy-types.ts";
import { ContentError, findContentError } from "./content/problems.ts";
import { resolveOptions } from "./options.ts";
import { loadPortal } from "./portal.ts";
import { writeCarePages } from "./care.ts";
import { writeSearchIndex } from "./search.ts";

export interface BuildResult {
  ok: boolean;
  /** Files Eleventy wrote (pages, feeds, sitemaps). */
  pageCount: number;
  seconds: number;
  /** The content problems, when content stopped the build. */
  contentError?: ContentError;
  error?: unknown;
}

export interface BuildSettings {
  rootDir: string;
  /** The published folder, `_site` by default. */
  outputDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

const TEMP_MARK = ".building-";
const OLD_MARK = ".previous-";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes what killed builds left beside the output: their temporary folders, and finishes a
 * swap that stopped between its two renames (the old site is put back if none replaced it).
 */
export function recoverInterruptedBuilds(outputDir: string): void {
  const parent = path.dirname(outputDir);
  const base = path.basename(outputDir);
  if (!existsSync(parent)) return;
  for (const entry of readdirSync(parent).sort()) {
    for (const mark of [TEMP_MARK, OLD_MARK]) {
      if (!entry.startsWith(base + mark)) continue;
      const pid = Number(entry.slice(base.length + mark.length).split("-")[0]);
      if (isAlive(pid) && pid !== process.pid) continue;
      const leftover = path.join(parent, entry);
      if (mark === OLD_MARK && !existsSync(outputDir)) renameSync(leftover, outputDir);
      else rmSync(leftover, { recursive: true, force: true });
    }
  }
}

/** Sets process.env's PORTAL_* variables to those of `env`; returns a function that puts them back. */
function usePortalEnv(env: NodeJS.ProcessEnv): () => void {
  const isPortal = (key: string) => key.startsWith("PORTAL_");
  const saved = Object.fromEntries(Object.entries(process.env).filter(([key]) => isPortal(key)));
  const apply = (values: NodeJS.ProcessEnv) => {
    for (const key of Object.keys(process.env).filter(isPortal)) delete process.env[key];
    for (const [key, value] of Object.entries(values)) if (isPortal(key) && value !== undefined) process.env[key] = value;
  };
  apply(env);
  return () => apply(saved);
}

/** Runs a production build of the content into `outputDir`, atomically. */
export async function buildSite(settings: BuildSettings): Promise<BuildResult> {
  const started = performance.now();
  const seconds = () => Math.round(performance.now() - started) / 1000;
  const outputDir = path.resolve(settings.rootDir, settings.outputDir);
  const env = { ...settings.env, PORTAL_MODE: "production" };
  const options = resolveOptions(env, settings.rootDir);

  recoverInterruptedBuilds(outputDir);

  let portal;
  try {
    portal = await loadPortal(options, settings.log);
  } catch (error) {
    const contentError = findContentError(error);
    if (contentError) return { ok: false, pageCount: 0, seconds: seconds(), contentError };
    throw error;
  }

  const tempDir = `${outputDir}${TEMP_MARK}${process.pid}-${Date.now()}`;
  const removeTemp = () => rmSync(tempDir, { recursive: true, force: true });
  const shownOutput = path.relative(settings.rootDir, outputDir) || outputDir;
  let swappedIn = false;
  const onSignal = (signal: NodeJS.Signals) => {
    removeTemp();
    settings.log(
      swappedIn
        ? `[portal] ${signal} arrived after the new site was in place in ${shownOutput}`
        : `[portal] build stopped by ${signal}; ${shownOutput} is unchanged`,
    );
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  // .eleventy.ts resolves its options from process.env: give it the same PORTAL_* settings this
  // build validated with, so the renderer and the data agree on content, prefix and mode.
  const restoreEnv = usePortalEnv(env);
  try {
    const eleventy = new Eleventy(path.join(settings.rootDir, "templates"), tempDir, {
      configPath: path.join(settings.rootDir, ".eleventy.ts"),
      quietMode: true,
      runMode: "build",
      config: (eleventyConfig: EleventyConfig) => {
        eleventyConfig.addGlobalData("portal", portal);
        // Eleventy writes pages without giving the event loop a turn, so a Ctrl-C would wait for
        // the whole site; one turn per page lets the signal handler above stop the build at once.
        eleventyConfig.addTransform("let-signals-in", async (content: string) => {
          await new Promise((resolve) => setImmediate(resolve));
          return content;
        });
      },
    });
    const written = await eleventy.write();
    const templates = Array.isArray(written) ? (written[1] as unknown[]) : [];
    // Post-write steps over the whole fresh folder: the search index, then the 关怀版 copies.
    await writeSearchIndex(tempDir);
    writeCarePages(tempDir, options.pathPrefix);
    // A signal that came in during the last page is handled here, before anything is swapped.
    await new Promise((resolve) => setImmediate(resolve));

    const swapped = `${outputDir}${OLD_MARK}${process.pid}-${Date.now()}`;
    const hadSite = existsSync(outputDir);
    if (hadSite) renameSync(outputDir, swapped);
    renameSync(tempDir, outputDir);
    swappedIn = true;
    if (hadSite) rmSync(swapped, { recursive: true, force: true });
    return { ok: true, pageCount: templates.length, seconds: seconds() };
  } catch (error) {
    removeTemp();
    const contentError = findContentError(error);
    return contentError ? { ok: false, pageCount: 0, seconds: seconds(), contentError } : { ok: false, pageCount: 0, seconds: seconds(), error };
  } finally {
    restoreEnv();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
