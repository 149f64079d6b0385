import type { PeriodicRestartSettings } from '../config/settings.ts';
import type { RecycleReason } from '../pool/reasons.ts';

/** What the recycle policy needs to know about one ready worker. */
export interface RecycleFacts {
  readonly startedAtMs: number;
  readonly requestsDispatched: number;
  /** Latest figures from the worker's pong; 0 before the first. */
  readonly rssBytes: number;
  readonly virtualBytes: number;
  /** This worker's share of extra time and requests, in [0, 0.1), so a garden never recycles at once. */
  readonly jitterFraction: number;
}

/** Largest jitter, as a fraction of the time and requests limits. */
export const MAX_RECYCLE_JITTER_FRACTION = 0.1;

/** Jitter for a new worker: none in a single-worker pool, else up to 10% of the limits. */
export function pickJitterFraction(maxProcesses: number, random: () => number): number {
  return maxProcesses > 1 ? random() * MAX_RECYCLE_JITTER_FRACTION : 0;
}

/**
 * Whether a ready worker is due for a periodic recycle at `nowMs`, and why. Time and requests limits
 * are stretched by the worker's jitter; memory limits are not (memory is a safety limit). Schedule
 * recycles are pool-wide and decided by {@link isScheduleDue}.
 */
export function decideRecycle(facts: RecycleFacts, settings: PeriodicRestartSettings, nowMs: number): RecycleReason | null {
  const stretch = 1 + facts.jitterFraction;
  if (settings.privateMemoryBytes > 0 && facts.rssBytes > settings.privateMemoryBytes) return 'PrivateMemory';
  if (settings.memoryBytes > 0 && facts.virtualBytes > settings.memoryBytes) return 'Memory';
  if (settings.timeMs > 0 && nowMs - facts.startedAtMs >= settings.timeMs * stretch) return 'Time';
  if (settings.requests > 0 && facts.requestsDispatched >= Math.ceil(settings.requests * stretch)) return 'Requests';
  return null;
}

/**
 * Whether one of the `hh:mm` schedule entries (server local time) fell in (`sinceMs`, `nowMs`].
 * Entries are validated at config load.
 */
export function isScheduleDue(schedule: readonly string[], sinceMs: number, nowMs: number): boolean {
  if (schedule.length === 0 || nowMs <= sinceMs) return false;
  for (const entry of schedule) {
    const [hours, minutes] = entry.split(':').map(Number);
    const candidate = new Date(nowMs);
    candidate.setHours(hours ?? 0, minutes ?? 0, 0, 0);
    // The latest occurrence at or before now: today's, or yesterday's when today's is still ahead.
    if (candidate.getTime() > nowMs) candidate.setDate(candidate.getDate() - 1);
    if (candidate.getTime() > sinceMs) return true;
  }
  return false;
}
