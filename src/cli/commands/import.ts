/**
 * `npm run import -- FILE|FOLDER... [--column 栏目] [--editor …] [--allow-missing] [--dry-run]`:
 * turns copied or saved reprint pages into articles (see src/importer/import.ts). Exit 1 when
 * any input was not imported; the others are written all the same.
 */
import { parseArgs } from "node:util";
import { ARTICLE_FLAGS, fail } from "../article-flags.ts";
import { writeLine, type CliIo } from "../io.ts";
import { optionsFromIo } from "../options.ts";
import { formatProblem } from "../../content/problems.ts";
import { readExisting } from "../../editor/destination.ts";
import { formatFlagProblem } from "../../editor/new-article.ts";
import { importFiles, listInputs, slugForManyProblem } from "../../importer/import.ts";

const USAGE = `usage: npm run import -- FILE.txt|PAGE.html|FOLDER... [--column 栏目] [--dry-run] [--allow-missing]
       [--title …] [--date …] [--source …] [--author …] [--editor …] [--proofreader …]
       [--original-url …] [--tags 标签1,标签2] [--slug ascii-slug (one file only)]`;

export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...ARTICLE_FLAGS,
        "allow-missing": { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return fail(io, [`npm run import: ${error instanceof Error ? error.message : String(error)}`, USAGE], 2);
  }
  const { values: args, positionals } = parsed;
  if (args.help) {
    writeLine(io.stdout, USAGE);
    return 0;
  }
  if (positionals.length === 0) return fail(io, ["npm run import: name the files or folders to import", USAGE], 2);

  const options = optionsFromIo(io, "production");
  if (!options) return 2;
  const existing = await readExisting(options);
  if (!existing.ok) return fail(io, [...existing.problems.map(formatProblem), "npm run import needs a valid content/_data/site.json: fix the problems above first."]);

  const inputs = await listInputs(positionals, io.cwd);
  for (const problem of inputs.problems) writeLine(io.stderr, formatProblem(problem));
  if (args.slug && inputs.files.length > 1) return fail(io, [formatFlagProblem(slugForManyProblem(inputs.files.length))], 2);

  const outcomes = await importFiles(inputs.files, {
    location: options,
    existing: existing.existing,
    cwd: io.cwd,
    allowMissing: args["allow-missing"],
    dryRun: args["dry-run"],
    given: {
      column: args.column,
      title: args.title,
      date: args.date,
      source: args.source,
      author: args.author,
      editor: args.editor,
      proofreader: args.proofreader,
      originalUrl: args["original-url"],
      tags: args.tags?.split(/[,，、]/).map((tag) => tag.trim()).filter(Boolean),
      slug: args.slug,
    },
  });

  let failed = inputs.problems.length;
  for (const outcome of outcomes) {
    for (const problem of outcome.problems) writeLine(io.stderr, formatProblem(problem));
    const images = outcome.images.length > 0 ? ` and ${outcome.images.length} image(s)` : "";
    if (outcome.problems.some((problem) => problem.severity === "error")) {
      failed += 1;
      writeLine(io.stderr, `${outcome.input}: not imported, nothing was written.`);
    } else if (args["dry-run"]) {
      writeLine(io.stderr, `${outcome.input}: would write ${outcome.file}${images}:`);
      io.stdout.write(outcome.text ?? "");
    } else {
      writeLine(io.stdout, `${outcome.input}: wrote ${outcome.file}${images}`);
    }
  }
  if (failed > 0) {
    writeLine(io.stderr, `\n${failed} input(s) not imported. Fix what is named above (a flag such as --editor fills in a field), or use --allow-missing.`);
    return 1;
  }
  if (!args["dry-run"] && outcomes.length > 0) writeLine(io.stdout, "Check each new article (npm start shows it), then run npm run check before you commit.");
  return 0;
}
