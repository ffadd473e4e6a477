// CPU time a process and its descendants have used, from /proc (Linux). The bench divides it by the
// requests served: unlike requests per second, CPU per request barely moves when other work on the
// machine competes for the cores, so it is the figure to compare between runs on a busy machine.
import { readdirSync, readFileSync } from "node:fs";

// USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node).
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
}

/** Parses /proc/<pid>/stat: the command name may hold spaces, so fields are counted after its ")". */
export function parseProcStat(text: string): ProcStat {
  const pid = Number(text.slice(0, text.indexOf(" ")));
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // After the name: state(0) ppid(1) … utime(11) stime(12) (fields 3, 4, 14, 15 of proc(5)).
  return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      stats.push(parseProcStat(readFileSync(`/proc/${entry}/stat`, "utf8")));
    } catch {
      // the process ended while the list was read
    }
  }
  return stats;
}

/** User + system CPU milliseconds of `pid` and every process below it, or null off Linux. */
export function processTreeCpuMs(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== "linux") return null;
  const stats = allStats();
  const wanted = new Set([pid]);
  // Parents come before children in /proc's numeric order only by accident: repeat until stable.
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (wanted.has(s.pid) || !wanted.has(s.ppid)) continue;
      wanted.add(s.pid);
      grew = true;
    }
  }
  return (stats.filter((s) => wanted.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) * 1000) / TICKS_PER_SECOND;
}

/**
 * CPU milliseconds of the PostgreSQL backends serving `database` (their titles read
 * "postgres: <user> <database> <client> <state>"), or null when none is visible. Backends of other
 * databases on the same server (other runs, other tests) are not counted; a backend that closed
 * between two readings takes its time with it, which the bench's steady pools make rare.
 */
export function databaseBackendsCpuMs(database: string): number | null {
  if (process.platform !== "linux") return null;
  let ticks = 0;
  let found = false;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (!title.startsWith("postgres: ") || !title.split(" ").includes(database)) continue;
      ticks += parseProcStat(readFileSync(`/proc/${entry}/stat`, "utf8")).ticks;
      found = true;
    } catch {
      // the process ended while the list was read
    }
  }
  return found ? (ticks * 1000) / TICKS_PER_SECOND : null;
}
