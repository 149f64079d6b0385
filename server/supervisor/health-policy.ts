import type { PoolSettings } from '../config/settings.ts';
import type { WorkerState } from './worker-state.ts';

/** What the health policy needs to know about one worker. All times are epoch milliseconds. */
export interface WorkerHealthFacts {
  readonly state: WorkerState;
  readonly startedAtMs: number;
  /** When the unanswered ping was sent, or null when no ping is outstanding. */
  readonly pingSentAtMs: number | null;
  /** When the last ping was sent (answered or not), or null before the first. */
  readonly lastPingAtMs: number | null;
  readonly outstandingRequests: number;
  /** Last response completion, or when the worker last went from idle to busy. */
  readonly lastProgressAtMs: number;
  readonly drainStartedAtMs: number | null;
}

export type HealthVerdict =
  | { readonly kind: 'healthy' }
  | { readonly kind: 'send-ping' }
  | { readonly kind: 'startup_timeout'; readonly waitedMs: number }
  | { readonly kind: 'ping_timeout'; readonly waitedMs: number }
  | { readonly kind: 'deadlock'; readonly waitedMs: number }
  | { readonly kind: 'shutdown_timeout'; readonly waitedMs: number };

/**
 * Decides what one worker needs at `nowMs`: nothing, a ping, or removal and why. Checked in order:
 * startup time limit (starting), shutdown time limit (draining), ping response time, response deadlock,
 * then whether a ping is due. Draining workers are still pinged: a frozen draining worker is killed at
 * whichever limit comes first.
 */
export function assessWorker(facts: WorkerHealthFacts, settings: PoolSettings, nowMs: number): HealthVerdict {
  const { processModel } = settings;
  if (facts.state === 'starting') {
    const waitedMs = nowMs - facts.startedAtMs;
    return waitedMs >= processModel.startupTimeLimitMs ? { kind: 'startup_timeout', waitedMs } : { kind: 'healthy' };
  }
  if (facts.state !== 'ready' && facts.state !== 'draining') return { kind: 'healthy' };

  if (facts.drainStartedAtMs !== null) {
    const waitedMs = nowMs - facts.drainStartedAtMs;
    if (waitedMs >= processModel.shutdownTimeLimitMs) return { kind: 'shutdown_timeout', waitedMs };
  }
  if (processModel.pingingEnabled && facts.pingSentAtMs !== null) {
    const waitedMs = nowMs - facts.pingSentAtMs;
    if (waitedMs >= processModel.pingResponseTimeMs) return { kind: 'ping_timeout', waitedMs };
  }
  if (settings.responseDeadlockIntervalMs > 0 && facts.outstandingRequests > 0) {
    const waitedMs = nowMs - facts.lastProgressAtMs;
    if (waitedMs >= settings.responseDeadlockIntervalMs) return { kind: 'deadlock', waitedMs };
  }
  if (processModel.pingingEnabled && facts.pingSentAtMs === null) {
    const sinceLastMs = facts.lastPingAtMs === null ? Infinity : nowMs - facts.lastPingAtMs;
    if (sinceLastMs >= processModel.pingIntervalMs) return { kind: 'send-ping' };
  }
  return { kind: 'healthy' };
}
