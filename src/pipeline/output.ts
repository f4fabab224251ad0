/**
 * The output folder's safety: a build only ever replaces a folder that a build made, takes a lock
 * so two builds into one folder never race, and clears what killed builds left behind.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync, type Stats } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/** Written into every built site: only a folder carrying it may be replaced by a build. */
export const SITE_MARKER = ".portal-site";
export const TEMP_MARK = ".building-";
export const OLD_MARK = ".previous-";
/** A replaced site on its way out, removed in the background. */
export const TRASH_MARK = ".removing-";
/**
 * The site a build replaced, kept for the next build's folders (`_site.spare`): making 25,000
 * folders took 3-8 s of a warm build on this machine's disk, emptying and refilling them 0.3 s,
 * and the old site's deletion (another 4 s) is not needed.
 */
export const SPARE_MARK = ".spare";

/** A refusal worded for the person who ran the build; the CLI prints it as one line. */
export class OutputError extends Error {
  override name = "OutputError";
}

/** The path with symlinks resolved as far as it exists, so `./x/../content` and links compare equal. */
function real(target: string): string {
  const missing: string[] = [];
  let current = path.resolve(target);
  while (!existsSync(current)) {
    missing.unshift(path.basename(current));
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return path.join(realpathSync(current), ...missing);
}

const isInside = (child: string, parent: string) => {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
};

export interface ProtectedFolders {
  rootDir: string;
  contentDir: string;
  templatesDir: string;
  cacheDir: string;
}

/** The folders of a project no output may be, contain or sit inside. */
export function protectedFolders(options: { rootDir: string; contentDir: string; cacheDir: string }): ProtectedFolders {
  return { rootDir: options.rootDir, contentDir: options.contentDir, templatesDir: path.join(options.rootDir, "templates"), cacheDir: options.cacheDir };
}

/**
 * Refuses an output folder that is, contains or sits inside what the project needs (content,
 * templates, sources, .git, caches), that is the project root or above it, or that already holds
 * something a build did not make.
 */
export function checkOutputFolder(outputDir: string, folders: ProtectedFolders): void {
  checkOutputPlace(outputDir, folders);
  const shown = path.relative(folders.rootDir, outputDir) || outputDir;
  if (!existsSync(outputDir)) return;
  const stat = lstatSync(outputDir);
  if (!stat.isDirectory()) throw new OutputError(`refusing to build into ${shown}: it exists and is not a folder; remove it or choose another output`);
  const entries = readdirSync(outputDir);
  if (entries.length > 0 && !entries.includes(SITE_MARKER)) {
    throw new OutputError(`refusing to replace ${shown}: it holds files a build did not make (no ${SITE_MARKER} marker); move them away or choose another output folder`);
  }
}

/**
 * `npm start`'s output (it writes into the folder in place): not one of the project's folders,
 * and not a published site, whose pages are hard links of the build cache's files, so writing
 * them would change the cache and the next build would publish development pages.
 */
export function checkDevOutputFolder(outputDir: string, folders: ProtectedFolders): void {
  checkOutputPlace(outputDir, folders, "_dev");
  const shown = path.relative(folders.rootDir, outputDir) || outputDir;
  if (existsSync(path.join(outputDir, SITE_MARKER))) throw new OutputError(`refusing to serve from ${shown}: it is a site npm run build made (its ${SITE_MARKER} marker), whose pages share their files with the build cache; use _dev, the default`);
}

/** Refuses an output that is, contains or sits inside what the project needs, or is the project root or above it. */
function checkOutputPlace(outputDir: string, folders: ProtectedFolders, suggested = "_site"): void {
  const output = real(outputDir);
  const root = real(folders.rootDir);
  const shown = path.relative(folders.rootDir, outputDir) || outputDir;
  if (isInside(root, output)) throw new OutputError(`refusing to build into ${shown}: it is the project folder${output === root ? "" : " or a folder above it"}; use a new folder such as ${suggested}`);
  const guarded: [string, string][] = [
    [folders.contentDir, "the content folder"],
    [folders.templatesDir, "the templates folder"],
    [folders.cacheDir, "the build cache"],
    ...["src", "tests", ".git", "node_modules", ".github"].map((name): [string, string] => [path.join(folders.rootDir, name), `the project's ${name} folder`]),
  ];
  for (const [folder, what] of guarded) {
    const guardedReal = real(folder);
    if (isInside(output, guardedReal) || isInside(guardedReal, output)) throw new OutputError(`refusing to build into ${shown}: it ${isInside(output, guardedReal) ? "is inside" : "contains"} ${what}; use a folder of its own such as ${suggested}`);
  }
}

/** Marks a freshly built folder as the build's own. */
export function markSite(siteDir: string): void {
  writeFileSync(path.join(siteDir, SITE_MARKER), "Built by the portal generator: this folder is replaced as a whole on every build.\n");
}

interface LockOwner {
  pid: number;
  host: string;
  /** The process's start time from /proc (Linux), so a reused pid is not taken for the owner. */
  started: string;
}

/** Whether a cache entry written under `<name>.<pid>.tmp` was left by a process that is gone (a killed build): then it can go. */
export function leftByGoneProcess(name: string): boolean {
  const pid = /\.(\d+)\.tmp$/.exec(name)?.[1];
  return pid !== undefined && processGone(Number(pid));
}

/** Whether process `pid` has ended (a zombie has: it only waits to be reaped). */
export function processGone(pid: number): boolean {
  return processStart(pid) === undefined;
}

/** The start time of a running, non-zombie process; "" when it is gone, a zombie, or unknown. */
function processStart(pid: number): string | undefined {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return undefined;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ... starttime(22nd field)"; comm may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return undefined;
    return fields[19] ?? "";
  } catch {
    // No /proc (macOS): a signal-0 answer is the best evidence there is.
    return "";
  }
}

