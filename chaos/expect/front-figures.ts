/**
 * Figures as the front counted them, summed over pools or for one pool (`pool` label). The front's
 * totals come from the admin API at the end of the run, so these figures take no window. A journal
 * without front figures (a run against a server whose admin API was unreachable) gives no value.
 */
import { LOST_REASONS, REJECT_REASONS } from '../../server/index.ts';
import type { FrontCounts, Journal } from '../journal/journal.ts';
import { countFor, known, optionalLabel, unknown } from './figure-definition.ts';
import type { FigureDefinition, FigureLabel, FigureQuery, FigureReading } from './figure-definition.ts';

const POOL_LABEL = optionalLabel('pool', null, 'a');

/** The counts for the query's pool, or the totals without a `pool` label. */
function frontCounts(journal: Journal, query: FigureQuery): { readonly counts: FrontCounts } | { readonly why: string } {
  if (journal.front === null) return { why: 'the journal has no front figures (the admin API gave none)' };
  const pool = query.labels['pool'];
  if (pool === undefined) return { counts: journal.front.total };
  const counts = Object.hasOwn(journal.front.pools, pool) ? journal.front.pools[pool] : undefined;
  if (counts === undefined) {
    return { why: `the front has no figures for pool ${pool} (pools: ${Object.keys(journal.front.pools).join(', ')})` };
  }
  return { counts };
}

function frontFigure(
  name: string,
  labels: readonly FigureLabel[],
  description: string,
  pick: (counts: FrontCounts, labels: Readonly<Record<string, string>>) => number,
): FigureDefinition {
  return {
    name: `front.${name}`,
    unit: 'count',
    labels: [...labels, POOL_LABEL],
    takesAnyLabel: false,
    hasWindows: false,
    description,
    read: (journal: Journal, query: FigureQuery): FigureReading => {
      const found = frontCounts(journal, query);
      return 'why' in found ? unknown(found.why) : known(pick(found.counts, query.labels));
    },
  };
}

/** The front figures, in the order of the docs' figure table. */
export const FRONT_FIGURES: readonly FigureDefinition[] = [
  frontFigure('accepted', [], 'requests the front took into a pool queue (rejections excluded)', (counts) => counts.accepted),
  frontFigure('served', [], 'accepted requests whose complete response reached the client', (counts) => counts.served),
  frontFigure(
    'rejected',
    [optionalLabel('reason', REJECT_REASONS, 'QueueFull')],
    'requests the front refused on purpose (503 or reset), by reason',
    (counts, labels) => countFor(counts.rejectedByReason, labels['reason']),
  ),
  frontFigure(
    'lost',
    [optionalLabel('reason', LOST_REASONS, 'worker_died')],
    'accepted requests that ended without a complete response, by reason',
    (counts, labels) => countFor(counts.lostByReason, labels['reason']),
  ),
  frontFigure('retried', [], 'replays of idempotent requests after their worker died', (counts) => counts.retried),
  frontFigure('clientAborted', [], 'accepted requests whose client went away first', (counts) => counts.clientAborted),
];
