/**
 * Test helpers: small fixture sites written into temporary folders, built with Eleventy's
 * programmatic API, and read back as the HTML readers get.
 */
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { portalOptions, type PortalOptions } from "../../src/options.ts";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const BUNDLED_CONTENT = path.join(ROOT, "content");

export function tempDir(prefix = "portal-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface ArticleSpec {
  /** Path under articles/, e.g. dangfeng/a.md */
  path: string;
  /** Frontmatter as YAML lines (written verbatim), or key/value pairs. */
  frontmatter: string | Record<string, string | boolean | string[]>;
  body?: string;
}

function toYaml(frontmatter: ArticleSpec["frontmatter"]): string {
  if (typeof frontmatter === "string") return frontmatter;
  return Object.entries(frontmatter)
    .map(([key, value]) => (Array.isArray(value) ? `${key}: [${value.join(", ")}]` : `${key}: ${String(value)}`))
    .join("\n");
}

/** A valid article's frontmatter, to be overridden per test. */
export function article(overrides: Record<string, string | boolean | string[]> = {}): Record<string, string | boolean | string[]> {
  return { title: "测试文章", date: "2024-05-20", column: "党风政风", editor: "王伟", ...overrides };
}

/** The bundled site.json, parsed, for tests that change a field. */
export function bundledSiteData(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(BUNDLED_CONTENT, "_data", "site.json"), "utf8")) as Record<string, unknown>;
}

/**
 * Writes a content folder: the bundled site.json (optionally changed) and site files, the given
 * articles and, unless `pages: false`, the bundled static pages.
 */
export function makeContent(options: { site?: Record<string, unknown>; articles?: ArticleSpec[]; pages?: boolean; rawFiles?: Record<string, string | Buffer> } = {}): string {
  const dir = tempDir("portal-content-");
  mkdirSync(path.join(dir, "_data"), { recursive: true });
  mkdirSync(path.join(dir, "articles"), { recursive: true });
  writeFileSync(path.join(dir, "_data", "site.json"), JSON.stringify(options.site ?? bundledSiteData(), null, 2));
  if (options.pages !== false) cpSync(path.join(BUNDLED_CONTENT, "pages"), path.join(dir, "pages"), { recursive: true });
  // The bundled site files (favicon, the logo site.json names), so the bundled site.json is valid.
  cpSync(path.join(BUNDLED_CONTENT, "static"), path.join(dir, "static"), { recursive: true });
  for (const spec of options.articles ?? []) {
    const file = path.join(dir, "articles", spec.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `---\n${toYaml(spec.frontmatter)}\n---\n\n${spec.body ?? "正文第一段。\n\n正文第二段。"}\n`);
  }
  for (const [name, data] of Object.entries(options.rawFiles ?? {})) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  return dir;
}

export interface BuiltSite {
  outputDir: string;
  /** Output file paths relative to the output folder, sorted. */
  files: string[];
  read(relative: string): string;
  /** The HTML of a site-root URL such as /dangfeng/ (without the path prefix). */
  page(url: string): string;
}

let testCache: string | undefined;

/**
 * The caches (pages, search indexes, photos) of this test process's builds, and of the commands
 * it starts: never the project's `.cache/`, where a test build would drop the entries of the
 * developer's own site (a cache keeps only what its last build used). Removed at exit.
 */
export function testCacheDir(): string {
  if (!testCache) {
    const made = mkdtempSync(path.join(tmpdir(), "portal-test-cache-"));
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
    testCache = made;
  }
  return testCache;
}

/** The options a test build uses: the fixed "now" keeps builds repeatable; `env` takes PORTAL_* names. */
export function fixtureOptions(contentDir: string, options: { mode?: "production" | "development"; env?: Record<string, string> } = {}): PortalOptions {
  const env = options.env ?? {};
  return portalOptions({
    rootDir: ROOT,
    contentDir,
    mode: options.mode ?? "production",
    siteUrl: env.PORTAL_URL,
    pathPrefix: env.PORTAL_PATH_PREFIX,
    now: env.PORTAL_NOW ?? "2026-01-01T00:00:00+08:00",
    cacheDir: env.PORTAL_CACHE ?? testCacheDir(),
  });
}

/**
 * Builds `contentDir` with the project's Eleventy configuration into a temporary folder, in this
 * process. `mode` picks production (minified, drafts out) or development (what npm start serves).
 */
export async function buildFixture(contentDir: string, options: { mode?: "production" | "development"; env?: Record<string, string> } = {}): Promise<BuiltSite> {
  const outputDir = tempDir("portal-out-");
  try {
    await renderInto(outputDir, fixtureOptions(contentDir, options));
  } catch (error) {
    removeDir(outputDir);
    throw error;
  }
  return readSite(outputDir, options.env?.PORTAL_PATH_PREFIX ?? "/");
}

/**
 * Validates, models and renders the content into `outputDir` (no post-write steps, no swap).
 * Eleventy and the model are imported here, on first use, so test files that only write content
 * folders do not pay for loading them (about 2 s of CPU per process).
 */
export async function renderInto(outputDir: string, options: PortalOptions): Promise<void> {
  const [{ loadPortal }, { renderPages }] = await Promise.all([import("../../src/model/load.ts"), import("../../src/render.ts")]);
  const portal = await loadPortal(options, () => {});
  await renderPages({ options, portal, outputDir });
}

/** Reads a built output folder. */
export function readSite(outputDir: string, pathPrefix = "/"): BuiltSite {
  const files = (readdirSync(outputDir, { recursive: true }) as string[])
    .filter((entry) => path.extname(entry) !== "")
    .map((entry) => entry.split(path.sep).join("/"))
    .sort();
  const read = (relative: string) => readFileSync(path.join(outputDir, relative), "utf8");
  void pathPrefix;
  return { outputDir, files, read, page: (url: string) => read(`${url.replace(/^\//, "")}index.html`) };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
