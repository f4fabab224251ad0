/**
 * `npm run check`: validates the site data and every article and page, and runs the inspection
 * (错敏词, columns, links, identity, 信息公开), without writing the site. One line per problem.
 * `npm run check -- --report FILE.html` also writes the inspection report as one HTML page.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatProblem } from "../content/problems.ts";
import { renderReport } from "../inspect/report.ts";
import { checkSite } from "../inspect/run.ts";
import { optionsOrExit } from "./options.ts";

let reportPath: string | undefined;
try {
  reportPath = parseArgs({ options: { report: { type: "string" } }, strict: true }).values.report;
} catch (error) {
  console.error(`[portal] ${error instanceof Error ? error.message : String(error)}; usage: npm run check [-- --report FILE.html]`);
  process.exit(2);
}
const options = optionsOrExit("production");
const run = await checkSite(options);
const errors = run.findings.filter((finding) => finding.severity === "error");
const warnings = run.findings.length - errors.length;

for (const finding of run.findings) console.error(formatProblem(finding));
if (reportPath !== undefined) {
  const site = run.content.site;
  const reportFile = path.resolve(reportPath);
  writeFileSync(
    reportFile,
    renderReport({
      site: { name: site?.name ?? "", url: options.siteUrl ?? site?.url ?? "" },
      today: run.today,
      articleCount: run.publishedCount,
      pageCount: run.content.pages.length,
      findings: run.findings,
      columns: run.columns,
    }),
  );
  const shown = path.relative(process.cwd(), reportFile);
  console.log(`Report written to ${shown.startsWith("..") ? reportFile : shown}`);
}
if (errors.length > 0) {
  const files = new Set(errors.map((problem) => problem.file));
  console.error(`\n${errors.length} error(s) in ${files.size} file(s), ${warnings} warning(s). Fix them and run npm run check again.`);
  process.exitCode = 1;
} else {
  console.log(`OK: site data, ${run.content.articles.length} articles and ${run.content.pages.length} pages checked, ${warnings} warning(s).`);
}
