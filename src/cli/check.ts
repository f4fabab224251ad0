/** `npm run check`: validates the site data and every article and page without writing the site. */
import { loadContent } from "../content/load.ts";
import { errorsIn, formatProblem } from "../content/problems.ts";
import { optionsOrExit } from "./options.ts";

const options = optionsOrExit("production");
const content = await loadContent(options);
const errors = errorsIn(content.problems);

for (const problem of content.problems) console.error(formatProblem(problem));
const warnings = content.problems.length - errors.length;
if (errors.length > 0) {
  const files = new Set(errors.map((problem) => problem.file));
  console.error(`\n${errors.length} error(s) in ${files.size} file(s), ${warnings} warning(s). Fix them and run npm run check again.`);
  process.exitCode = 1;
} else {
  console.log(`OK: site data, ${content.articles.length} articles and ${content.pages.length} pages checked, ${warnings} warning(s).`);
}
