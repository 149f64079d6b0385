/**
 * Counts being gathered for one second or for the whole run. Reasons and statuses come from the
 * network (a header value may be `__proto__`), so they are kept in Maps and only turned into plain
 * objects, with keys sorted, when a snapshot is taken.
 */
import type { ClientCounts, ClientLostReason } from './load-types.ts';
import type { ResponseOutcome } from './response-outcome.ts';

/** Every lost reason, in report order. */
export const CLIENT_LOST_REASONS: readonly ClientLostReason[] = ['reset', 'eof', 'truncated', 'timeout'];

/** Counts without `inFlightAtStop` (which only the whole run has). */
export type TallyCounts = Omit<ClientCounts, 'inFlightAtStop'>;

/** Mutable counts: sent, outcomes by kind and detail. */
export class CountTally {
  #sent = 0;
  readonly #servedByStatus = new Map<string, number>();
  readonly #rejectedByReason = new Map<string, number>();
  readonly #lostByReason = new Map<ClientLostReason, number>();

  /** One request sent. */
  addSent(): void {
    this.#sent += 1;
  }

  /** One complete response, served or rejected. */
  addOutcome(outcome: ResponseOutcome): void {
    if (outcome.kind === 'served') increment(this.#servedByStatus, String(outcome.statusCode));
    else increment(this.#rejectedByReason, outcome.reason);
  }

  /** One request lost. */
  addLost(reason: ClientLostReason): void {
    increment(this.#lostByReason, reason);
  }

  /** A frozen copy of the counts so far. */
  snapshot(): TallyCounts {
    const lostByReason = Object.fromEntries(CLIENT_LOST_REASONS.map((reason) => [reason, this.#lostByReason.get(reason) ?? 0]));
    return {
      sent: this.#sent,
      served: sum(this.#servedByStatus),
      rejected: sum(this.#rejectedByReason),
      lost: sum(this.#lostByReason),
      servedByStatus: toSortedRecord(this.#servedByStatus),
      rejectedByReason: toSortedRecord(this.#rejectedByReason),
      lostByReason: lostByReason as Record<ClientLostReason, number>,
    };
  }
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sum(counts: ReadonlyMap<unknown, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

function toSortedRecord(counts: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
