/**
 * `npm run new -- --column 党风政风 --title "…" --editor 王伟 [--source … --author … --proofreader …
 * --original-url … --tags a,b --slug … --date … --now ISO --dry-run]`: scaffolds an article (see
 * src/editor/new-article.ts). In a terminal it asks for a missing column, title or editor; without
 * one (CI, scripts) it names what is missing and exits 1, never waiting for input.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { ARTICLE_FLAGS, fail } from "../article-flags.ts";
import { writeLine, type CliIo } from "../io.ts";
import { optionsFromIo } from "../options.ts";
import { formatProblem } from "../../content/problems.ts";
import { readExisting } from "../../editor/destination.ts";
import { askForMissing, badNowProblem, createArticle, formatFlagProblem, missingRequired, noTerminalMessage, type NewArticleRequest } from "../../editor/new-article.ts";

const USAGE = `usage: npm run new -- --column 栏目 --title 标题 --editor 责任编辑 [--source 来源] [--author 作者]
       [--proofreader 校对] [--original-url http(s)://…] [--tags 标签1,标签2] [--slug ascii-slug]
       [--date "YYYY-MM-DD HH:mm"] [--now ISO-time] [--dry-run]`;

export async function runNew(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        ...ARTICLE_FLAGS,
        now: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail(io, [`npm run new: ${error instanceof Error ? error.message : String(error)}`, USAGE], 2);
  }
  if (args.help) {
    writeLine(io.stdout, USAGE);
    return 0;
  }

  const options = optionsFromIo(io, "production");
  if (!options) return 2;
  const now = args.now ? Date.parse(args.now) : options.now;
  if (Number.isNaN(now)) return fail(io, [formatFlagProblem(badNowProblem(args.now ?? ""))], 2);

  const existing = await readExisting(options);
  if (!existing.ok) return fail(io, [...existing.problems.map(formatProblem), "npm run new needs a valid content/_data/site.json: fix the problems above first."]);
  const { site } = existing.existing;

  const request: NewArticleRequest = {
    column: args.column,
    title: args.title,
    source: args.source,
    author: args.author,
    editor: args.editor,
    proofreader: args.proofreader,
    originalUrl: args["original-url"],
    tags: args.tags?.split(/[,，、]/).map((tag) => tag.trim()).filter(Boolean),
    slug: args.slug,
    date: args.date,
  };

  const missing = missingRequired(request);
  let complete = request;
  if (missing.length > 0) {
    if (!io.stdin.isTTY) return fail(io, [noTerminalMessage(missing), USAGE]);
    const prompt = createInterface({ input: io.stdin, output: io.stderr });
    // Ctrl-C (130) or the end of input (1) ends the command where it stands. Raced rather than
    // aborting the question, which would print a line of its own.
    const stopped = new Promise<{ code: number; line: string }>((resolve) => {
      prompt.once("SIGINT", () => resolve({ code: 130, line: "\nnpm run new: cancelled, nothing was written." }));
      prompt.once("close", () => resolve({ code: 1, line: "\nnpm run new: input ended, nothing was written." }));
    });
    const answered = askForMissing(request, site, (question) => prompt.question(question), (line) => writeLine(io.stderr, line)).then((answers) => ({ request: answers }));
    const outcome = await Promise.race([answered, stopped]);
    prompt.removeAllListeners("close");
    prompt.close();
    if (!("request" in outcome)) return fail(io, [outcome.line], outcome.code);
    complete = outcome.request;
  }

  const result = await createArticle(complete, { location: options, existing: existing.existing, now, dryRun: args["dry-run"] });
  if (!result.ok) return fail(io, [...result.problems.map(formatFlagProblem), "Nothing was written."]);
  for (const warning of result.warnings) writeLine(io.stderr, formatProblem(warning));
  if (args["dry-run"]) {
    writeLine(io.stderr, `would write ${result.file} (${result.url}):`);
    io.stdout.write(result.text);
  } else {
    writeLine(io.stdout, `wrote ${result.file}  (its page: ${result.url})`);
    writeLine(io.stdout, "Write the text below the second --- line, preview it with npm start, and run npm run check before you commit.");
  }
  return 0;
}
