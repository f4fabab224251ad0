/**
 * The render step: Eleventy writes one slice of the portal's pages into a folder. The build runs
 * it in worker processes (src/cli/render-worker.ts), one shard each; tests and `npm start` run it
 * in-process.
 */
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { configurePortal } from "../.eleventy.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { MinifyCounts } from "./minify.ts";
import type { PortalData } from "./model/load.ts";
import { renderSlice, type ShardPlan, type WorkList } from "./model/shards.ts";
import type { PortalOptions } from "./options.ts";
import type { PortalPluginOptions } from "./portal.ts";
import { storePages, type PageStore } from "./pipeline/page-cache.ts";

export interface RenderRequest {
  options: PortalOptions;
  portal: PortalData;
  outputDir: string;
  /** The shard to render; all pages when undefined. */
  plan?: ShardPlan;
  /** The pages the plan's ranges index (default: every page). */
  work?: WorkList;
  /** Where to store the written pages for later builds (production); undefined: not stored. */
  pageStore?: PageStore;
}

export interface RenderResult {
  /** Output paths relative to the output folder, forward slashes, sorted. */
  files: string[];
  minify: MinifyCounts;
}

/** The project's Eleventy, configured for these options; `runMode` is Eleventy's own. */
export function createEleventy(
  request: Omit<RenderRequest, "portal"> & Pick<PortalPluginOptions, "portal" | "slice" | "onChangedFiles" | "serverMiddleware">,
  runMode: "build" | "serve" = "build",
) {
  const counts: { value: MinifyCounts } = { value: { minified: 0 } };
  const mediaFiles: { value: string[] } = { value: [] };
  const { options, plan } = request;
  const eleventy = new Eleventy(path.join(options.rootDir, "templates"), request.outputDir, {
    quietMode: true,
    runMode,
    pathPrefix: options.pathPrefix,
    config: (eleventyConfig: EleventyConfig) =>
      configurePortal(eleventyConfig, {
        options,
        portal: request.portal,
        slice: request.slice ?? ((portal) => renderSlice(portal, plan, request.work)),
        onChangedFiles: request.onChangedFiles,
        serverMiddleware: request.serverMiddleware,
        writesSingles: plan?.singles ?? true,
        onMinifyCounts: (value) => (counts.value = value),
        onMediaFiles: (files) => mediaFiles.value.push(...files),
      }),
  });
  return { eleventy, counts, mediaFiles };
}

export async function renderPages(request: RenderRequest): Promise<RenderResult> {
  const { eleventy, counts, mediaFiles } = createEleventy(request);
  // The build reports for itself (files, time, one line per failure); Eleventy's forced
  // "Wrote N files" line, once per shard, would only be noise.
  eleventy.disableLogger();
  const written = (await eleventy.write()) as unknown;
  const results = Array.isArray(written) ? (written.flat(2) as { outputPath?: unknown; content?: unknown; map?: Record<string, unknown> }[]) : [];
  const relative = (outputPath: string) => path.relative(request.outputDir, path.resolve(outputPath)).split(path.sep).join("/");
  if (request.pageStore) {
    const pages = results.flatMap((result) => (typeof result?.outputPath === "string" && typeof result.content === "string" ? [relative(result.outputPath)] : []));
    storePages(request.pageStore, request.outputDir, pages);
  }
  // Pages report their outputPath; passthrough copies (assets) a map of source → output.
  const files = results
    .flatMap((result) => [result?.outputPath, ...Object.values(result?.map ?? {})])
    // Photos and attachments the pages' render wrote beside them (src/media).
    .concat(mediaFiles.value)
    .filter((outputPath): outputPath is string => typeof outputPath === "string")
    .map(relative)
    .sort();
  return { files, minify: counts.value };
}
