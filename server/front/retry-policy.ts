import type { LostReason } from '../pool/reasons.ts';

/** Attempts an idempotent request gets in all: the first and at most two replays. */
export const MAX_ATTEMPTS = 3;

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** GET, HEAD and OPTIONS are idempotent, and so is any request carrying an `Idempotency-Key`. */
export function isIdempotent(method: string, hasIdempotencyKey: boolean): boolean {
  return hasIdempotencyKey || IDEMPOTENT_METHODS.has(method);
}

/** What is known about a request whose worker connection failed. */
export interface FailoverFacts {
  readonly isIdempotent: boolean;
  readonly isRetryEnabled: boolean;
  /** At least one response byte reached the front (and so possibly the client). */
  readonly hasResponseStarted: boolean;
  /** The whole request body is held in memory (or there was none). */
  readonly isBodyReplayable: boolean;
  readonly attempts: number;
}

export type FailoverDecision = { readonly kind: 'retry' } | { readonly kind: 'lost'; readonly reason: LostReason };

/** Replay on another worker, or give the request up as lost (and say why). */
export function decideFailover(facts: FailoverFacts): FailoverDecision {
  if (facts.hasResponseStarted) return { kind: 'lost', reason: 'truncated' };
  if (facts.isRetryEnabled && facts.isIdempotent && facts.isBodyReplayable && facts.attempts < MAX_ATTEMPTS) {
    return { kind: 'retry' };
  }
  return { kind: 'lost', reason: 'worker_died' };
}
