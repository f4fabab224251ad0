/**
 * `node --import tsx tests/helpers/build-fixture-child.ts CONTENT OUTPUT`: renders a fixture site
 * as buildFixture does, in a process of its own (with the PORTAL_NOW and PORTAL_PATH_PREFIX the
 * parent passes in the environment), for tests that compare two builds made by two processes.
 */
import { fixtureOptions, renderInto } from "./site.ts";

const [contentDir, outputDir] = process.argv.slice(2);
if (!contentDir || !outputDir) throw new Error("usage: build-fixture-child.ts CONTENT OUTPUT");
const env: Record<string, string> = {};
for (const name of ["PORTAL_NOW", "PORTAL_PATH_PREFIX"]) if (process.env[name]) env[name] = process.env[name] as string;
await renderInto(outputDir, fixtureOptions(contentDir, { env }));
