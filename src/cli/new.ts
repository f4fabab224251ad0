/**
 * `npm run new -- --column 党风政风 --title "…" --editor 王伟 [--source … --author … --proofreader …
 * --original-url … --tags a,b --slug … --date … --now ISO --dry-run]`: scaffolds an article (see
 * src/editor/new-article.ts). In a terminal it asks for a missing column, title or editor; without
 * one (CI, scripts) it names what is missing and exits 1, never waiting for input.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { ARTICLE_FLAGS, fail } from "./article-flags.ts";
import { formatProblem } from "../content/problems.ts";
import { readExisting } from "../editor/destination.ts";
import { askForMissing, badNowProblem, createArticle, formatFlagProblem, missingRequired, noTerminalMessage, type NewArticleRequest } from "../editor/new-article.ts";
import { optionsOrExit } from "./options.ts";

const USAGE = `usage: npm run new -- --column 栏目 --title 标题 --editor 责任编辑 [--source 来源] [--author 作者]
       [--proofreader 校对] [--original-url http(s)://…] [--tags 标签1,标签2] [--slug ascii-slug]
       [--date "YYYY-MM-DD HH:mm"] [--now ISO-time] [--dry-run]`;

let args;
try {
  args = parseArgs({
    options: {
      ...ARTICLE_FLAGS,
      now: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail([`npm run new: ${error instanceof Error ? error.message : String(error)}`, USAGE], 2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const options = optionsOrExit("production");
const now = args.now ? Date.parse(args.now) : options.now;
if (Number.isNaN(now)) fail([formatFlagProblem(badNowProblem(args.now ?? ""))], 2);

const existing = await readExisting(options);
if (!existing.ok) fail([...existing.problems.map(formatProblem), "npm run new needs a valid content/_data/site.json: fix the problems above first."]);
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
  if (!process.stdin.isTTY) {
    fail([noTerminalMessage(missing), USAGE]);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  prompt.on("SIGINT", () => fail(["\nnpm run new: cancelled, nothing was written."], 130));
  prompt.on("close", () => fail(["\nnpm run new: input ended, nothing was written."], 1));
  complete = await askForMissing(request, site, (question) => prompt.question(question), (line) => console.error(line));
  prompt.removeAllListeners("close");
  prompt.close();
}

const result = await createArticle(complete, { location: options, existing: existing.existing, now, dryRun: args["dry-run"] });
if (!result.ok) fail([...result.problems.map(formatFlagProblem), "Nothing was written."]);
for (const warning of result.warnings) console.error(formatProblem(warning));
if (args["dry-run"]) {
  console.error(`would write ${result.file} (${result.url}):`);
  process.stdout.write(result.text);
} else {
  console.log(`wrote ${result.file}  (its page: ${result.url})`);
  console.log("Write the text below the second --- line, preview it with npm start, and run npm run check before you commit.");
}
