/**
 * `npm run check`: validates the site data and every article and page, and runs the inspection
 * (错敏词, columns, links, identity, 信息公开), without writing the site. One line per problem.
 * `npm run check -- --report FILE.html` also writes the inspection report as one HTML page.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeLine, type CliIo } from "../io.ts";
import { optionsFromIo } from "../options.ts";
import { formatProblem } from "../../content/problems.ts";
import { renderReport } from "../../inspect/report.ts";
import { checkSite } from "../../inspect/run.ts";

export async function runCheck(argv: readonly string[], io: CliIo): Promise<number> {
  let reportPath: string | undefined;
  try {
    reportPath = parseArgs({ args: [...argv], options: { report: { type: "string" } }, strict: true }).values.report;
  } catch (error) {
    writeLine(io.stderr, `[portal] ${error instanceof Error ? error.message : String(error)}; usage: npm run check [-- --report FILE.html]`);
    return 2;
  }
  const options = optionsFromIo(io, "production");
  if (!options) return 2;
  const run = await checkSite(options);
  const errors = run.findings.filter((finding) => finding.severity === "error");
  const warnings = run.findings.length - errors.length;

  for (const finding of run.findings) writeLine(io.stderr, formatProblem(finding));
  if (reportPath !== undefined) {
    const site = run.content.site;
    const reportFile = path.resolve(io.cwd, reportPath);
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
    const shown = path.relative(io.cwd, reportFile);
    writeLine(io.stdout, `Report written to ${shown.startsWith("..") ? reportFile : shown}`);
  }
  if (errors.length > 0) {
    const files = new Set(errors.map((problem) => problem.file));
    writeLine(io.stderr, `\n${errors.length} error(s) in ${files.size} file(s), ${warnings} warning(s). Fix them and run npm run check again.`);
    return 1;
  }
  writeLine(io.stdout, `OK: site data, ${run.content.articles.length} articles and ${run.content.pages.length} pages checked, ${warnings} warning(s).`);
  return 0;
}
