/**
 * The process table as `/proc` shows it, for following a pool's workers from outside: pids, parents,
 * states (a stopped worker shows `T`), command lines, resident memory and start times. Reading is
 * pure apart from the file reads, and a process that exits between listing and reading is skipped.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One process. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** The state letter of proc(5): R running, S sleeping, D disk sleep, T stopped, t traced, Z zombie, ... */
  readonly state: string;
  /** The executable's name, at most 15 characters (`comm`). */
  readonly comm: string;
  /** The arguments, empty for a zombie or a kernel thread. */
  readonly cmdline: readonly string[];
  readonly rssBytes: number;
  /** When it started, in clock ticks after boot (unique with the pid: a reused pid has a later start). */
  readonly startTicks: number;
}

/** What /proc/<pid>/stat says, parsed; null when the text is not a stat line. */
export function parseStat(text: string, pageBytes: number): Omit<ProcessInfo, 'cmdline'> | null {
  // comm sits in parentheses and may hold spaces and parentheses itself: the last ')' ends it.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 of proc(5) (state); ppid is field 4, starttime field 22, rss field 24.
  const state = fields[0] ?? '';
  const ppid = Number(fields[1]);
  const startTicks = Number(fields[19]);
  const rssPages = Number(fields[21]);
  if (!Number.isInteger(pid) || state === '' || !Number.isInteger(ppid) || !Number.isFinite(startTicks) || !Number.isFinite(rssPages))
    return null;
  return { pid, ppid, state, comm: text.slice(open + 1, close), rssBytes: rssPages * pageBytes, startTicks };
}

/** Every process visible in `procDir` (default /proc). */
export function readProcessTable(procDir = '/proc', pageBytes = 4096): ProcessInfo[] {
  const table: ProcessInfo[] = [];
  for (const entry of readdirSync(procDir)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseStat(readFileSync(join(procDir, entry, 'stat'), 'utf8'), pageBytes);
      if (stat === null) continue;
      const cmdline = readFileSync(join(procDir, entry, 'cmdline'), 'utf8')
        .split('\0')
        .filter((arg) => arg !== '');
      table.push({ ...stat, cmdline });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return table;
}

/** The processes below `rootPid` (not itself), parents before children. */
export function descendantsOf(table: readonly ProcessInfo[], rootPid: number): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const process of table) children.set(process.ppid, [...(children.get(process.ppid) ?? []), process]);
  const found: ProcessInfo[] = [];
  const queue = [...(children.get(rootPid) ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    found.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return found;
}
