/**
 * Puts one run's raw material together into a journal: the client's load result, the server's pool
 * samples and events, the fault records and the front's counters. Pure: the runner gathers, this
 * decides; the expectations are evaluated on the result.
 */
import type { PoolStatus, WorkerState } from '../../server/index.ts';
import type { K6RunOutcome, LoadResult } from '../load/load-types.ts';
import { evaluateExpectations } from '../expect/evaluate.ts';
import {
  JOURNAL_SCHEMA_VERSION,
  type ExpectationResult,
  type FaultRecord,
  type Journal,
  type JournalEvent,
  type RunStatus,
  type TimelineSecond,
  type WorkerStateCounts,
} from '../journal/journal.ts';
import type { Scenario, ScenarioLoadTool } from '../scenario/scenario.ts';
import { findDisagreements, frontCountsOfRun } from './front-counts.ts';

/** The server's state at one moment, from `GET /pools`. */
export interface PoolSample {
  readonly timeMs: number;
  readonly queueDepth: number;
  readonly workers: WorkerStateCounts;
}

/** Kinds whose targets are expected to be replaced (directly or by a health check or recycle). */
const REPLACING_KINDS = new Set(['crash', 'freeze', 'busy-loop', 'deadlock', 'leak']);

/** Counts workers by state over every pool. */
export function sampleOf(pools: readonly PoolStatus[], timeMs: number): PoolSample {
  const workers: Record<WorkerState, number> = { starting: 0, ready: 0, draining: 0, unresponsive: 0, orphaned: 0 };
  for (const pool of pools) for (const worker of pool.workers) workers[worker.state]++;
  return { timeMs, queueDepth: pools.reduce((total, pool) => total + pool.queue.length, 0), workers };
}

/** Joins the client's seconds with the last server sample taken in each second. */
export function mergeTimeline(load: LoadResult, samples: readonly PoolSample[]): TimelineSecond[] {
  return load.timeline.map((second) => {
    const fromMs = load.startedAtMs + second.second * 1000;
    const inSecond = samples.filter((sample) => sample.timeMs >= fromMs && sample.timeMs < fromMs + 1000);
    const last = inSecond.at(-1);
    return { ...second, queueDepth: last?.queueDepth ?? null, workers: last?.workers ?? null };
  });
}

/**
 * For each fault whose targets went away: ms from injection to the first `worker-ready` of a new
 * worker in its pool. Faults whose targets all survived (a short freeze) give no sample.
 */
export function replacementReadyTimes(faults: readonly FaultRecord[], events: readonly JournalEvent[]): number[] {
  const times: number[] = [];
  for (const fault of faults) {
    if (!REPLACING_KINDS.has(fault.kind) || fault.injectedAtMs === null || fault.affected.length === 0) continue;
    const injectedAtMs = fault.injectedAtMs;
    const affectedIds = new Set(fault.affected.map((worker) => worker.workerId));
    const isGone = events.some(
      (event) => event.type === 'worker-exited' && event.pool === fault.target.pool && affectedIds.has(event['workerId'] as number),
    );
    if (!isGone) continue;
    const newestAffected = Math.max(...affectedIds);
    const ready = events.find(
      (event) =>
        event.type === 'worker-ready' &&
        event.pool === fault.target.pool &&
        event.time >= injectedAtMs &&
        (event['workerId'] as number) > newestAffected,
    );
    if (ready !== undefined) times.push(ready.time - injectedAtMs);
  }
  return times;
}

