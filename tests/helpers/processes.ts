/** Running processes, read from Linux's /proc, for tests that check nothing was left behind. */
import { readFileSync, readdirSync } from "node:fs";

/** Pids of the processes whose command line and parent pid satisfy `matches` (none found without /proc). */
export function processesWhere(matches: (process: { cmdline: string; parent: number }) => boolean): number[] {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return matches({ cmdline: readFileSync(`/proc/${pid}/cmdline`, "utf8"), parent }) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}
