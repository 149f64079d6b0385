import type { FailureSettings } from '../config/settings.ts';

/** The outcome of counting one failure against a pool's rapid-fail window. */
export interface RapidFailDecision {
  /** Failure times still inside the window, oldest first, including this one. */
  readonly failureTimesMs: readonly number[];
  /** True when this failure reaches rapidFailProtectionMaxCrashes inside the window. */
  readonly shouldTrip: boolean;
}

/**
 * Counts a failure (crash, ping timeout or startup timeout) at `nowMs`. Failures older than
 * rapidFailProtectionInterval drop out of the window; the pool trips when the window holds
 * rapidFailProtectionMaxCrashes failures, unless protection is off.
 */
export function recordFailure(failureTimesMs: readonly number[], nowMs: number, settings: FailureSettings): RapidFailDecision {
  const windowStartMs = nowMs - settings.rapidFailProtectionIntervalMs;
  const kept = failureTimesMs.filter((timeMs) => timeMs > windowStartMs);
  kept.push(nowMs);
  return {
    failureTimesMs: kept,
    shouldTrip: settings.rapidFailProtection && kept.length >= settings.rapidFailProtectionMaxCrashes,
  };
}

/** Failures inside the window at `nowMs` (for the admin API and metrics). */
export function countRecentFailures(failureTimesMs: readonly number[], nowMs: number, intervalMs: number): number {
  return failureTimesMs.filter((timeMs) => timeMs > nowMs - intervalMs).length;
}
