/** The filters through which templates print what this folder computes: 网页标签 and the footer's identity line. */
import type { EleventyConfig } from "../eleventy-types.ts";
import { footerIdentity, type IdentityData } from "./identity.ts";
import { articleTags, listingTags, siteTags, type TaggedArticle, type TaggedSite } from "./page-tags.ts";

export function inspectPlugin(eleventyConfig: EleventyConfig): void {
  /** `{% for tag in site | siteTags %}`: SiteName, SiteDomain, SiteIDCode. */
  eleventyConfig.addFilter("siteTags", (site: TaggedSite) => siteTags(site));
  /** `{% for tag in listing | listingTags(site) %}`: the column's tags on its list pages. */
  eleventyConfig.addFilter("listingTags", (listing: { kind: string; columnSlug: string }, site: TaggedSite) => listingTags(listing, site));
  /** `{% for tag in article | articleTags(site) %}`: the article's tags. */
  eleventyConfig.addFilter("articleTags", (article: TaggedArticle, site: TaggedSite) => articleTags(article, site));
  /** `{% set identity = site | footerIdentity(page.url) %}`: 备案 numbers, 网站标识码, marks and 纠错 for the footer. */
  eleventyConfig.addFilter("footerIdentity", (site: IdentityData, pageUrl: string) => footerIdentity(site, pageUrl));
}
