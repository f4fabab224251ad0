/**
 * `npm run build [-- --workers N] [-- --shard I/N | --merge] [--no-cache]`: the production build
 * (src/build.ts). Reads the environment, installs the signal handlers and sets the exit code;
 * everything else is src/build.ts's.
 *
 *   --workers N   render processes (default: every core)
 *   --shard I/N   render shard I of N into _shards/I/ (one job of a CI matrix)
 *   --merge       combine _shards/*​/ into the output, run the post-write steps, swap it in
 *   --no-cache    render and minify every page again instead of reusing .cache/pages/
 */
import { parseArgs } from "node:util";
import { buildShard, buildSite, defaultWorkers, mergeShards, type BuildResult, type BuildSettings } from "../build.ts";
import { formatProblem } from "../content/problems.ts";
import { parseShardSpec } from "../model/shards.ts";
import { optionsOrExit } from "./options.ts";

const log = (line: string) => console.error(line);
const fail = (line: string, code = 1): never => {
  log(`[portal] ${line}`);
  process.exit(code);
};

let args;
try {
  args = parseArgs({ options: { workers: { type: "string" }, shard: { type: "string" }, merge: { type: "boolean" }, "no-cache": { type: "boolean" }, "shards-dir": { type: "string" } }, strict: true });
} catch (error) {
  fail(`${(error as Error).message}; usage: npm run build [-- --workers N] [--shard I/N | --merge] [--no-cache]`, 2);
}
const values = args!.values;
const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
if (!Number.isInteger(workers) || workers < 0 || workers > 256) fail(`--workers must be a whole number from 0 to 256, got ${values.workers}`, 2);
const shard = values.shard === undefined ? undefined : parseShardSpec(values.shard);
if (values.shard !== undefined && !shard) fail(`--shard must look like 2/8 (shard 2 of 8), got ${values.shard}`, 2);
if (shard && values.merge) fail("--shard and --merge are two different jobs: give one of them", 2);

const options = optionsOrExit("production");

const shardsDir = values["shards-dir"] ?? "_shards";
const outputName = shard ? `${shardsDir}/${shard.index}` : process.env.PORTAL_OUTPUT || "_site";
const controller = new AbortController();
let stoppedBy: NodeJS.Signals | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  // A second Ctrl-C while cleaning up ends at once.
  if (stoppedBy) process.exit(signal === "SIGINT" ? 130 : 143);
  stoppedBy = signal;
  controller.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
process.on("SIGHUP", onSignal);

const settings: BuildSettings = { options, outputDir: outputName, workers, useCache: !values["no-cache"], signal: controller.signal, log };
const result: BuildResult = shard ? await buildShard(settings, shard.index, shard.count) : values.merge ? await mergeShards(settings, shardsDir) : await buildSite(settings);

if (result.ok) {
  const rate = result.seconds > 0 ? Math.round(result.fileCount / result.seconds) : result.fileCount;
  const cache = result.pagesFromCache > 0 ? `, ${result.pagesFromCache} unchanged page(s) from the cache` : "";
  console.log(`[portal] wrote ${result.fileCount} files in ${result.seconds.toFixed(2)} s (${rate} files/s, ${result.shardCount} shard(s)${cache}) into ${outputName}/`);
} else if (stoppedBy || result.stopped) {
  log(`[portal] build stopped by ${stoppedBy ?? "a signal"}; ${outputName} is unchanged and the temporary folder was removed`);
  process.exitCode = stoppedBy === "SIGTERM" ? 143 : 130;
} else if (result.contentError) {
  const errors = result.contentError.problems.filter((problem) => problem.severity === "error");
  const files = new Set(errors.map((problem) => problem.file));
  log(`[portal] build stopped: ${errors.length} problem(s) in ${files.size} file(s); nothing was published.`);
  for (const problem of errors) log(formatProblem(problem));
  process.exitCode = 1;
} else if (result.failure) {
  log(`[portal] build failed: ${result.failure}; nothing was published.`);
  process.exitCode = 1;
} else {
  log(`[portal] build failed; nothing was published.`);
  log(result.error instanceof Error ? (result.error.stack ?? result.error.message) : String(result.error));
  process.exitCode = 1;
}