function countBy(events: readonly JournalEvent[], type: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) {
    if (event.type !== type) continue;
    const reason = String(event['reason']);
    counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

/**
 * k6's own verdict as expectations after the scenario's: one per threshold in `load.thresholds`,
 * `k6 threshold <metric>: <expression>`, failed when k6 exited 99 naming it (or naming its metric,
 * when k6 only said which metrics crossed), so every report shows a crossed threshold like any failed
 * expectation. `actual` is null: the harness does not read k6's figure. A 99 that names nothing known
 * still fails the run, as `k6 thresholds`.
 */
export function k6ThresholdResults(tool: ScenarioLoadTool, outcome: K6RunOutcome | undefined): ExpectationResult[] {
  if (tool.name !== 'k6' || outcome === undefined) return [];
  const crossed = new Set(outcome.failedThresholds);
  const message = `crossed (k6 exited ${String(outcome.exitCode)})`;
  const results = Object.entries(tool.thresholds).flatMap(([metric, expressions]) =>
    expressions.map((expression) => {
      const isCrossed = crossed.delete(`${metric}: ${expression}`) || outcome.failedThresholds.includes(metric);
      return {
        expr: `${K6_THRESHOLD_PREFIX} ${metric}: ${expression}`,
        actual: null,
        passed: !isCrossed,
        message: isCrossed ? message : null,
      };
    }),
  );
  for (const metric of Object.keys(tool.thresholds)) crossed.delete(metric);
  for (const name of crossed) results.push({ expr: `${K6_THRESHOLD_PREFIX} ${name}`, actual: null, passed: false, message });
  if (outcome.thresholdsFailed && results.every((result) => result.passed)) {
    results.push({
      expr: 'k6 thresholds',
      actual: null,
      passed: false,
      message: `k6 exited ${String(outcome.exitCode)} (thresholds crossed) and named none of load.thresholds`,
    });
  }
  return results;
}

/** How the expectations that carry k6's threshold verdicts begin. */
export const K6_THRESHOLD_PREFIX = 'k6 threshold';

/** Everything a finished (or failed) run gathered. */
export interface RunMaterial {
  readonly scenario: Scenario;
  readonly toolVersion: string;
  readonly load: LoadResult;
  readonly samples: readonly PoolSample[];
  readonly events: readonly JournalEvent[];
  readonly faults: readonly FaultRecord[];
  /** `GET /pools` before the load and after it; null when the server could not be read. */
  readonly poolsBefore: readonly PoolStatus[] | null;
  readonly poolsAfter: readonly PoolStatus[] | null;
  /** Set when the run could not complete. */
  readonly error: string | null;
}

/** Builds the journal and evaluates the scenario's expectations on it. */
export function buildJournal(material: RunMaterial): Journal {
  const { scenario, load, events } = material;
  const front =
    material.poolsBefore !== null && material.poolsAfter !== null ? frontCountsOfRun(material.poolsBefore, material.poolsAfter) : null;
  const restarts: Record<string, number> = {};
  for (const pool of material.poolsAfter ?? []) {
    const before = material.poolsBefore?.find((candidate) => candidate.name === pool.name)?.restarts;
    for (const [reason, count] of Object.entries(pool.restarts)) {
      restarts[reason] = (restarts[reason] ?? 0) + count - ((before as Record<string, number> | undefined)?.[reason] ?? 0);
    }
  }
  const journal: Journal = {
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    tool: { name: 'poolchaos', version: material.toolVersion },
    scenario: {
      name: scenario.name,
      file: scenario.file,
      description: scenario.description,
      seed: scenario.seed,
      brokenProtection: scenario.brokenProtection,
    },
    status: 'error',
    error: material.error,
    startedAtMs: load.startedAtMs,
    endedAtMs: load.endedAtMs,
    phases: {
      beforeFromMs: 0,
      faultsFromMs: scenario.steadyState.beforeMs,
      afterFromMs: scenario.load.durationMs - scenario.steadyState.afterMs,
      endMs: scenario.load.durationMs,
    },
    load: {
      tool: scenario.loadTool.name,
      connections: scenario.load.connections,
      ratePerSecond: scenario.load.ratePerSecond,
      durationMs: scenario.load.durationMs,
      isKeepAlive: scenario.load.isKeepAlive,
      requests: scenario.load.requests.map((spec) => ({ method: spec.method, path: spec.path })),
      drain: load.drain,
    },
    requests: { ...load.counts, retried: front?.total.retried ?? 0 },
    latency: load.latency,
    front,
    disagreements: front === null ? [] : findDisagreements(load.counts, front.total),
    restarts,
    recycles: countBy(events, 'worker-recycling'),
    recovery: { replacementReadyMs: replacementReadyTimes(material.faults, events) },
    expectations: [],
    faults: material.faults,
    events,
    timeline: mergeTimeline(load, material.samples),
  };
  if (material.error !== null) return journal;
  const expectations = [...evaluateExpectations(scenario.expect, journal), ...k6ThresholdResults(scenario.loadTool, load.k6)];
  const status: RunStatus = expectations.every((result) => result.passed) ? 'passed' : 'failed';
  return { ...journal, status, expectations };
}
