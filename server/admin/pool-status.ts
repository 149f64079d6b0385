import type { PoolDispatcher } from '../front/pool-dispatcher.ts';
import type { RequestCountersSnapshot } from '../front/request-counters.ts';
import type { PoolSupervisor } from '../supervisor/pool-supervisor.ts';
import type { PoolState, PoolStopReason, RestartReason } from '../pool/reasons.ts';
import type { WorkerState } from '../supervisor/worker-state.ts';

/** One worker as the admin API shows it. Times are ISO 8601. */
export interface WorkerStatus {
  readonly id: number;
  readonly pid: number;
  readonly state: WorkerState;
  readonly startedAt: string;
  readonly readyAt: string | null;
  /** Requests dispatched to this worker so far. */
  readonly requests: number;
  readonly outstandingRequests: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly virtualBytes: number;
  readonly eventLoopDelayMs: number;
  readonly recycleReason: string | null;
}

/** One pool as `GET /pools/:name` returns it. */
export interface PoolStatus {
  readonly name: string;
  readonly state: PoolState;
  readonly stopReason: PoolStopReason | null;
  readonly startMode: string;
  readonly maxProcesses: number;
  readonly queue: { readonly length: number; readonly limit: number };
  readonly workers: readonly WorkerStatus[];
  readonly restarts: Readonly<Record<RestartReason, number>>;
  readonly rapidFail: {
    readonly failuresInWindow: number;
    readonly maxCrashes: number;
    readonly intervalMs: number;
    readonly trips: number;
  };
  readonly requests: RequestCountersSnapshot;
  /** Rejections by reason (also inside `requests`, repeated for appcmd-style listings). */
  readonly rejected: RequestCountersSnapshot['rejected'];
}

/** A snapshot of a pool for the admin API. */
export function describePool(supervisor: PoolSupervisor, dispatcher: PoolDispatcher): PoolStatus {
  const { settings } = supervisor;
  const requests = dispatcher.snapshot();
  return {
    name: supervisor.name,
    state: supervisor.state,
    stopReason: supervisor.stopReason,
    startMode: settings.startMode,
    maxProcesses: settings.maxProcesses,
    queue: { length: dispatcher.queue.length, limit: dispatcher.queue.limit },
    workers: supervisor.workers.map((worker) => ({
      id: worker.id,
      pid: worker.pid,
      state: worker.state,
      startedAt: new Date(worker.startedAtMs).toISOString(),
      readyAt: worker.readyAtMs === null ? null : new Date(worker.readyAtMs).toISOString(),
      requests: worker.requestsDispatched,
      outstandingRequests: worker.outstandingRequests,
      rssBytes: worker.figures.rssBytes,
      heapUsedBytes: worker.figures.heapUsedBytes,
      virtualBytes: worker.figures.virtualBytes,
      eventLoopDelayMs: worker.figures.eventLoopDelayMs,
      recycleReason: worker.recycleReason,
    })),
    restarts: { ...supervisor.restarts },
    rapidFail: {
      failuresInWindow: supervisor.failuresInWindow,
      maxCrashes: settings.failure.rapidFailProtectionMaxCrashes,
      intervalMs: settings.failure.rapidFailProtectionIntervalMs,
      trips: supervisor.rapidFailTrips,
    },
    requests,
    rejected: requests.rejected,
  };
}
