/** Page metadata: schema.org JSON-LD for articles, safe to place inside a <script> element. */
import type { ArticleView } from "./model/types.ts";
import type { Site } from "./site/schema.ts";
import { absoluteUrl } from "./urls.ts";

/**
 * JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` are escaped as \u003c etc.,
 * so a title containing `</script>` cannot end the element.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The schema.org NewsArticle of an article page. */
export function newsArticle(article: ArticleView, site: Site): Record<string, unknown> {
  const abs = (path: string) => absoluteUrl(path, site.url, site.pathPrefix);
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    description: article.summary,
    datePublished: article.date.iso,
    url: abs(article.url),
    mainEntityOfPage: abs(article.url),
    articleSection: article.column.name,
    keywords: article.tags.map((tag) => tag.name).join(","),
    inLanguage: site.lang,
    author: { "@type": "Person", name: article.author },
    editor: { "@type": "Person", name: article.editor },
    publisher: { "@type": "Organization", name: site.name, url: abs("/") },
    ...(article.isReprint ? { isBasedOn: article.originalUrl, sourceOrganization: { "@type": "Organization", name: article.source } } : {}),
  };
}
