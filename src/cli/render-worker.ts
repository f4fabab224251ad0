/**
 * A render worker process (forked by src/pipeline/workers.ts): reads the shared model once,
 * then renders each shard it is sent into the shared temporary folder and reports the files.
 */
import { readFileSync } from "node:fs";
import { deserialize } from "node:v8";
import type { ModelFile, WorkerReply, WorkerTask } from "../pipeline/workers.ts";
import { renderPages } from "../render.ts";

let model: ({ file: string } & ModelFile) | undefined;

const reply = (message: WorkerReply) => process.send?.(message);

process.on("message", async (task: WorkerTask) => {
  try {
    if (model?.file !== task.modelFile) model = { file: task.modelFile, ...(deserialize(readFileSync(task.modelFile)) as ModelFile) };
    const bodies = deserialize(readFileSync(task.bodiesFile)) as string[];
    // Only this shard's articles get their bodies; the rest of the model stays bare.
    const articles = [...model.portal.articles];
    model.work.articles.slice(...task.plan.articles).forEach((index, position) => {
      const article = articles[index];
      if (article) articles[index] = { ...article, body: bodies[position] ?? "" };
    });
    const result = await renderPages({ options: task.options, portal: { ...model.portal, articles }, outputDir: task.outputDir, plan: task.plan, work: model.work, pageStore: model.pageStore });
    reply({ type: "done", index: task.plan.index, files: result.files, minify: result.minify, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    const cause = (failure.cause ?? (failure as { originalError?: unknown }).originalError) as NodeJS.ErrnoException | undefined;
    const code = failure.code ?? cause?.code;
    reply({ type: "failed", index: task.plan.index, message: failure.message ?? String(error), code, path: failure.path ?? cause?.path });
  }
});
process.on("disconnect", () => process.exit(0));
reply({ type: "ready", maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
