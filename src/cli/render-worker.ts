/**
 * A render worker process (forked by src/pipeline/workers.ts): reads the shared model once,
 * then renders each shard it is sent into the shared temporary folder and reports the files.
 */
import { readFileSync } from "node:fs";
import { deserialize } from "node:v8";
import type { PortalData } from "../model/load.ts";
import type { WorkerReply, WorkerTask } from "../pipeline/workers.ts";
import { renderPages } from "../render.ts";

let model: { file: string; portal: PortalData } | undefined;

const reply = (message: WorkerReply) => process.send?.(message);

process.on("message", async (task: WorkerTask) => {
  try {
    if (model?.file !== task.modelFile) model = { file: task.modelFile, portal: deserialize(readFileSync(task.modelFile)) as PortalData };
    const bodies = deserialize(readFileSync(task.bodiesFile)) as string[];
    const [from] = task.plan.articles;
    // Only this shard's articles get their bodies; the rest of the model stays bare.
    const articles = model.portal.articles.map((article, index) => (index >= from && index - from < bodies.length ? { ...article, body: bodies[index - from] ?? "" } : article));
    const result = await renderPages({ options: task.options, portal: { ...model.portal, articles }, outputDir: task.outputDir, plan: task.plan, minifyCacheDir: task.minifyCacheDir });
    reply({ type: "done", index: task.plan.index, files: result.files, minify: result.minify, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    const cause = (failure.cause ?? (failure as { originalError?: unknown }).originalError) as NodeJS.ErrnoException | undefined;
    const code = failure.code ?? cause?.code;
    reply({ type: "failed", index: task.plan.index, message: failure.message ?? String(error), code, path: failure.path ?? cause?.path });
  }
});
process.on("disconnect", () => process.exit(0));
reply({ type: "ready" });
