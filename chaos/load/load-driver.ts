/**
 * The load driver's entry: `runLoad` checks the plan, forks load-driver-main.ts as a child of its
 * own (autocannon never runs in the caller's process), streams the child's seconds to `onSecond`
 * and resolves with its result once the child has exited. See load-types.ts for what is counted.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { validateLoadPlan } from './load-plan-validation.ts';
import type { LoadPlan, LoadResult, LoadSecond } from './load-types.ts';
import { superviseLoadChild } from './supervise-load-child.ts';

/** Time the child gets beyond the plan's duration and drain (timeoutMs) to start, stop and report before it is killed. */
const CHILD_GRACE_MS = 30_000;

/** Options of `runLoad`. */
export interface RunLoadOptions {
  /** Called once as the first requests go out, with the result's `startedAtMs` (epoch ms); align fault timelines to it. */
  readonly onStart?: (startedAtMs: number) => void;
  /** Called once per second of the run, in order, as soon as the second is over (live progress). */
  readonly onSecond?: (second: LoadSecond) => void;
  /** Aborting kills the child; `runLoad` then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `plan` against a loopback URL and resolves with every request accounted for. Rejects with a
 * LoadError for a bad plan or URL (nothing is started then), or when the child fails, exits early
 * or hangs; with the abort reason on abort. The child has exited whenever the promise settles.
 */
export async function runLoad(plan: LoadPlan, options: RunLoadOptions = {}): Promise<LoadResult> {
  validateLoadPlan(plan);
  options.signal?.throwIfAborted();
  const child = fork(fileURLToPath(new URL('./load-driver-main.ts', import.meta.url)), [], {
    execPath: process.execPath,
    // A debugger flag would make the child fight the parent for the inspector port.
    execArgv: process.execArgv.filter((arg) => !arg.startsWith('--inspect')),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  return superviseLoadChild(child, plan, { ...options, hangTimeoutMs: plan.durationMs + plan.timeoutMs + CHILD_GRACE_MS });
}
