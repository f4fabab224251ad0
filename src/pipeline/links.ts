/**
 * Files shared between a build cache and the site as hard links: one file with two names instead
 * of a second write. Safe only because neither side is ever written in place (cache entries are
 * written under a private name and renamed; every build writes a new site folder).
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

/** Gives `to` the contents of `from`: a hard link, or a copy where links cannot be made (another file system). */
export function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw error;
    copyFileSync(from, to);
  }
}

/** Regular files below `dir`, relative, forward slashes, sorted; links are never followed (a link to `..` must not make this endless). */
export function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(path.join(dir, entry.name), relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

/** Links every file below `from` to the same place below `to`. */
export function linkTree(from: string, to: string): void {
  const made = new Set<string>();
  for (const file of listFiles(from)) {
    const target = path.join(to, file);
    const folder = path.dirname(target);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    linkOrCopy(path.join(from, file), target);
  }
}
