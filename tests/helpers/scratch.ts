/**
 * Imported first by every group of `npm test` (tests/groups/*.ts): the run's temporary folders go
 * to a tmpfs (/dev/shm) when there is one with room, unless TMPDIR is set. The suite writes,
 * builds and deletes thousands of small files; on this machine's disk that was about 10 s of the
 * run's wall time (98 s on tmpfs against 108 s). Child processes (the CLIs, Chromium) inherit it.
 */
import { lstatSync, mkdirSync, statfsSync } from "node:fs";
import path from "node:path";

const TMPFS = "/dev/shm";
const TMPFS_MAGIC = 0x01021994;
/** The suite peaks at a few hundred MB; a small /dev/shm (Docker's default is 64 MB) is left alone. */
const ROOM_NEEDED = 2 * 1024 ** 3;

function roomyTmpfs(): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const stats = statfsSync(TMPFS);
    return stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= ROOM_NEEDED ? TMPFS : undefined;
  } catch {
    return undefined;
  }
}

if (!process.env.TMPDIR) {
  const tmpfs = roomyTmpfs();
  if (tmpfs) {
    // One folder per user: on a shared machine another user's would not be writable.
    const uid = process.getuid?.() ?? 0;
    const folder = path.join(tmpfs, `portal-tests-${uid}`);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // /dev/shm is writable by everyone: use the folder only if it is a real folder of this user's, not a link someone planted.
    const stats = lstatSync(folder);
    if (stats.isDirectory() && stats.uid === uid) process.env.TMPDIR = folder;
  }
}
