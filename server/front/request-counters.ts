import { LOST_REASONS, REJECT_REASONS, type LostReason, type RejectReason } from '../pool/reasons.ts';

/** A copy of one pool's request accounting at a moment (see DESIGN.md "Request outcomes"). */
export interface RequestCountersSnapshot {
  /** Requests the front took responsibility for (everything not rejected at the door). */
  readonly accepted: number;
  readonly served: number;
  readonly rejected: Readonly<Record<RejectReason, number>>;
  /** Replays of idempotent requests (a request replayed twice counts twice). */
  readonly retried: number;
  readonly lost: Readonly<Record<LostReason, number>>;
  readonly clientAborted: number;
  readonly queued: number;
  readonly inFlight: number;
}

/**
 * One pool's request outcomes as the front saw them. Every accepted request ends exactly once as
 * served, lost or client-aborted, so accepted = served + lost + clientAborted + queued + inFlight.
 */
export class RequestCounters {
  accepted = 0;
  served = 0;
  retried = 0;
  clientAborted = 0;
  readonly rejected = Object.fromEntries(REJECT_REASONS.map((reason) => [reason, 0])) as Record<RejectReason, number>;
  readonly lost = Object.fromEntries(LOST_REASONS.map((reason) => [reason, 0])) as Record<LostReason, number>;

  snapshot(queued: number, inFlight: number): RequestCountersSnapshot {
    return {
      accepted: this.accepted,
      served: this.served,
      rejected: { ...this.rejected },
      retried: this.retried,
      lost: { ...this.lost },
      clientAborted: this.clientAborted,
      queued,
      inFlight,
    };
  }
}
