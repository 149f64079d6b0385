/**
 * What the front and the supervisor of one pool know of a worker between them. The supervisor owns
 * the worker (its process, state, pings, recycling); the front's dispatcher owns the worker's load
 * (the request counters), which it alone writes as it dispatches and completes requests. The
 * supervisor reads the load for its decisions (recycle by requests, idle timeout, deadlock) and never
 * writes it. All times are epoch milliseconds.
 */

/** A worker's request counters, written only by the front's dispatcher. */
export class WorkerLoad {
  /** Requests dispatched to the worker over its life. */
  requestsDispatched = 0;
  /** Requests dispatched and not yet completed or failed. */
  outstandingRequests = 0;
  /** When a response last completed, or when the worker last went from idle to busy. */
  lastProgressAtMs: number;
  /** When a request was last dispatched to or completed by the worker. */
  lastActivityAtMs: number;
  /** False for a short while after a connection to this worker broke mid-request (it probably died). */
  isReachable = true;

  constructor(startedAtMs: number) {
    this.lastProgressAtMs = startedAtMs;
    this.lastActivityAtMs = startedAtMs;
  }
}

/** A worker as the front sees it: where its requests go, whether it may take one now, and its load. */
export interface DispatchableWorker {
  readonly id: number;
  readonly pid: number;
  readonly socketPath: string;
  /** Ready (the supervisor's side) and reachable (the front's side): the dispatcher may send it requests. */
  readonly isDispatchable: boolean;
  readonly load: WorkerLoad;
}
