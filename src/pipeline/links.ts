/**
 * Files shared between a build cache and the site as hard links: one file with two names instead
 * of a second write. Safe only because neither side is ever written in place (cache entries are
 * written under a private name and renamed; every build writes a new site folder).
 */
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

/** Whether `file` is a regular file itself, not a link to one (a cache entry someone replaced by a link is not an entry). */
export function isRegularFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Gives `to` the contents of `from`: a hard link, or a copy where links cannot be made (another
 * file system). `from` must be a regular file: a hard link to a symbolic link is the link itself,
 * which would publish whatever it points at.
 */
export function linkOrCopy(from: string, to: string): void {
  if (!isRegularFile(from)) throw new Error(`${from} is not a regular file`);
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw error;
    copyFileSync(from, to);
  }
}

/** Regular files below `dir`, relative, forward slashes, sorted; links are never followed (a link to `..` must not make this endless). */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  // One array for the whole walk: spreading a subtree's list into its parent's fails past about 125,000 files.
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(folder, entry.name), relative);
      else if (entry.isFile()) files.push(relative);
    }
  };
  if (existsSync(dir)) walk(dir, "");
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
