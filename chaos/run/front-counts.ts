/**
 * The front's side of the accounting for one run: pool counters at the end minus those at the start
 * (a server the harness attaches to has served other traffic before), and where the client's counts
 * disagree with them.
 */
import type { PoolStatus } from '../../server/index.ts';
import type { ClientCounts } from '../load/load-types.ts';
import type { Disagreement, FrontCounts } from '../journal/journal.ts';

type Counters = PoolStatus['requests'];

function sum(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((total, value) => total + value, 0);
}

function subtract(end: Readonly<Record<string, number>>, start: Readonly<Record<string, number>> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(end).map(([key, value]) => [key, value - (start?.[key] ?? 0)]));
}

/** One pool's counts over the run. */
export function frontCountsBetween(start: Counters | undefined, end: Counters): FrontCounts {
  const rejectedByReason = subtract(end.rejected, start?.rejected);
  const lostByReason = subtract(end.lost, start?.lost);
  return {
    accepted: end.accepted - (start?.accepted ?? 0),
    served: end.served - (start?.served ?? 0),
    rejected: sum(rejectedByReason),
    rejectedByReason,
    lost: sum(lostByReason),
    lostByReason,
    retried: end.retried - (start?.retried ?? 0),
    clientAborted: end.clientAborted - (start?.clientAborted ?? 0),
  };
}

/** Every pool's counts over the run, and their total. */
export function frontCountsOfRun(
  start: readonly PoolStatus[],
  end: readonly PoolStatus[],
): { total: FrontCounts; pools: Record<string, FrontCounts> } {
  const pools: Record<string, FrontCounts> = {};
  for (const pool of end) pools[pool.name] = frontCountsBetween(start.find((before) => before.name === pool.name)?.requests, pool.requests);
  const all = Object.values(pools);
  const addRecords = (pick: (counts: FrontCounts) => Readonly<Record<string, number>>): Record<string, number> => {
    const total: Record<string, number> = {};
    for (const counts of all) for (const [key, value] of Object.entries(pick(counts))) total[key] = (total[key] ?? 0) + value;
    return total;
  };
  const total: FrontCounts = {
    accepted: all.reduce((n, c) => n + c.accepted, 0),
    served: all.reduce((n, c) => n + c.served, 0),
    rejected: all.reduce((n, c) => n + c.rejected, 0),
    rejectedByReason: addRecords((c) => c.rejectedByReason),
    lost: all.reduce((n, c) => n + c.lost, 0),
    lostByReason: addRecords((c) => c.lostByReason),
    retried: all.reduce((n, c) => n + c.retried, 0),
    clientAborted: all.reduce((n, c) => n + c.clientAborted, 0),
  };
  return { total, pools };
}

/**
 * Where the client and the front disagree. Each note names the usual, innocent cause; anything else
 * is a bug on one side, which is why the report shows both.
 */
export function findDisagreements(client: ClientCounts, front: FrontCounts): Disagreement[] {
  const disagreements: Disagreement[] = [];
  const compare = (figure: string, clientValue: number, frontValue: number, note: string): void => {
    if (clientValue !== frontValue) disagreements.push({ figure, client: clientValue, front: frontValue, note });
  };
  compare(
    'sent vs accepted + rejected',
    client.sent,
    front.accepted + front.rejected,
    'requests still in flight on the client when the load stopped (a run cut short) may never have reached the front, or reached it after',
  );
  compare('served', client.served, front.served, 'a request the client timed out on may still have been served by the front');
  compare(
    'rejected',
    client.rejected,
    front.rejected,
    'under loadBalancerCapabilities TcpLevel a rejection is a reset, which the client counts as lost (reset)',
  );
  compare(
    'lost',
    client.lost,
    front.lost + front.clientAborted,
    'the front counts a request the client gave up on (timeout, stop) as client-aborted; a TcpLevel rejection is lost to the client',
  );
  return disagreements;
}
