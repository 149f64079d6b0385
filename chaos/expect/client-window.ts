/**
 * The client's view of one window: its request counts and latency. The whole run reads the load
 * driver's own totals (exact). A `before` or `after` window sums the timeline seconds in it; counts
 * sum exactly, but per-second latency histograms cannot be merged, so a window's percentile is the
 * worst per-second percentile in it, its max the max, and its mean the count-weighted mean (exact).
 */
import type { Journal, TimelineSecond } from '../journal/journal.ts';
import type { ExpectationWindow } from './expectation.ts';
import { describeWindow, timelineIn, windowRangeMs } from './journal-window.ts';

/** Request counts of a window, as in `ClientCounts` without `inFlightAtStop`. */
export interface ClientWindowCounts {
  readonly sent: number;
  readonly served: number;
  readonly rejected: number;
  readonly lost: number;
  readonly servedByStatus: Readonly<Record<string, number>>;
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly lostByReason: Readonly<Record<string, number>>;
}

/** Latency figures of a window, in ms. */
export interface WindowLatency {
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** A window's counts, its latency (null when no latency was recorded in it), and its name for messages. */
export interface ClientWindow {
  readonly counts: ClientWindowCounts;
  readonly latency: WindowLatency | null;
  readonly where: string;
}

/** The window's view, or null with the reason (a `before`/`after` window holding no timeline second). */
export type ClientWindowResult = { readonly view: ClientWindow; readonly why: null } | { readonly view: null; readonly why: string };

/** Reads the client's view of `window` from the journal; pure. */
export function clientWindow(journal: Journal, window: ExpectationWindow): ClientWindowResult {
  const where = describeWindow(window, windowRangeMs(journal.phases, window));
  if (window === 'run') {
    const latency = journal.latency.count > 0 ? journal.latency : null;
    return { view: { counts: journal.requests, latency, where }, why: null };
  }
  const rows = timelineIn(journal, window);
  if (rows.length === 0) return { view: null, why: `${where} holds no timeline second` };
  return { view: { counts: sumCounts(rows), latency: worstLatency(rows), where }, why: null };
}

function sumCounts(rows: readonly TimelineSecond[]): ClientWindowCounts {
  return {
    sent: rows.reduce((total, row) => total + row.sent, 0),
    served: rows.reduce((total, row) => total + row.served, 0),
    rejected: rows.reduce((total, row) => total + row.rejected, 0),
    lost: rows.reduce((total, row) => total + row.lost, 0),
    servedByStatus: mergeCounts(rows.map((row) => row.servedByStatus)),
    rejectedByReason: mergeCounts(rows.map((row) => row.rejectedByReason)),
    lostByReason: mergeCounts(rows.map((row) => row.lostByReason)),
  };
}

function mergeCounts(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const merged = new Map<string, number>();
  for (const record of records) {
    for (const [key, count] of Object.entries(record)) merged.set(key, (merged.get(key) ?? 0) + count);
  }
  return Object.fromEntries(merged);
}

/** Seconds without a recorded latency report zeros, so they are left out rather than averaged in. */
function worstLatency(rows: readonly TimelineSecond[]): WindowLatency | null {
  const measured = rows.map((row) => row.latency).filter((latency) => latency.count > 0);
  if (measured.length === 0) return null;
  const count = measured.reduce((total, latency) => total + latency.count, 0);
  return {
    p50Ms: maxOf(measured.map((latency) => latency.p50Ms)),
    p90Ms: maxOf(measured.map((latency) => latency.p90Ms)),
    p99Ms: maxOf(measured.map((latency) => latency.p99Ms)),
    maxMs: maxOf(measured.map((latency) => latency.maxMs)),
    meanMs: measured.reduce((total, latency) => total + latency.meanMs * latency.count, 0) / count,
  };
}

/** Math.max without spreading, so a day-long timeline cannot overflow the argument list. */
function maxOf(values: readonly number[]): number {
  return values.reduce((max, value) => Math.max(max, value), Number.NEGATIVE_INFINITY);
}
