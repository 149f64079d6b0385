/**
 * Every event the server emits, with its payload. The admin event stream, the logs, and later the
 * metrics and reports all subscribe here; nothing else names an event. Names are past-tense, kebab-case.
 * Each event carries `time` (epoch ms) and `pool`; worker events carry `workerId` and `pid`.
 */
import type { FaultKind } from '../faults/index.ts';
import type { FailureReason, LostReason, PoolStopReason, RecycleReason, RejectReason, RestartReason } from './pool/reasons.ts';

interface PoolEventBase {
  readonly time: number;
  readonly pool: string;
}

interface WorkerEventBase extends PoolEventBase {
  readonly workerId: number;
  readonly pid: number;
}

/** Why a worker was started: demand, the AlwaysRunning start mode, or the restart it replaces. */
export type SpawnReason = 'demand' | 'AlwaysRunning' | RestartReason;

export interface ServerEvents {
  'worker-spawned': WorkerEventBase & { readonly reason: SpawnReason };
  'worker-ready': WorkerEventBase & { readonly startupMs: number };
  'worker-exited': WorkerEventBase & {
    readonly code: number | null;
    readonly signal: string | null;
    /** `crash` when the supervisor did not ask for it; otherwise what it asked for. */
    readonly reason: 'crash' | 'drained' | 'killed';
    /** Requests dispatched to the worker over its life. */
    readonly requestsDispatched: number;
  };
  'worker-startup-failed': WorkerEventBase & { readonly message: string };
  'worker-unresponsive': WorkerEventBase & { readonly reason: 'ping_timeout' | 'deadlock'; readonly waitedMs: number };
  'worker-killed': WorkerEventBase & {
    readonly reason: FailureReason | 'shutdown_timeout' | 'pool_stopped' | 'server_stopped';
  };
  'worker-orphaned': WorkerEventBase & { readonly reason: 'ping_timeout' | 'deadlock' };
  'worker-recycling': WorkerEventBase & { readonly reason: RecycleReason; readonly isOverlapped: boolean };
  'worker-draining': WorkerEventBase & {
    readonly reason: RecycleReason | 'idle' | 'pool_stopped' | 'server_stopped';
    /** Requests dispatched so far; no more follow (a worker that exits with a higher count broke that). */
    readonly requestsDispatched: number;
  };
  'worker-idle-expired': WorkerEventBase & { readonly idleMs: number };
  'failure-counted': WorkerEventBase & {
    readonly reason: FailureReason;
    readonly failuresInWindow: number;
    readonly limit: number;
  };
  'pool-stopped': PoolEventBase & { readonly reason: PoolStopReason };
  'pool-started': PoolEventBase & { readonly reason: 'server_started' | 'admin' };
  'rapid-fail-tripped': PoolEventBase & { readonly failuresInWindow: number; readonly intervalMs: number };
  'hook-ran': PoolEventBase & {
    readonly hook: 'orphanActionExe' | 'autoShutdownExe';
    readonly command: string;
    readonly args: readonly string[];
    readonly exitCode: number | null;
    readonly error: string | null;
  };
  'request-rejected': PoolEventBase & { readonly reason: RejectReason; readonly response: '503' | 'reset' };
  'request-retried': PoolEventBase & { readonly workerId: number; readonly attempt: number };
  'request-lost': PoolEventBase & { readonly workerId: number | null; readonly reason: LostReason };
  'request-client-aborted': PoolEventBase & { readonly stage: 'queued' | 'in-flight' };
  /** A fault was injected through the chaos endpoint; startup faults list no workers (they hit the next spawns). */
  'chaos-injected': PoolEventBase & {
    readonly faultId: number;
    readonly kind: FaultKind;
    readonly workerIds: readonly number[];
    readonly pids: readonly number[];
    readonly durationMs: number | null;
  };
  /** A fault with a duration reached its end. */
  'chaos-ended': PoolEventBase & { readonly faultId: number; readonly kind: FaultKind };
}

export type ServerEventType = keyof ServerEvents;

/** Every event type, for checking names written by users (e.g. in scenario expectations). */
export const SERVER_EVENT_TYPES = [
  'worker-spawned',
  'worker-ready',
  'worker-exited',
  'worker-startup-failed',
  'worker-unresponsive',
  'worker-killed',
  'worker-orphaned',
  'worker-recycling',
  'worker-draining',
  'worker-idle-expired',
  'failure-counted',
  'pool-stopped',
  'pool-started',
  'rapid-fail-tripped',
  'hook-ran',
  'request-rejected',
  'request-retried',
  'request-lost',
  'request-client-aborted',
  'chaos-injected',
  'chaos-ended',
] as const satisfies readonly ServerEventType[];

/** Fails to compile when an event type is missing from {@link SERVER_EVENT_TYPES}. */
const EVENT_TYPES_ARE_COMPLETE: Exclude<ServerEventType, (typeof SERVER_EVENT_TYPES)[number]> extends never ? true : never = true;
void EVENT_TYPES_ARE_COMPLETE;

/** One event as the stream carries it: the payload plus its `type`. */
export type ServerEvent = { [K in ServerEventType]: { readonly type: K } & ServerEvents[K] }[ServerEventType];

export type ServerEventListener = (event: ServerEvent) => void;

/**
 * Synchronous fan-out of server events. Listeners run in subscription order; one that throws is
 * dropped from the call (the error goes to `onListenerError`) so that telemetry never breaks the
 * data plane.
 */
export class EventBus {
  readonly #listeners = new Set<ServerEventListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  /** True when someone listens; hot paths check it before building a payload. */
  get hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ServerEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<K extends ServerEventType>(type: K, payload: ServerEvents[K]): void {
    if (this.#listeners.size === 0) return;
    const event = { type, ...payload } as ServerEvent;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
