/**
 * The options every part of a build takes as an argument: where the content is, development or
 * production, the deployment URL and path prefix, and the build's "now". Only src/cli/ reads the
 * environment to make them (src/cli/options.ts); everything else is handed them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseSiteUrl } from "./site/schema.ts";

export type BuildMode = "production" | "development";

export interface PortalOptions {
  /** The project root: templates/ and .eleventy.ts live here; problem paths are relative to it. */
  rootDir: string;
  contentDir: string;
  mode: BuildMode;
  /** Overrides site.json `url`, e.g. for a staging host. */
  siteUrl: string | undefined;
  /** The folder the site is hosted under, `/` or `/portal/`. */
  pathPrefix: string;
  /** "Now" in epoch ms, for holding back future-dated articles and for freshness checks. */
  now: number;
  /** Persistent caches (minified pages, images): a folder CI can keep between runs. */
  cacheDir: string;
}

export interface OptionInputs {
  rootDir: string;
  contentDir?: string;
  mode?: BuildMode;
  siteUrl?: string;
  pathPrefix?: string;
  /** ISO date-time or epoch ms. */
  now?: string | number;
  cacheDir?: string;
}

/** A problem with an option, worded for the person who set it; the CLI prints it as one line. */
export class OptionError extends Error {
  override name = "OptionError";
}

/** Fills in defaults and checks each value; throws OptionError naming the bad one. */
export function portalOptions(inputs: OptionInputs): PortalOptions {
  const rootDir = path.resolve(inputs.rootDir);
  const contentDir = path.resolve(rootDir, inputs.contentDir || "content");
  let now = Date.now();
  if (typeof inputs.now === "number") now = inputs.now;
  else if (inputs.now) {
    now = Date.parse(inputs.now);
    if (Number.isNaN(now)) throw new OptionError(`PORTAL_NOW="${inputs.now}" is not a date: use ISO form, e.g. 2025-01-01T00:00:00+08:00`);
  }
  return {
    rootDir,
    contentDir,
    mode: inputs.mode ?? "production",
    siteUrl: inputs.siteUrl ? httpAddress(inputs.siteUrl) : undefined,
    pathPrefix: normalizePrefix(inputs.pathPrefix || sitePathPrefix(contentDir)),
    now,
    cacheDir: path.resolve(rootDir, inputs.cacheDir || ".cache"),
  };
}

/** A deployment address, judged by the same rule as site.json's `url`. */
function httpAddress(url: string): string {
  const parsed = parseSiteUrl(url);
  if (!parsed.ok) throw new OptionError(`PORTAL_URL="${url}" is not an http(s) address: it ${parsed.message}`);
  return parsed.url;
}

/** `portal` or `/portal` → `/portal/`. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

/**
 * site.json's `pathPrefix`, read apart from the full content load because Eleventy needs it
 * before any data exists; a broken site.json falls back to / and is reported by the content load.
 */
function sitePathPrefix(contentDir: string): string {
  try {
    const site = JSON.parse(readFileSync(path.join(contentDir, "_data", "site.json"), "utf8")) as { pathPrefix?: unknown };
    return typeof site.pathPrefix === "string" ? site.pathPrefix : "/";
  } catch {
    return "/";
  }
}
