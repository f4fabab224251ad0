/**
 * Where the search step writes Pagefind's input (thousands of small files in a folder each, read
 * once and deleted): in memory, on the machine's tmpfs, when there is one with room; otherwise
 * inside the build's fresh folder. On this machine's disk each new folder or file cost 0.3-0.9 ms
 * of system time, so a warm build's one re-indexed year (2,000 documents) took 2.6 s to write
 * there, and the folder as long again to delete; on tmpfs both take a few milliseconds.
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync, statfsSync } from "node:fs";
import path from "node:path";
import { processGone } from "./output.ts";

/** statfs(2)'s f_type of a tmpfs. */
const TMPFS_MAGIC = 0x01021994;
const PREFIX = "portal-search-";
/** Left free on the tmpfs beyond the input itself: it is memory other programs share. */
const HEADROOM_BYTES = 256 * 1024 * 1024;

export interface Scratch {
  dir: string;
  /** On the tmpfs (deleted there, in the background) rather than inside the site folder. */
  inMemory: boolean;
}

/** Whether `root` is a tmpfs folder with room for `bytesNeeded` twice over and the headroom. */
function tmpfsWithRoom(root: string, bytesNeeded: number): boolean {
  try {
    const stat = lstatSync(root);
    if (!stat.isDirectory()) return false;
    const fs = statfsSync(root);
    return fs.type === TMPFS_MAGIC && fs.bavail * fs.bsize >= 2 * bytesNeeded + HEADROOM_BYTES;
  } catch {
    return false;
  }
}

/**
 * A new scratch folder for about `bytesNeeded` bytes: `<memoryRoot>/portal-search-<pid>-XXXXXX`
 * (made by mkdtemp, so private to this user and never a link someone planted in the shared
 * folder) when `memoryRoot` is a tmpfs with room, else `fallback` (not created here).
 */
export function searchScratch(fallback: string, bytesNeeded: number, memoryRoot = "/dev/shm"): Scratch {
  if (process.platform === "linux" && tmpfsWithRoom(memoryRoot, bytesNeeded)) {
    removeGoneScratch(memoryRoot);
    try {
      return { dir: mkdtempSync(path.join(memoryRoot, `${PREFIX}${process.pid}-`)), inMemory: true };
    } catch {
      // Not writable after all: the site folder it is.
    }
  }
  return { dir: fallback, inMemory: false };
}

/** Removes scratch folders of this user's builds whose process is gone (killed mid-index), which would otherwise hold memory until the machine restarts. */
export function removeGoneScratch(memoryRoot = "/dev/shm"): void {
  let entries: string[];
  try {
    entries = readdirSync(memoryRoot);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of entries) {
    const pid = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    if (!pid || !processGone(Number(pid))) continue;
    const full = path.join(memoryRoot, name);
    try {
      const stat = lstatSync(full);
      if (stat.isDirectory() && (uid === undefined || stat.uid === uid)) rmSync(full, { recursive: true, force: true });
    } catch {
      // Removed by another build meanwhile.
    }
  }
}