function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  const started = processStart(owner.pid);
  return started !== undefined && (owner.started === "" || started === "" || started === owner.started);
}

export interface OutputLock {
  release(): void;
}

/**
 * Takes the output's lock (`<output>.lock/`), or refuses while a live build holds it. A lock left
 * by a killed build (its process gone or a zombie) is taken over, and that build's temporary
 * folders are removed: holding the lock means no other build is writing beside this output.
 */
export function lockOutput(outputDir: string, shown: string): OutputLock {
  const lockDir = `${outputDir}.lock`;
  mkdirSync(path.dirname(outputDir), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: hostname(), started: processStart(process.pid) ?? "" };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, "owner.json"), JSON.stringify(me));
      const release = () => rmSync(lockDir, { recursive: true, force: true });
      try {
        removeLeftovers(outputDir);
      } catch (error) {
        release(); // A lock nobody holds must not outlive the refusal.
        throw error;
      }
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    // A lock is a folder holding at most its owner file; anything else with its name is not ours to remove.
    const lockStat = lstatOrUndefined(lockDir);
    const foreign = !lockStat?.isDirectory() || readdirSync(lockDir).some((name) => name !== "owner.json");
    if (lockStat && foreign) throw new OutputError(`${lockDir} is in the way of the build's lock and is not one (it holds other files, or is not a folder); move it away or choose another output folder`);
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(readFileSync(path.join(lockDir, "owner.json"), "utf8")) as LockOwner;
    } catch {
      owner = undefined; // A lock without a readable owner was left half-made by a killed build.
    }
    if (owner && ownerIsAlive(owner)) throw new OutputError(`another build (process ${owner.pid}) is writing ${shown}; wait for it to finish, then build again`);
    rmSync(lockDir, { recursive: true, force: true });
  }
  throw new OutputError(`could not take the lock ${lockDir}; remove it if no build is running`);
}

/** What follows a mark in the names builds give their side folders: `<pid>-<ms>`, then maybe `-spare`, `-left`, `-3`. */
const SIDE_FOLDER_STAMP = /^\d+-\d+(?:-[a-z0-9-]+)?$/;

/** Whether `entry` is a side folder of `base` a build named with `mark`, by its exact form: `site.previous-2024` is someone's own. */
function isSideFolder(entry: string, base: string, mark: string): boolean {
  return entry.startsWith(base + mark) && SIDE_FOLDER_STAMP.test(entry.slice(base.length + mark.length));
}

/** Whether `folder` is a folder holding the marker every published site carries (a replaced site, the spare). */
function holdsSiteMarker(folder: string): boolean {
  return Boolean(lstatOrUndefined(folder)?.isDirectory() && lstatOrUndefined(path.join(folder, SITE_MARKER))?.isFile());
}

