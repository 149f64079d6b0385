/** What the dispatcher needs to know about one worker to choose it. */
export interface DispatchCandidate {
  readonly isDispatchable: boolean;
  readonly load: { readonly outstandingRequests: number };
}

/**
 * Chooses the ready worker with the fewest outstanding requests that is below `maxConcurrentRequests`.
 * Ties go to the first one after `lastChosenIndex`, so equal workers take turns. Returns -1 when no
 * worker can take a request now (the request waits in the pool queue).
 */
export function chooseWorker(candidates: readonly DispatchCandidate[], maxConcurrentRequests: number, lastChosenIndex: number): number {
  const count = candidates.length;
  let best = -1;
  let bestOutstanding = maxConcurrentRequests;
  for (let step = 1; step <= count; step++) {
    const index = (lastChosenIndex + step) % count;
    const candidate = candidates[index];
    if (candidate === undefined || !candidate.isDispatchable) continue;
    if (candidate.load.outstandingRequests < bestOutstanding) {
      best = index;
      bestOutstanding = candidate.load.outstandingRequests;
      if (bestOutstanding === 0) break;
    }
  }
  return best;
}
