/**
 * Style sheets and scripts from templates/assets/, fingerprinted by content in production
 * (site.3f2a9c1e.css) so hosting can cache them for ever, and minified by esbuild once the
 * site is written (a post-write step: an article page's HTML, CSS and scripts are held to
 * 40 KB, tests/readers.test.ts).
 */
import { readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { transformSync } from "esbuild";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { BuildMode } from "./options.ts";
import { shortHash } from "./urls.ts";

/** Output path of each asset by its file name: { "site.css": "/assets/site.3f2a9c1e.css" }. */
export type AssetPaths = Record<string, string>;

export function fingerprint(fileName: string, content: Buffer | string): string {
  const extension = path.extname(fileName);
  return `${path.basename(fileName, extension)}.${shortHash(content.toString())}${extension}`;
}

/**
 * Registers the asset paths for the templates and, when `copy` is set (the shard that writes the
 * one-off files), copies the assets into the output.
 */
export function assetsPlugin(eleventyConfig: EleventyConfig, options: { rootDir: string; mode: BuildMode; copy: boolean }): void {
  const sourceDir = path.join(options.rootDir, "templates", "assets");
  const paths: AssetPaths = {};
  for (const fileName of readdirSync(sourceDir).sort()) {
    // Development keeps plain names: the dev server reloads them as they are edited.
    const outputName = options.mode === "production" ? fingerprint(fileName, readFileSync(path.join(sourceDir, fileName))) : fileName;
    paths[fileName] = `/assets/${outputName}`;
    if (!options.copy) continue;
    const source = path.relative(process.cwd(), path.join(sourceDir, fileName)).split(path.sep).join("/");
    eleventyConfig.addPassthroughCopy({ [source]: `assets/${outputName}` });
  }
  eleventyConfig.addGlobalData("assets", paths);
}

/** A style sheet or script without comments and spare whitespace; undefined for other files. */
export function minifyAsset(fileName: string, source: string): string | undefined {
  const loader = fileName.endsWith(".css") ? "css" : fileName.endsWith(".js") ? "js" : undefined;
  return loader ? transformSync(source, { loader, minify: true, legalComments: "none" }).code : undefined;
}

/**
 * Minifies the style sheets and scripts of a built site in place (`<siteDir>/assets/`). Their
 * fingerprinted names come from the source, which the minified file follows one to one.
 */
export function minifyAssets(siteDir: string): number {
  const dir = path.join(siteDir, "assets");
  let count = 0;
  for (const fileName of readdirSync(dir).sort()) {
    const small = minifyAsset(fileName, readFileSync(path.join(dir, fileName), "utf8"));
    if (small === undefined) continue;
    // Replaced, never written through: the file may have other names (a merged shard's, linked in).
    const target = path.join(dir, fileName);
    writeFileSync(`${target}.minified`, small);
    renameSync(`${target}.minified`, target);
    count += 1;
  }
  return count;
}