/**
 * Removes killed builds' temporary folders and finishes a swap that stopped between its renames.
 * Only folders a build made are touched: named exactly as it names them, and a replaced site
 * only with its marker; anything else beside the output is someone's own and left alone.
 */
function removeLeftovers(outputDir: string): void {
  const parent = path.dirname(outputDir);
  const base = path.basename(outputDir);
  for (const entry of readdirSync(parent).sort()) {
    const leftover = path.join(parent, entry);
    if (isSideFolder(entry, base, OLD_MARK)) {
      if (!holdsSiteMarker(leftover)) continue;
      if (!existsSync(outputDir)) renameSync(leftover, outputDir);
      else rmSync(leftover, { recursive: true, force: true });
    } else if (isSideFolder(entry, base, TEMP_MARK)) {
      removeNowOrLater(leftover, `${outputDir}${TRASH_MARK}${process.pid}-${Date.now()}-left`);
    } else if (isSideFolder(entry, base, TRASH_MARK)) {
      // A background removal that was stopped (or is still running): finish it, again in the background.
      void removeInBackground(leftover);
    }
  }
}

/**
 * Removes `folder` now, or, where that fails (a folder inside nobody may write), renames it to
 * `trash` and leaves it to a background removal: a folder the build cannot delete must never stop
 * the build, nor keep its lock.
 */
export function removeNowOrLater(folder: string, trash: string): void {
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    try {
      renameSync(folder, trash);
      void removeInBackground(trash);
    } catch {
      // Left where it is; the next build tries again.
    }
  }
}

/**
 * Removes a folder in a detached process; the function returned waits until it is gone. Deleting a 10,000-article
 * site (35,000 files) takes 15-25 s on a slow disk, and nobody needs to wait for it: the new site
 * is already in place, and a build that finds the folder still there finishes the job.
 */
export function removeInBackground(folder: string): () => Promise<void> {
  // rm(1) where there is one: starting Node for it costs about 0.15 s of CPU per build.
  const [command, args] =
    process.platform === "win32"
      ? [process.execPath, ["-e", "require('node:fs').rmSync(process.argv[1], { recursive: true, force: true })", folder]]
      : ["rm", ["-rf", "--", folder]];
  const remover = spawn(command, args, { detached: true, stdio: "ignore" });
  const removed = new Promise<void>((resolve) => {
    remover.once("exit", () => resolve());
    remover.once("error", () => {
      rmSync(folder, { recursive: true, force: true });
      resolve();
    });
  });
  // The build (and the CLI) may finish first; the remover carries on alone.
  remover.unref();
  // Whoever waits for the removal keeps this process alive until it is done.
  return () => {
    remover.ref();
    return removed;
  };
}

/**
 * Puts `freshDir` in place of `outputDir` with renames only. The old site is then renamed out of
 * the way: kept as the spare when `keepSpare` and there is none yet (the next build empties it
 * and reuses its folders), otherwise removed in the background; `previousRemoved()` waits until
 * it is gone.
 */
export function swapIn(freshDir: string, outputDir: string, keepSpare = false): { previousRemoved: () => Promise<void> } {
  const stamp = `${process.pid}-${Date.now()}`;
  const old = `${outputDir}${OLD_MARK}${stamp}`;
  const hadSite = existsSync(outputDir);
  if (hadSite) renameSync(outputDir, old);
  renameSync(freshDir, outputDir);
  if (!hadSite) return { previousRemoved: () => Promise.resolve() };
  const spare = `${outputDir}${SPARE_MARK}`;
  if (keepSpare && !lstatOrUndefined(spare)) {
    renameSync(old, spare);
    return { previousRemoved: () => Promise.resolve() };
  }
  const trash = `${outputDir}${TRASH_MARK}${stamp}`;
  renameSync(old, trash);
  return { previousRemoved: removeInBackground(trash) };
}

function lstatOrUndefined(target: string): Stats | undefined {
  try {
    return lstatSync(target);
  } catch {
    return undefined;
  }
}

