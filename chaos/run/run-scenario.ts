/**
 * Runs one scenario end to end: start (or attach to) the server, wait for its pools, follow its
 * events, put the load on it from a separate process (autocannon's or k6, as `load.tool` says),
 * inject the faults on the timeline, sample the pools, then stop everything and build the journal.
 * Whatever fails, every process this run started is stopped before it returns; a run that could not
 * complete yields a journal with status `error`.
 */
import type { PoolStatus } from '../../server/index.ts';
import type { FaultRecord, Journal, JournalEvent } from '../journal/journal.ts';
import type { RunLoadOptions } from '../load/load-driver.ts';
import type { LoadPlan, LoadResult, LoadSecond } from '../load/load-types.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { AdminEndpoint } from './admin-api.ts';
import { buildJournal, sampleOf, type PoolSample } from './build-journal.ts';
import { scheduleFaults } from './fault-scheduler.ts';
import { REAL_SEAMS, delayOn, type RunSeams } from './run-seams.ts';
import type { ServerProcess } from './server-process.ts';

/** How often the pools are sampled for the timeline (workers by state, queue depth). */
export const POOL_SAMPLE_INTERVAL_MS = 250;
/** How long a started server's AlwaysRunning pools may take to have every worker ready. */
export const POOLS_READY_TIMEOUT_MS = 20_000;
/** Events still arriving after the load stopped (exits, replacements) are waited for this long. */
export const SETTLE_AFTER_LOAD_MS = 500;

/** What a run reports while it goes. */
export interface RunProgress {
  started(scenario: Scenario, frontUrl: string): void;
  second(scenario: Scenario, second: LoadSecond): void;
  injected(scenario: Scenario, record: FaultRecord): void;
}

export interface RunScenarioOptions {
  readonly toolVersion: string;
  readonly progress?: RunProgress;
  /** The processes, admin API, load generators, clock and timers; the real ones by default. */
  readonly seams?: RunSeams;
}

const EMPTY_LOAD: LoadResult = {
  startedAtMs: 0,
  endedAtMs: 0,
  counts: {
    sent: 0,
    served: 0,
    rejected: 0,
    lost: 0,
    inFlightAtStop: 0,
    servedByStatus: {},
    rejectedByReason: {},
    lostByReason: { reset: 0, eof: 0, truncated: 0, timeout: 0 },
  },
  latency: { count: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 },
  timeline: [],
  drain: null,
};

/** Runs `scenario` and returns its journal (never throws for a failed run; see `status`). */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<Journal> {
  const seams = options.seams ?? REAL_SEAMS;
  let server: ServerProcess | null = null;
  let stopEvents: (() => void) | null = null;
  let sampler: unknown = null;
  const events: JournalEvent[] = [];
  const samples: PoolSample[] = [];
  let poolsBefore: PoolStatus[] | null = null;
  let poolsAfter: PoolStatus[] | null = null;
  let load: LoadResult = { ...EMPTY_LOAD, startedAtMs: seams.now(), endedAtMs: seams.now() };
  let faults: FaultRecord[] = [];
  let error: string | null = null;
  try {
    const target = scenario.target;
    if (target.kind === 'start') server = await seams.startServer(target.serverConfig, target.baseDir);
    const frontUrl = server?.frontUrl ?? (target.kind === 'attach' ? target.frontUrl : '');
    const endpoint: AdminEndpoint =
      server !== null
        ? { url: server.adminUrl, token: null }
        : { url: target.kind === 'attach' ? target.adminUrl : '', token: target.kind === 'attach' ? target.token : null };
    await waitForPools(endpoint, seams);
    stopEvents = await seams.followEvents(endpoint, (event) => events.push(event));
    poolsBefore = await seams.getPools(endpoint);
    sampler = seams.setInterval(() => {
      seams
        .getPools(endpoint)
        .then((pools) => samples.push(sampleOf(pools, seams.now())))
        .catch(() => {});
    }, POOL_SAMPLE_INTERVAL_MS);
    options.progress?.started(scenario, frontUrl);
    let scheduler: ReturnType<typeof scheduleFaults> | null = null;
    try {
      load = await driveLoad(
        seams,
        scenario,
        { ...scenario.load, url: frontUrl },
        {
          onStart: (startedAtMs) => {
            scheduler = scheduleFaults(
              endpoint,
              scenario.faults,
              { seed: scenario.seed, loadStartedAtMs: startedAtMs, onInjected: (record) => options.progress?.injected(scenario, record) },
              seams,
            );
          },
          onSecond: (second) => options.progress?.second(scenario, second),
        },
      );
    } finally {
      const started = scheduler as ReturnType<typeof scheduleFaults> | null;
      started?.cancel();
      await started?.settled();
      await delayOn(seams, SETTLE_AFTER_LOAD_MS);
      faults = started?.records(events) ?? [];
    }
    poolsAfter = await seams.getPools(endpoint);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    if (server !== null) error += `\nlast server output:\n${server.recentOutput()}`;
  } finally {
    if (sampler !== null) seams.clearInterval(sampler);
    stopEvents?.();
    await server?.stop();
  }
  return buildJournal({ scenario, toolVersion: options.toolVersion, load, samples, events, faults, poolsBefore, poolsAfter, error });
}

/** Runs the load with the scenario's tool: autocannon, or k6 with the scenario's thresholds. */
function driveLoad(seams: RunSeams, scenario: Scenario, plan: LoadPlan, options: RunLoadOptions): Promise<LoadResult> {
  const tool = scenario.loadTool;
  return tool.name === 'k6' ? seams.runK6Load(plan, tool.thresholds, options) : seams.runLoad(plan, options);
}

/** Waits until every AlwaysRunning pool has all its workers ready (OnDemand pools start on demand). */
async function waitForPools(endpoint: AdminEndpoint, seams: RunSeams): Promise<void> {
  const deadlineMs = seams.now() + POOLS_READY_TIMEOUT_MS;
  let last = '';
  while (seams.now() < deadlineMs) {
    const pools = await seams.getPools(endpoint);
    const waiting = pools.filter(
      (pool) =>
        pool.state === 'Started' &&
        pool.startMode === 'AlwaysRunning' &&
        pool.workers.filter((worker) => worker.state === 'ready').length < pool.maxProcesses,
    );
    if (waiting.length === 0) return;
    last = waiting
      .map(
        (pool) =>
          `${pool.name}: ${String(pool.workers.filter((worker) => worker.state === 'ready').length)}/${String(pool.maxProcesses)} ready`,
      )
      .join(', ');
    await delayOn(seams, 100);
  }
  throw new Error(`the server's pools were not ready within ${String(POOLS_READY_TIMEOUT_MS)}ms (${last})`);
}
