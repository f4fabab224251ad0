/**
 * Style sheets and scripts from templates/assets/, fingerprinted by content in production
 * (site.3f2a9c1e.css) so hosting can cache them for ever, and minified there by esbuild: an
 * article page's HTML, CSS and scripts are held to 40 KB (tests/readers.test.ts).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
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

/** A style sheet or script without comments and spare whitespace; other files unchanged (undefined). */
export function minifyAsset(fileName: string, source: string): string | undefined {
  const loader = fileName.endsWith(".css") ? "css" : fileName.endsWith(".js") ? "js" : undefined;
  return loader ? transformSync(source, { loader, minify: true, legalComments: "none" }).code : undefined;
}

export function assetsPlugin(eleventyConfig: EleventyConfig, options: { rootDir: string; mode: BuildMode }): void {
  const sourceDir = path.join(options.rootDir, "templates", "assets");
  const paths: AssetPaths = {};
  const minified = new Map<string, string>();
  for (const fileName of readdirSync(sourceDir).sort()) {
    const source = readFileSync(path.join(sourceDir, fileName));
    // Development keeps plain names and sources: the dev server reloads them as they are edited.
    const small = options.mode === "production" ? minifyAsset(fileName, source.toString("utf8")) : undefined;
    const outputName = options.mode === "production" ? fingerprint(fileName, small ?? source) : fileName;
    paths[fileName] = `/assets/${outputName}`;
    if (small !== undefined) {
      minified.set(`assets/${outputName}`, small);
      continue;
    }
    const relative = path.relative(process.cwd(), path.join(sourceDir, fileName)).split(path.sep).join("/");
    eleventyConfig.addPassthroughCopy({ [relative]: `assets/${outputName}` });
  }
  eleventyConfig.addGlobalData("assets", paths);
  if (minified.size === 0) return;
  eleventyConfig.on("eleventy.after", (event: { directories: { output: string } }) => {
    for (const [relative, content] of minified) {
      const target = path.join(event.directories.output, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  });
}
