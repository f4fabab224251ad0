/** Nunjucks settings for the templates in templates/: autoescape on, tidy whitespace. */
import type { EleventyConfig } from "./eleventy-types.ts";
import { telHref } from "./urls.ts";

export function templatesPlugin(eleventyConfig: EleventyConfig): void {
  // Everything printed is escaped unless a template says `| safe` (only rendered Markdown and
  // script-safe JSON do), so markup in frontmatter stays text.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, trimBlocks: true, lstripBlocks: true, throwOnUndefined: false });
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.setQuietMode(true);
  eleventyConfig.setServerOptions({ port: 8080, showAllHosts: false });
  /** `{{ number | telHref }}`: the footer's phone numbers as links a phone can dial. */
  eleventyConfig.addFilter("telHref", telHref);
}
