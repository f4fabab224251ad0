/**
 * `npm start [-- --port N]`: builds the content in development mode into _dev/ and serves it with
 * live reload on http://localhost:8080. Drafts and future articles are shown; broken files are
 * left out and their problems shown on every page until fixed.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { requestGuard } from "../dev/request-guard.ts";
import { problemsMiddleware } from "../dev/banner.ts";
import { devSession } from "../dev/session.ts";
import { createEleventy } from "../render.ts";
import { OutputError, checkDevOutputFolder, protectedFolders } from "../pipeline/output.ts";
import { optionsOrExit } from "./options.ts";

const { values } = parseArgs({ options: { port: { type: "string", default: "8080" }, output: { type: "string", default: "_dev" } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[portal] --port must be a port number, got ${values.port}`);
  process.exit(2);
}
const options = optionsOrExit("development");
const log = (line: string) => console.warn(line);
const outputDir = path.resolve(values.output);
try {
  checkDevOutputFolder(outputDir, protectedFolders(options));
} catch (error) {
  console.error(`[portal] ${error instanceof OutputError ? error.message : String(error)}`);
  process.exit(2);
}
// The server starts once the first build is written and the watcher runs, or earlier, when the
// first build must wait for site.json to be fixed: it shows why meanwhile.
let serving: Promise<void> | undefined;
const serve = () => (serving ??= eleventy.serve(port));
const session = devSession({ options, outputDir, log, beforeWaiting: serve });
const banner = problemsMiddleware({ outputDir, pathPrefix: options.pathPrefix, guideFile: path.join(options.rootDir, "docs", "编辑指南.md"), shown: session.shown });
const { eleventy } = createEleventy(
  { options, portal: session.load, outputDir, slice: session.slice, onChangedFiles: session.changed, serverMiddleware: [requestGuard, banner] },
  "serve",
);
await eleventy.init();
await eleventy.watch();
await serve();
