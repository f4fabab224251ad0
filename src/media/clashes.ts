/**
 * Two files that would land on one URL: within an article (`a/x.jpg` and `b/x.jpg` both published
 * as `x.jpg`, or `x.jpg` and `x.png` both giving `x-800w.webp`), or an article's file and a site
 * file. Compared without case, as Windows and some hosts serve `X.jpg` and `x.jpg` as one file.
 */
import type { Problem } from "../content/problems.ts";
import type { LocalFile, ResolvedMedia } from "./resolve.ts";
import { publishedPaths } from "./views.ts";

export interface MediaOwnerRef {
  file: string;
  url: string;
  media: ResolvedMedia;
}

function filesOf(media: ResolvedMedia): LocalFile[] {
  return [...Object.values(media.refs), ...(media.cover ? [media.cover.image] : []), ...media.attachments.map((entry) => entry.file)];
}

export function mediaClashes(owners: readonly MediaOwnerRef[], siteFiles: readonly { path: string; file: string }[]): Problem[] {
  const problems: Problem[] = [];
  const taken = new Map<string, { what: string; source: string }>();
  const normal = (path: string) => path.normalize("NFC").toLowerCase();
  for (const siteFile of siteFiles) taken.set(normal(siteFile.path), { what: `the site file ${siteFile.file}`, source: siteFile.file });
  const reported = new Set<string>();
  for (const owner of owners) {
    const files = filesOf(owner.media);
    for (const { path, source } of publishedPaths(owner.media, owner.url)) {
      const earlier = taken.get(normal(path));
      const mine = files.find((file) => file.absolute === source);
      if (!earlier) {
        taken.set(normal(path), { what: `"${mine?.file ?? source}" of ${owner.file}`, source });
        continue;
      }
      if (earlier.source === source || reported.has(`${owner.file}\n${source}`)) continue;
      reported.add(`${owner.file}\n${source}`);
      problems.push({
        severity: "error",
        file: owner.file,
        line: mine?.line ?? 1,
        field: mine?.kind === "attachment" ? "attachment" : "image",
        message: `"${mine?.file ?? source}" would be published at ${path}, where ${earlier.what} is published too`,
        fix: "rename one of the two files",
      });
    }
  }
  return problems;
}
