/** `npm run build`: the production build into _site/ (see src/build.ts). */
import { buildSite } from "../build.ts";
import { formatProblem } from "../content/problems.ts";

const log = (line: string) => console.error(line);
const result = await buildSite({ rootDir: process.cwd(), outputDir: process.env.PORTAL_OUTPUT || "_site", env: process.env, log });

if (result.ok) {
  const rate = result.seconds > 0 ? Math.round(result.pageCount / result.seconds) : result.pageCount;
  console.log(`[portal] wrote ${result.pageCount} files in ${result.seconds.toFixed(2)} s (${rate} files/s) into ${process.env.PORTAL_OUTPUT || "_site"}/`);
} else if (result.contentError) {
  const errors = result.contentError.problems.filter((problem) => problem.severity === "error");
  const files = new Set(errors.map((problem) => problem.file));
  log(`[portal] build stopped: ${errors.length} problem(s) in ${files.size} file(s); nothing was published, the previous site is unchanged.`);
  for (const problem of errors) log(formatProblem(problem));
  process.exitCode = 1;
} else {
  log(`[portal] build failed; the previous site is unchanged.`);
  log(result.error instanceof Error ? (result.error.stack ?? result.error.message) : String(result.error));
  process.exitCode = 1;
}
