/**
 * A pool seen from outside, in one reading of the process table: its master and its workers, and what
 * changed between two readings (a worker spawned, exited, stopped or went on). Pure: the process table
 * comes in, decisions come out, so the sampler that reads /proc every 100 ms is tested without one.
 *
 * A process matches `match` when its name (`comm`) or its first argument contains it: the name a
 * process gives itself (gunicorn's `gunicorn: worker [app]`, uWSGI's `uwsgi`), not a wrapper's
 * arguments that merely mention it (`sh -c "gunicorn ..."`). The master is the started (or attached)
 * process when it matches (or no `match` is given); otherwise the shallowest process below it that
 * matches, which skips a wrapper such as `sh -c` or `npx`. The workers are the master's children that
 * match (all its children without `match`). A process is the same one across readings when both its
 * pid and its start time agree.
 */
import { descendantsOf, type ProcessInfo } from './proc-table.ts';

/** How a worker is doing, from its state letter. */
export type WorkerRunState = 'running' | 'stopped';

/** One worker in one reading. */
export interface WorkerSample {
  readonly pid: number;
  readonly startTicks: number;
  readonly state: WorkerRunState;
  readonly rssBytes: number;
  readonly command: string;
}

/** The pool in one reading; `master` is null when nothing matches (the pool is gone or not up yet). */
export interface PoolCensus {
  readonly master: ProcessInfo | null;
  readonly workers: readonly WorkerSample[];
}

/** What changed for one worker between two readings. */
export type CensusChange =
  | { readonly type: 'worker-spawned'; readonly worker: WorkerSample }
  | { readonly type: 'worker-exited'; readonly worker: WorkerSample }
  | { readonly type: 'worker-stopped'; readonly worker: WorkerSample }
  | { readonly type: 'worker-continued'; readonly worker: WorkerSample };

/** Reads the pool below `rootPid` out of `table`. */
export function takeCensus(table: readonly ProcessInfo[], rootPid: number, match: string | null): PoolCensus {
  const matches = (process: ProcessInfo): boolean =>
    match === null || process.comm.includes(match) || (process.cmdline[0] ?? '').includes(match);
  const root = table.find((process) => process.pid === rootPid);
  if (root === undefined || root.state === 'Z') return { master: null, workers: [] };
  const master = matches(root)
    ? root
    : (descendantsOf(table, rootPid).find((process) => process.state !== 'Z' && matches(process)) ?? null);
  if (master === null) return { master: null, workers: [] };
  const workers = table
    .filter((process) => process.ppid === master.pid && process.state !== 'Z' && matches(process))
    .map((process) => ({
      pid: process.pid,
      startTicks: process.startTicks,
      state: process.state === 'T' || process.state === 't' ? ('stopped' as const) : ('running' as const),
      rssBytes: process.rssBytes,
      command: process.cmdline.length > 0 ? process.cmdline.join(' ') : process.comm,
    }))
    .sort((a, b) => a.startTicks - b.startTicks || a.pid - b.pid);
  return { master, workers };
}

/** The changes from `previous` to `next`, exits first, then spawns, then state changes, each in pid order. */
export function compareCensus(previous: readonly WorkerSample[], next: readonly WorkerSample[]): CensusChange[] {
  const key = (worker: WorkerSample): string => `${String(worker.pid)}@${String(worker.startTicks)}`;
  const before = new Map(previous.map((worker) => [key(worker), worker]));
  const after = new Map(next.map((worker) => [key(worker), worker]));
  const byPid = (a: CensusChange, b: CensusChange): number => a.worker.pid - b.worker.pid;
  const exited: CensusChange[] = [...before].filter(([id]) => !after.has(id)).map(([, worker]) => ({ type: 'worker-exited', worker }));
  const spawned: CensusChange[] = [...after].filter(([id]) => !before.has(id)).map(([, worker]) => ({ type: 'worker-spawned', worker }));
  const changed: CensusChange[] = [];
  for (const [id, worker] of after) {
    const earlier = before.get(id);
    if (earlier === undefined || earlier.state === worker.state) continue;
    changed.push({ type: worker.state === 'stopped' ? 'worker-stopped' : 'worker-continued', worker });
  }
  return [...exited.sort(byPid), ...spawned.sort(byPid), ...changed.sort(byPid)];
}
