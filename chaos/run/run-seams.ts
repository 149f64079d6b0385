/**
 * Everything a scenario run needs from the world: the server process it may start, the admin API it
 * talks to, the load generators, the clock and the timers. `runScenario` takes them as one object that
 * defaults to the real ones, so its unit tests run a whole scenario against fakes: no process starts
 * and no time passes.
 */
import type { PoolStatus } from '../../server/index.ts';
import type { JournalEvent } from '../journal/journal.ts';
import { runK6Load } from '../load/k6/run-k6-load.ts';
import { runLoad, type RunLoadOptions } from '../load/load-driver.ts';
import type { K6Thresholds, LoadPlan, LoadResult } from '../load/load-types.ts';
import { followEvents, getPools, injectFault, type AdminEndpoint, type InjectionAnswer } from './admin-api.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/** What a run needs from the world; every member defaults to the real thing in {@link REAL_SEAMS}. */
export interface RunSeams {
  /** Starts the scenario's reference server (`poolchaos serve`); resolves once it listens. */
  readonly startServer: (serverConfig: Readonly<Record<string, unknown>>, baseDir: string) => Promise<ServerProcess>;
  readonly getPools: (endpoint: AdminEndpoint) => Promise<PoolStatus[]>;
  /** Follows the event stream; resolves once it is open, with the function that closes it. */
  readonly followEvents: (endpoint: AdminEndpoint, onEvent: (event: JournalEvent) => void) => Promise<() => void>;
  readonly injectFault: (endpoint: AdminEndpoint, body: Readonly<Record<string, unknown>>) => Promise<InjectionAnswer>;
  readonly runLoad: (plan: LoadPlan, options: RunLoadOptions) => Promise<LoadResult>;
  readonly runK6Load: (plan: LoadPlan, thresholds: K6Thresholds, options: RunLoadOptions) => Promise<LoadResult>;
  /** Epoch ms. */
  readonly now: () => number;
  readonly setTimeout: (callback: () => void, delayMs: number) => unknown;
  readonly clearTimeout: (timer: unknown) => void;
  readonly setInterval: (callback: () => void, intervalMs: number) => unknown;
  readonly clearInterval: (timer: unknown) => void;
}

/** The real processes, admin API, load generators, clock and timers. */
export const REAL_SEAMS: RunSeams = {
  startServer: startServerProcess,
  getPools,
  followEvents,
  injectFault,
  runLoad,
  runK6Load,
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
  setInterval: (callback, intervalMs) => setInterval(callback, intervalMs),
  clearInterval: (timer) => clearInterval(timer as NodeJS.Timeout),
};

/** Resolves after `ms` on the seams' own timers. */
export function delayOn(seams: RunSeams, ms: number): Promise<void> {
  return new Promise((resolve) => seams.setTimeout(resolve, ms));
}
