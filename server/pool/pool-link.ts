/**
 * The link between the two halves of one pool in the front process: the front's dispatcher (queue,
 * dispatch, replay) and the pool's supervisor (worker lifecycles). Each side sees the other only
 * through its interface here, so neither imports the other.
 */
import type { PoolState, PoolStopReason, RejectReason } from './reasons.ts';
import type { DispatchableWorker } from './worker-load.ts';

/** The supervisor as the dispatcher sees it. */
export interface PoolControl {
  readonly workers: readonly DispatchableWorker[];
  readonly state: PoolState;
  readonly stopReason: PoolStopReason | null;
  /** A request was accepted: start a worker if demand calls for one. */
  onRequestArrived(): void;
  /** A worker's outstanding requests dropped to zero. */
  onWorkerIdle(worker: DispatchableWorker): void;
}

/** The dispatcher as the supervisor sees it. */
export interface FrontLink {
  readonly queuedRequests: number;
  /** Dispatches queued requests while some ready worker has room. */
  pump(): void;
  /** Takes a worker out of the front's hands: its connections close and requests on them fail over. */
  detachWorker(worker: DispatchableWorker): void;
  /** Answers every queued request with a 503 (or reset) because the pool stopped. */
  rejectQueued(reason: RejectReason): void;
  /** Ends requests that have waited longer than connectionTimeout. */
  sweepTimeouts(nowMs: number): void;
}
