/**
 * 网页标签: the <meta name=…> tags government websites carry so that inspection and aggregation
 * systems can read a page: the site's on every page, the column's on column lists, the article's
 * on article pages. Computed here; the templates print the name/content pairs.
 */
import { createMarkdown } from "../markdown.ts";
import { absoluteUrl } from "../urls.ts";

export interface MetaTag {
  name: string;
  content: string;
}

/** What the tags read of the site data. */
export interface TaggedSite {
  name: string;
  domain: string;
  url: string;
  pathPrefix: string;
  columns: readonly { name: string; slug: string; description?: string | undefined; type?: string | undefined; keywords?: readonly string[] | undefined }[];
  footer: { siteCode: string };
}

/** SiteName, SiteDomain and, when set, SiteIDCode: on every page. */
export function siteTags(site: TaggedSite): MetaTag[] {
  const tags = [
    { name: "SiteName", content: site.name },
    { name: "SiteDomain", content: site.domain },
  ];
  if (site.footer.siteCode) tags.push({ name: "SiteIDCode", content: site.footer.siteCode });
  return tags;
}

/** ColumnName, ColumnDescription, ColumnKeywords and ColumnType on a column's list pages; none on other lists. */
export function listingTags(listing: { kind: string; columnSlug: string }, site: TaggedSite): MetaTag[] {
  const column = listing.kind === "column" ? site.columns.find((candidate) => candidate.slug === listing.columnSlug) : undefined;
  if (!column) return [];
  const tags = [
    { name: "ColumnName", content: column.name },
    { name: "ColumnDescription", content: column.description ?? column.name },
    { name: "ColumnKeywords", content: (column.keywords ?? [column.name]).join(",") },
  ];
  if (column.type) tags.push({ name: "ColumnType", content: column.type });
  return tags;
}

/** What the tags read of an article. */
export interface TaggedArticle {
  title: string;
  url: string;
  summary: string;
  source: string;
  author: string;
  date: { display: string };
  column: { name: string };
  tags: readonly { name: string }[];
  body: string;
  /** Its cover, else its first photo, as published (the file og:image names too); null when it has none. */
  image: { shareUrl: string } | null;
}

const markdown = createMarkdown();

/** The first image of a Markdown body, as written; "" when it has none. */
export function firstImage(body: string): string {
  if (!body.includes("![")) return "";
  const tokens = markdown.parse(body, {});
  for (const block of tokens) {
    const image = block.children?.find((child) => child.type === "image");
    if (image) return String(image.attrGet("src") ?? "");
  }
  return "";
}


/** ColumnName, ArticleTitle, PubDate, ContentSource, Keywords, Author, Description, Image (when the article has a photo) and Url. */
export function articleTags(article: TaggedArticle, site: TaggedSite): MetaTag[] {
  const url = absoluteUrl(article.url, site.url, site.pathPrefix);
  const tags = [
    { name: "ColumnName", content: article.column.name },
    { name: "ArticleTitle", content: article.title },
    { name: "PubDate", content: article.date.display },
    { name: "ContentSource", content: article.source },
    { name: "Keywords", content: article.tags.map((tag) => tag.name).join(",") },
    { name: "Author", content: article.author },
    { name: "Description", content: article.summary },
  ];
  // The published file, never the source as written: production publishes only encoded copies of a
  // photo. Without one, a photo the body shows from another site is still the article's picture.
  const remote = article.image ? "" : firstImage(article.body);
  if (article.image) tags.push({ name: "Image", content: absoluteUrl(article.image.shareUrl, site.url, site.pathPrefix) });
  else if (/^https?:\/\//i.test(remote)) tags.push({ name: "Image", content: remote });
  tags.push({ name: "Url", content: url });
  return tags;
}
