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
