/**
 * The request accounting as rows of figures, client and front side by side. The client counts what it
 * sent and what came back; the front counts what it accepted and how each request ended. Lost reasons
 * differ by side (the client sees resets and EOFs, the front sees worker deaths), so reason rows list
 * the union, leave a side blank where it has no such reason, and are left out where every side is 0.
 * The front's `accepted` excludes its rejections, so the row beside the client's `sent` is accepted +
 * rejected. A row is flagged when the journal names a disagreement whose `figure` is one of the row's
 * names (key, label or alias).
 */
import type { FrontCounts, Journal } from '../chaos/index.ts';

/** One accounting figure; null where a side cannot see it. `key` is e.g. `lost` or `lost.reset`. */
export interface AccountingRow {
  readonly key: string;
  readonly label: string;
  /** True for the per-reason rows under a total. */
  readonly isDetail: boolean;
  readonly client: number | null;
  readonly front: number | null;
  /** The front's figure per pool, in the journal's pool order; empty when the front is unknown. */
  readonly pools: readonly (number | null)[];
  readonly isDisagreement: boolean;
}

/** Other names the run gives a row's figure in its disagreements. */
const FIGURE_ALIASES: Readonly<Record<string, readonly string[]>> = { sent: ['sent vs accepted + rejected'] };

type RowDraft = Omit<AccountingRow, 'isDisagreement'>;
type FrontFigure = (counts: FrontCounts) => number | null;

function reasonKeys(...records: (Readonly<Record<string, number>> | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record ?? {})) {
      keys.add(key);
    }
  }
  return [...keys];
}

/** The pool names as the front reported them. */
export function accountingPools(journal: Journal): string[] {
  return Object.keys(journal.front?.pools ?? {});
}

function draft(journal: Journal, key: string, label: string, isDetail: boolean, client: number | null, front: FrontFigure): RowDraft {
  const pools = accountingPools(journal).map((pool) => {
    const counts = journal.front?.pools[pool];
    return counts === undefined ? null : front(counts);
  });
  return { key, label, isDetail, client, front: journal.front === null ? null : front(journal.front.total), pools };
}

function reasonRows(journal: Journal, kind: 'rejected' | 'lost'): RowDraft[] {
  const client: Readonly<Record<string, number>> = kind === 'rejected' ? journal.requests.rejectedByReason : journal.requests.lostByReason;
  const front = (counts: FrontCounts): Readonly<Record<string, number>> =>
    kind === 'rejected' ? counts.rejectedByReason : counts.lostByReason;
  const total = journal.front?.total;
  return reasonKeys(client, total === undefined ? undefined : front(total))
    .map((reason) => {
      const frontFigure: FrontFigure = (counts) => front(counts)[reason] ?? null;
      return draft(journal, `${kind}.${reason}`, `${kind}: ${reason}`, true, client[reason] ?? null, frontFigure);
    })
    .filter((row) => [row.client, row.front, ...row.pools].some((value) => value !== null && value !== 0));
}

/** The accounting rows in report order: sent, served, rejected (by reason), lost (by reason), retried, in flight, aborted. */
export function accountingRows(journal: Journal): AccountingRow[] {
  const requests = journal.requests;
  const drafts: RowDraft[] = [
    draft(journal, 'sent', 'sent (front: accepted + rejected)', false, requests.sent, (counts) => counts.accepted + counts.rejected),
    draft(journal, 'served', 'served', false, requests.served, (counts) => counts.served),
    draft(journal, 'rejected', 'rejected', false, requests.rejected, (counts) => counts.rejected),
    ...reasonRows(journal, 'rejected'),
    draft(journal, 'lost', 'lost', false, requests.lost, (counts) => counts.lost),
    ...reasonRows(journal, 'lost'),
    draft(journal, 'retried', 'retried', false, null, (counts) => counts.retried),
    draft(journal, 'inFlightAtStop', 'in flight at stop', false, requests.inFlightAtStop, () => null),
    draft(journal, 'clientAborted', 'client-aborted', false, null, (counts) => counts.clientAborted),
  ];
  const disputed = new Set(journal.disagreements.map((disagreement) => disagreement.figure));
  return drafts.map((row) => {
    const withFront = row.key === 'retried' && row.front === null ? { ...row, front: requests.retried } : row;
    const names = [row.key, row.label, ...(FIGURE_ALIASES[row.key] ?? [])];
    return { ...withFront, isDisagreement: names.some((name) => disputed.has(name)) };
  });
}
