/**
 * Build options from the environment, resolved once in `.eleventy.ts`:
 * where the content is, development or production, and deployment overrides for the site URL.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export type BuildMode = "production" | "development";

export interface PortalOptions {
  rootDir: string;
  contentDir: string;
  mode: BuildMode;
  /** Overrides site.json `url` (PORTAL_URL), e.g. for a staging host. */
  siteUrl: string | undefined;
  /** PORTAL_PATH_PREFIX, else site.json `pathPrefix`, else /: the folder the site is hosted under. */
  pathPrefix: string;
  /** "Now" for holding back future-dated articles; PORTAL_NOW (ISO) makes builds repeatable in tests. */
  now: number;
  /** Persistent build caches (`.cache/`, PORTAL_CACHE_DIR): encoded photos live in its `images/`. */
  cacheDir: string;
}

/**
 * Reads PORTAL_CONTENT, PORTAL_MODE, PORTAL_URL, PORTAL_PATH_PREFIX, PORTAL_NOW and PORTAL_CACHE_DIR. The mode
 * defaults from Eleventy's own ELEVENTY_RUN_MODE: `build` is production, `serve`/`watch` development.
 */
export function resolveOptions(env: NodeJS.ProcessEnv, rootDir = process.cwd()): PortalOptions {
  const mode: BuildMode =
    env.PORTAL_MODE === "production" || env.PORTAL_MODE === "development"
      ? env.PORTAL_MODE
      : env.ELEVENTY_RUN_MODE === "serve" || env.ELEVENTY_RUN_MODE === "watch"
        ? "development"
        : "production";
  const now = env.PORTAL_NOW ? Date.parse(env.PORTAL_NOW) : Date.now();
  if (Number.isNaN(now)) throw new Error(`PORTAL_NOW="${env.PORTAL_NOW}" is not a date: use ISO form, e.g. 2025-01-01T00:00:00+08:00`);
  return {
    rootDir,
    contentDir: path.resolve(rootDir, env.PORTAL_CONTENT || "content"),
    mode,
    siteUrl: env.PORTAL_URL ? httpAddress(env.PORTAL_URL) : undefined,
    pathPrefix: normalizePrefix(env.PORTAL_PATH_PREFIX || sitePathPrefix(path.resolve(rootDir, env.PORTAL_CONTENT || "content"))),
    now,
    cacheDir: path.resolve(rootDir, env.PORTAL_CACHE_DIR || ".cache"),
  };
}

/** A deployment address without its trailing slash; anything but http(s) is refused by name. */
function httpAddress(url: string): string {
  if (!/^https?:\/\/[^\s/]+/i.test(url)) throw new Error(`PORTAL_URL="${url}" is not an http(s) address: use e.g. https://www.example.gov.cn`);
  return url.replace(/\/+$/, "");
}

/** `portal` or `/portal` → `/portal/`. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

/**
 * site.json's `pathPrefix`, read apart from the full content load because Eleventy needs it in
 * the config function, before any data exists; a broken site.json falls back to / and is
 * reported by the content load itself.
 */
function sitePathPrefix(contentDir: string): string {
  try {
    const site = JSON.parse(readFileSync(path.join(contentDir, "_data", "site.json"), "utf8")) as { pathPrefix?: unknown };
    return typeof site.pathPrefix === "string" ? site.pathPrefix : "/";
  } catch {
    return "/";
  }
}