/**
 * Makes the build's fresh folder `siteDir`: the spare renamed into place and emptied when there is
 * one, else a new folder. Emptying takes every entry that is not a folder out of it (the spare's
 * pages are the page cache's files under a second name, so nothing may ever write into them) and
 * never follows a link; only the folders stay, each given back the mode a new folder gets. A file
 * with other names (the cache's) is unlinked; a file with none is moved into `trash` instead,
 * because deleting its data is the slow part (on this machine's disk 6-14 s for a site whose pages
 * all changed) and can happen in the background. A spare that cannot be emptied (a folder of
 * another owner, one nobody may write) is moved aside whole, for the background too, and the
 * build starts from a new folder. Returns whether the spare was used, and the folders to remove in
 * the background. Call it holding the output's lock, and `pruneEmptyFolders` once everything is
 * written.
 */
export function freshFolder(outputDir: string, siteDir: string, trash: string): { reused: boolean; toRemove: string[] } {
  const spare = `${outputDir}${SPARE_MARK}`;
  // Only a replaced site (its marker) is a spare: a folder of that name without one is someone's own and left alone.
  if (holdsSiteMarker(spare)) {
    const moved = { count: 0 };
    try {
      renameSync(spare, siteDir);
      emptyOfFiles(siteDir, trash, moved, 0o777 & ~process.umask());
      return { reused: true, toRemove: moved.count > 0 ? [trash] : [] };
    } catch {
      // Renaming works where deleting may not (an unreadable folder inside): the rest goes to the background.
      const unemptied = `${trash}-unemptied`;
      if (existsSync(siteDir)) renameSync(siteDir, unemptied);
      mkdirSync(siteDir);
      return { reused: false, toRemove: [unemptied, ...(moved.count > 0 ? [trash] : [])] };
    }
  }
  // A link there is cleared (only the link goes, never what it points to), so the next site can be kept.
  if (lstatOrUndefined(spare)?.isSymbolicLink()) unlinkSync(spare);
  mkdirSync(siteDir);
  return { reused: false, toRemove: [] };
}

function emptyOfFiles(folder: string, trash: string, moved: { count: number }, folderMode: number): void {
  // A kept folder must be what a new one would be: this user's, with the default mode.
  const stat = lstatSync(folder);
  if (!stat.isDirectory()) throw new Error(`${folder} is not a folder`);
  if (process.getuid && stat.uid !== process.getuid()) throw new Error(`${folder} belongs to another user`);
  if ((stat.mode & 0o7777) !== folderMode) chmodSync(folder, folderMode);
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      emptyOfFiles(entryPath, trash, moved, folderMode);
    } else if (entry.isFile() && lstatSync(entryPath).nlink === 1) {
      if (moved.count === 0) mkdirSync(trash); // Named by the build (isSideFolder), so a killed build's is removed by the next.
      moved.count += 1;
      renameSync(entryPath, path.join(trash, String(moved.count)));
    } else {
      unlinkSync(entryPath);
    }
  }
}

/** Removes the folders below `folder` that hold no file (a reused spare's folders this build did not fill), so the site is what a build into a new folder makes. */
export function pruneEmptyFolders(folder: string): void {
  const prune = (dir: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && prune(path.join(dir, entry.name))) rmdirSync(path.join(dir, entry.name));
      else empty = false;
    }
    return empty;
  };
  prune(folder);
}

/** One line for a file-system failure: what happened, in words, and where. */
export function describeWriteFailure(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = (error as NodeJS.ErrnoException | undefined)?.path;
  const at = where ? ` (${where})` : "";
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return `the disk is full${at}: free some space and build again`;
    case "EROFS":
      return `the output is on a read-only file system${at}: choose a writable output folder`;
    case "EACCES":
    case "EPERM":
      return `no permission to write${at}: check the folder's owner and permissions`;
    case "ENAMETOOLONG":
      return `a file name is too long for the file system${at}: shorten the slug or tag that makes it`;
    case "EMFILE":
    case "ENFILE":
      return `too many open files${at}: raise the limit (ulimit -n) or use fewer --workers`;
    case "EIO":
      return `the disk reported an input/output error${at}`;
    case "ENOTDIR":
    case "EEXIST":
      return `a file stands where a folder must be${at}: if it is on the output path, choose an output folder whose parents are folders`;
    case "ENOENT":
      return `a file or folder was not there${at}: on the output path, choose a folder that exists or remove the broken link; elsewhere, something removed it during the build, so build again`;
    default:
      return undefined;
  }
}
