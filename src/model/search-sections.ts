/**
 * Which search index holds each article (src/search.ts writes one per section, in
 * pagefind/<section>/). A section is a year of articles; a year of more than SECTION_PAGES
 * articles is cut into parts of that many, counted from its oldest article: `2024-1` the oldest,
 * then `2024-2`… So publishing new articles changes only a year's last part, and editing one
 * article only its own, and no index grows so big that Pagefind slows down: its time grows faster
 * than the index (five yearly indexes of 20,000 articles took 318 s in all, against 2.5-3 s for
 * each year of 2,000). The cost: an article added, backdated or deleted early in a big year moves
 * every newer article of that year into the next part, and those parts and pages are made again;
 * a year that passes SECTION_PAGES is made again once, as parts. (Cutting at month boundaries
 * would avoid that, with parts of uneven size.)
 */

/** What the sections are worked out from, and where each article's is set. */
export interface SectionedArticle {
  date: { year: string };
  searchSection: string;
}

/** Most articles one search index holds. */
export const SECTION_PAGES = 5000;

/**
 * Sets each article's `searchSection` and returns the sections, newest first (the order the
 * search page merges them in). `articles` are newest first, as the model keeps them.
 */
export function assignSearchSections(articles: readonly SectionedArticle[], sectionPages = SECTION_PAGES): string[] {
  const byYear = new Map<string, SectionedArticle[]>();
  for (const article of articles) {
    const year = byYear.get(article.date.year) ?? [];
    year.push(article);
    byYear.set(article.date.year, year);
  }
  const sections: string[] = [];
  for (const [year, newestFirst] of byYear) {
    if (newestFirst.length <= sectionPages) {
      for (const article of newestFirst) article.searchSection = year;
      sections.push(year);
      continue;
    }
    const parts = Math.ceil(newestFirst.length / sectionPages);
    newestFirst.forEach((article, index) => {
      const fromOldest = newestFirst.length - 1 - index;
      article.searchSection = `${year}-${Math.floor(fromOldest / sectionPages) + 1}`;
    });
    for (let part = parts; part >= 1; part -= 1) sections.push(`${year}-${part}`);
  }
  return sections;
}
