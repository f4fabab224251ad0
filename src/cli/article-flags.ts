import { writeLine, type CliIo } from "./io.ts";

/** The frontmatter flags `npm run new` and `npm run import` share: one list, so the two commands never drift apart. */
export const ARTICLE_FLAGS = {
  column: { type: "string" },
  title: { type: "string" },
  date: { type: "string" },
  source: { type: "string" },
  author: { type: "string" },
  editor: { type: "string" },
  proofreader: { type: "string" },
  "original-url": { type: "string" },
  tags: { type: "string" },
  slug: { type: "string" },
} as const;

/** Prints each line to stderr and gives the exit code back (`return fail(…)`): the editor commands' one way out on bad input. */
export function fail(io: CliIo, lines: readonly string[], code = 1): number {
  for (const line of lines) writeLine(io.stderr, line);
  return code;
}
