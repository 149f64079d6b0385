/**
 * CPU time of a target's processes over the measured run, read from Linux `/proc/<pid>/stat`
 * (utime + stime, in clock ticks of `getconf CLK_TCK`, 100 on Linux x86-64 and arm64). Every child
 * the runner starts leads its own process group, so a target's processes are the members of its
 * children's groups (poolchaos workers, nginx workers, cluster workers included). Throughput on a
 * shared machine moves with whatever else runs; CPU time per request barely does, so the two are
 * read together.
 */
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SEC = 100;

/** One process's figures from a `/proc/<pid>/stat` line. */
export interface ProcessStat {
  readonly pid: number;
  readonly processGroup: number;
  /** User plus system CPU time, seconds. */
  readonly cpuSec: number;
}

/** Parses a `/proc/<pid>/stat` line; the command name may hold spaces and parentheses. */
export function parseProcStat(line: string): ProcessStat | null {
  const open = line.indexOf(' (');
  const close = line.lastIndexOf(') ');
  if (open === -1 || close === -1) return null;
  // After the command: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
  const fields = line.slice(close + 2).split(' ');
  const pid = Number(line.slice(0, open));
  const processGroup = Number(fields[2]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isInteger(pid) || !Number.isInteger(processGroup) || !Number.isFinite(ticks)) return null;
  return { pid, processGroup, cpuSec: ticks / CLOCK_TICKS_PER_SEC };
}

/** CPU seconds of every live process in `groups` (process group id → the name of its leader), by pid. */
export function readGroupCpu(groups: ReadonlyMap<number, string>): Map<number, ProcessStat> {
  const stats = new Map<number, ProcessStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let line: string;
    try {
      line = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const stat = parseProcStat(line);
    if (stat !== null && groups.has(stat.processGroup)) stats.set(stat.pid, stat);
  }
  return stats;
}

/** What the target's processes spent over a run. */
export interface RunCpu {
  /** Sum over the processes alive at both readings, seconds. */
  readonly totalSec: number;
  /** Seconds by process, keyed `<leader name> <pid>` or `<leader name> child <pid>`. */
  readonly byProcess: Readonly<Record<string, number>>;
  /** `totalSec` per request of the run, microseconds; null when there were no requests. */
  readonly microsPerRequest: number | null;
}

/**
 * The CPU spent between two readings by the processes present in both, for `requests` requests.
 * Seconds are rounded to the clock tick (10 ms), microseconds per request to 0.01.
 */
export function cpuBetween(
  groups: ReadonlyMap<number, string>,
  before: ReadonlyMap<number, ProcessStat>,
  after: ReadonlyMap<number, ProcessStat>,
  requests: number,
): RunCpu {
  const byProcess: Record<string, number> = {};
  let ticks = 0;
  for (const [pid, end] of after) {
    const start = before.get(pid);
    if (start === undefined) continue;
    const spentTicks = Math.round((end.cpuSec - start.cpuSec) * CLOCK_TICKS_PER_SEC);
    const leader = groups.get(end.processGroup) ?? String(end.processGroup);
    byProcess[pid === end.processGroup ? `${leader} ${String(pid)}` : `${leader} child ${String(pid)}`] = spentTicks / CLOCK_TICKS_PER_SEC;
    ticks += spentTicks;
  }
  const totalSec = ticks / CLOCK_TICKS_PER_SEC;
  const microsPerRequest = requests > 0 ? Math.round((totalSec * 1e8) / requests) / 100 : null;
  return { totalSec, byProcess, microsPerRequest };
}
