/** Tag slugs: every tag gets one unique ASCII URL segment. */
import { shortHash, tagSlug } from "../urls.ts";
import type { TagRef } from "./types.ts";

/**
 * Gives every tag a unique ASCII slug. Slugs chosen in site.json are taken first; a derived slug
 * that clashes (AI / ai, or a chosen one) gets a hash suffix, in name order. Two chosen slugs
 * that are the same are reported by the route check (src/model/routes.ts), not silently merged.
 */
export function assignTagSlugs(tagNames: Iterable<string>, chosen: Readonly<Record<string, string>>): Map<string, TagRef> {
  const refs = new Map<string, TagRef>();
  const names = [...new Set(tagNames)].sort();
  const taken = new Set(names.flatMap((name) => chosen[name] ?? []));
  for (const name of names) {
    let slug = tagSlug(name, chosen);
    if (!chosen[name]) {
      if (taken.has(slug)) slug = `${slug}-${shortHash(name, 6)}`;
      taken.add(slug);
    }
    refs.set(name, { name, slug, url: `/tags/${slug}/` });
  }
  return refs;
}
