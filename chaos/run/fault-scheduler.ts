/**
 * Puts a scenario's faults on the load's time axis: each is injected through the admin API at its
 * offset from load start. A failed injection is recorded with its error (the run goes on; the
 * `faults.failed` figure lets a scenario gate on it). Seeds derive from the scenario seed and the
 * fault's index, so reruns hit the same targets.
 */
import { deriveSeed } from '../../faults/index.ts';
import type { FaultRecord, JournalEvent } from '../journal/journal.ts';
import type { ScenarioFault } from '../scenario/scenario.ts';
import type { AdminEndpoint } from './admin-api.ts';
import { REAL_SEAMS, type RunSeams } from './run-seams.ts';

export interface FaultScheduler {
  /** Resolves once every injection has been answered. */
  settled(): Promise<void>;
  /** Cancels injections not yet due; `settled` then resolves without them. */
  cancel(): void;
  /** The records so far, with end times taken from `chaos-ended` events when they came. */
  records(events: readonly JournalEvent[]): FaultRecord[];
}

/** The body of `POST /chaos` for one scenario fault. */
export function faultRequestBody(fault: ScenarioFault, seed: number): Record<string, unknown> {
  return {
    kind: fault.kind,
    pool: fault.pool,
    worker: fault.worker,
    count: fault.count,
    params: fault.params,
    durationMs: fault.durationMs,
    seed: deriveSeed(seed, fault.index),
  };
}

/** Schedules every fault relative to `loadStartedAtMs`, on the seams' clock, timers and admin API. */
export function scheduleFaults(
  endpoint: AdminEndpoint,
  faults: readonly ScenarioFault[],
  options: { seed: number; loadStartedAtMs: number; onInjected?: (record: FaultRecord) => void },
  seams: Pick<RunSeams, 'injectFault' | 'now' | 'setTimeout' | 'clearTimeout'> = REAL_SEAMS,
): FaultScheduler {
  const records = new Map<number, FaultRecord>();
  const faultIds = new Map<number, number>();
  const pending: Promise<void>[] = [];
  const timers: unknown[] = [];
  // Resolved by each injection's answer, or by cancel() for injections that never became due.
  const resolvers: (() => void)[] = [];
  const inFlight = new Set<() => void>();
  for (const fault of faults) {
    const base = {
      index: fault.index,
      kind: fault.kind,
      atMs: fault.atMs,
      target: { pool: fault.pool, worker: describeSelector(fault.worker), count: fault.count },
      params: fault.params,
    };
    pending.push(
      new Promise<void>((resolve) => {
        resolvers.push(resolve);
        const delayMs = Math.max(0, options.loadStartedAtMs + fault.atMs - seams.now());
        timers.push(
          seams.setTimeout(() => {
            inFlight.add(resolve);
            seams
              .injectFault(endpoint, faultRequestBody(fault, options.seed))
              .then((answer) => {
                const record: FaultRecord = {
                  ...base,
                  injectedAtMs: answer.injectedAtMs,
                  endedAtMs: answer.endsAtMs,
                  affected: answer.affected,
                  error: null,
                };
                records.set(fault.index, record);
                faultIds.set(fault.index, answer.faultId);
                options.onInjected?.(record);
              })
              .catch((error: unknown) => {
                const record: FaultRecord = { ...base, injectedAtMs: null, endedAtMs: null, affected: [], error: (error as Error).message };
                records.set(fault.index, record);
                options.onInjected?.(record);
              })
              .finally(resolve);
          }, delayMs),
        );
      }),
    );
  }
  return {
    settled: async () => {
      await Promise.all(pending);
    },
    cancel: () => {
      for (const timer of timers) seams.clearTimeout(timer);
      // An injection already sent still settles by its answer; resolving twice is harmless.
      for (const resolve of resolvers) if (!inFlight.has(resolve)) resolve();
    },
    records: (events) =>
      [...records.values()]
        .sort((a, b) => a.index - b.index)
        .map((record) => {
          const faultId = faultIds.get(record.index);
          const ended = events.find((event) => event.type === 'chaos-ended' && event['faultId'] === faultId);
          return ended === undefined ? record : { ...record, endedAtMs: ended.time };
        }),
  };
}

function describeSelector(selector: ScenarioFault['worker']): string {
  if (typeof selector === 'string') return selector;
  return 'index' in selector ? `index ${String(selector.index)}` : `pid ${String(selector.pid)}`;
}
