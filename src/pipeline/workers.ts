/**
 * The render pool: worker processes (src/cli/render-worker.ts) that each take shards from a queue
 * and render them with Eleventy into the same temporary folder. The model is serialised once to a
 * file every worker reads; each shard's article bodies go in a file of their own, so no worker
 * holds every body.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { serialize } from "node:v8";
import type { PortalData } from "../model/load.ts";
import type { ShardPlan, WorkList } from "../model/shards.ts";
import type { PortalOptions } from "../options.ts";
import type { MinifyCounts } from "../minify.ts";
import type { PageStore } from "./page-cache.ts";

/** What the parent sends a worker for one shard. */
export interface WorkerTask {
  options: PortalOptions;
  modelFile: string;
  bodiesFile: string;
  plan: ShardPlan;
  outputDir: string;
}

export type WorkerReply =
  | { type: "done"; index: number; files: string[]; minify: MinifyCounts; maxRssMb: number }
  | { type: "failed"; index: number; message: string; code?: string; path?: string }
  | { type: "ready"; maxRssMb: number };

export interface ShardReport {
  index: number;
  files: string[];
  minify: MinifyCounts;
}

export interface PoolResult {
  shards: ShardReport[];
  /** Peak RSS of each worker process, MB. */
  workerPeakMb: number[];
}

/** A worker failure, with the file-system code when there is one. */
export class RenderError extends Error {
  override name = "RenderError";
  readonly code: string | undefined;
  readonly path: string | undefined;
  constructor(message: string, code?: string, filePath?: string) {
    super(message);
    this.code = code;
    this.path = filePath;
  }
}

/** What the model file holds: the model without article bodies, the pages to render and where to store them. */
export interface ModelFile {
  portal: PortalData;
  work: WorkList;
  pageStore: PageStore | undefined;
}

/** Writes the model once (bodies left out) and each shard's bodies beside it. */
export function writeModelFiles(portal: PortalData, plans: readonly ShardPlan[], work: WorkList, pageStore: PageStore | undefined): { dir: string; modelFile: string; bodiesFile: (plan: ShardPlan) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), "portal-model-"));
  const modelFile = path.join(dir, "model.bin");
  const bare: ModelFile = { portal: { ...portal, articles: portal.articles.map((article) => ({ ...article, body: "" })) }, work, pageStore };
  writeFileSync(modelFile, serialize(bare));
  for (const plan of plans) {
    const bodies = work.articles.slice(...plan.articles).map((index) => portal.articles[index]?.body ?? "");
    writeFileSync(path.join(dir, `bodies-${plan.index}.bin`), serialize(bodies));
  }
  return { dir, modelFile, bodiesFile: (plan) => path.join(dir, `bodies-${plan.index}.bin`) };
}

/** Worker processes started ahead of the work, each ready once it has loaded Eleventy and the templates' code. */
export interface RenderWorkers {
  /** `ready` gives the worker's peak RSS so far (MB), so a worker that gets no shard is reported too. */
  readonly slots: readonly { child: ChildProcess; ready: Promise<number>; exited: Promise<void> }[];
  /**
   * Stops the workers that are still running (those given work stop when it is done) and resolves
   * once every one has exited, so a build leaves no process of its own behind and its children's
   * CPU time is counted by the time it returns.
   */
  close(): Promise<void>;
}

/** A worker still running this long after SIGTERM (stuck in a loop, say) is killed. */
const EXIT_GRACE_MS = 5000;

/**
 * Starts `count` render workers now: loading Eleventy and the code takes each about two seconds of
 * CPU, which a cold build spends while the main process computes the model.
 */
export function startRenderWorkers(rootDir: string, count: number): RenderWorkers {
  const workerScript = path.join(rootDir, "src", "cli", "render-worker.ts");
  const slots = Array.from({ length: Math.max(1, count) }, () => {
    const child = fork(workerScript, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
    const ready = new Promise<number>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.type !== "ready") return;
        child.off("message", onMessage);
        resolve(reply.maxRssMb);
      };
      child.on("message", onMessage);
      child.once("exit", (code, exitSignal) => reject(new RenderError(`a render worker exited early (${exitSignal ?? `code ${code}`})`)));
      child.once("error", reject);
    });
    ready.catch(() => {}); // Awaited when the worker is given work; a worker never used may fail unobserved.
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      // A process that could not be started never exits.
      child.once("error", () => child.pid === undefined && resolve());
    });
    return { child, ready, exited };
  });
  return {
    slots,
    async close() {
      const running = slots.filter(({ child }) => child.exitCode === null && child.signalCode === null);
      // A worker that was given its last shard has been disconnected and exits by itself.
      for (const { child } of running) if (child.connected) child.kill("SIGTERM");
      const forceKill = setTimeout(() => {
        for (const { child } of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }, EXIT_GRACE_MS);
      await Promise.all(running.map(({ exited }) => exited));
      clearTimeout(forceKill);
    },
  };
}

/**
 * Renders `plans` on `workerCount` processes (`started`, when the caller started them ahead).
 * Stops every worker and rejects on the first failure or when `signal` aborts.
 */
export async function renderInWorkers(options: PortalOptions, portal: PortalData, work: WorkList, plans: readonly ShardPlan[], outputDir: string, workerCount: number, pageStore: PageStore | undefined, signal?: AbortSignal, started?: RenderWorkers): Promise<PoolResult> {
  const files = writeModelFiles(portal, plans, work, pageStore);
  const queue = [...plans];
  const shards: ShardReport[] = [];
  const workerPeakMb: number[] = [];
  const pool = started ?? startRenderWorkers(options.rootDir, Math.min(workerCount, plans.length));
  const slots = pool.slots.slice(0, Math.min(workerCount, plans.length));
  const children = new Set<ChildProcess>(slots.map(({ child }) => child));
  const stopAll = () => {
    for (const child of children) child.kill("SIGTERM");
  };
  const onAbort = () => stopAll();
  signal?.addEventListener("abort", onAbort, { once: true });

  const runWorker = ({ child, ready }: RenderWorkers["slots"][number], slot: number) =>
    new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        children.delete(child);
        if (child.connected) child.disconnect();
        if (error) {
          stopAll();
          reject(error);
        } else resolve();
      };
      const next = () => {
        const plan = queue.shift();
        if (!plan) return finish();
        const task: WorkerTask = { options, modelFile: files.modelFile, bodiesFile: files.bodiesFile(plan), plan, outputDir };
        child.send(task);
      };
      child.on("message", (reply: WorkerReply) => {
        if (reply.type === "ready") return;
        if (reply.type === "failed") return finish(new RenderError(reply.message, reply.code, reply.path));
        shards.push({ index: reply.index, files: reply.files, minify: reply.minify });
        workerPeakMb[slot] = Math.max(workerPeakMb[slot] ?? 0, reply.maxRssMb);
        next();
      });
      child.on("error", (error) => finish(error));
      child.on("exit", (code, exitSignal) => {
        if (!settled) finish(new RenderError(signal?.aborted ? "stopped" : `a render worker exited early (${exitSignal ?? `code ${code}`})`));
      });
      ready.then(
        (rssMb) => {
          workerPeakMb[slot] = Math.max(workerPeakMb[slot] ?? 0, rssMb);
          next();
        },
        (error: Error) => finish(signal?.aborted ? new RenderError("stopped") : error),
      );
    });

  try {
    await Promise.all(slots.map((slot, index) => runWorker(slot, index)));
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await pool.close();
    rmSync(files.dir, { recursive: true, force: true });
  }
  shards.sort((a, b) => a.index - b.index);
  return { shards, workerPeakMb };
}
