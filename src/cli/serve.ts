/**
 * `npm start [-- --port N]`: builds the content in development mode into _dev/ and serves it with
 * live reload on http://localhost:8080. Drafts and future articles are shown; broken files are
 * left out and their problems shown on every page until fixed.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { developmentLoader, incrementalRender } from "../dev.ts";
import type { ContentCache } from "../content/load.ts";
import { loadPortal } from "../model/load.ts";
import { createEleventy } from "../render.ts";
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
// Unchanged files are not read again on a rebuild, changed pages alone are rendered again.
const contentCache: ContentCache = new Map();
const incremental = incrementalRender(options.contentDir, outputDir, log);
const { eleventy } = createEleventy(
  { options, portal: developmentLoader(() => loadPortal(options, log, contentCache), log), outputDir, slice: incremental.slice, onChangedFiles: incremental.changed },
  "serve",
);
await eleventy.init();
await eleventy.watch();
await eleventy.serve(port);
