import type { StartMode } from '../config/settings.ts';

/** What the demand policy needs to know about a pool. */
export interface DemandFacts {
  readonly startMode: StartMode;
  readonly maxProcesses: number;
  readonly isStarted: boolean;
  /** Workers starting or ready (not draining, unresponsive or orphaned). */
  readonly activeWorkers: number;
  /** Draining workers whose replacement must wait for them to exit (disallowOverlappingRotation). */
  readonly heldSlots: number;
  readonly queuedRequests: number;
  /** True when called because a request just arrived. */
  readonly hasNewRequest: boolean;
}

/**
 * How many workers to start now. AlwaysRunning keeps the garden full. OnDemand starts one worker per
 * arriving request, or per check while requests wait, until the garden is full (IIS demand start).
 * A stopped pool starts nothing.
 */
export function decideSpawnCount(facts: DemandFacts): number {
  if (!facts.isStarted) return 0;
  const free = facts.maxProcesses - facts.activeWorkers - facts.heldSlots;
  if (free <= 0) return 0;
  if (facts.startMode === 'AlwaysRunning') return free;
  return facts.hasNewRequest || facts.queuedRequests > 0 ? 1 : 0;
}

/** Whether an idle OnDemand worker should be shut down at `nowMs` (idleTimeout 0 = never). */
export function isIdleExpired(
  startMode: StartMode,
  idleTimeoutMs: number,
  outstandingRequests: number,
  lastActivityAtMs: number,
  nowMs: number,
): boolean {
  return startMode === 'OnDemand' && idleTimeoutMs > 0 && outstandingRequests === 0 && nowMs - lastActivityAtMs >= idleTimeoutMs;
}
