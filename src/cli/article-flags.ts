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

/** Prints each line to stderr and exits: the editor commands' one way out on bad input. */
export function fail(lines: readonly string[], code = 1): never {
  for (const line of lines) console.error(line);
  process.exit(code);
}
