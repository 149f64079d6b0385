/**
 * Figures from the load driver's side: what the client sent and what became of it, and the latency
 * it saw (of served and rejected responses and timeouts). All but `requests.retried` and
 * `requests.inFlightAtStop` take `before.`/`after.` windows; client-window.ts says how a window's
 * latency is approximated.
 */
import { REJECT_REASONS } from '../../server/index.ts';
import type { Journal } from '../journal/journal.ts';
import type { ClientLostReason } from '../load/load-types.ts';
import { clientWindow } from './client-window.ts';
import type { ClientWindow, WindowLatency } from './client-window.ts';
import type { FigureUnit } from './expectation.ts';
import { countFor, known, optionalLabel, unknown } from './figure-definition.ts';
import type { FigureDefinition, FigureLabel, FigureQuery, FigureReading } from './figure-definition.ts';

/** Keyed by the type, so a new lost reason fails to compile here until it is listed. */
const CLIENT_LOST_REASONS: Readonly<Record<ClientLostReason, true>> = {
  reset: true,
  eof: true,
  truncated: true,
  timeout: true,
};

const STATUS_LABEL = optionalLabel(
  'status',
  { pattern: /^[1-5](?:\d\d|xx)$/, expected: 'an HTTP status such as 200, or a class such as 5xx' },
  '200',
);
const REJECT_REASON_LABEL = optionalLabel('reason', REJECT_REASONS, 'AppOffline');
const LOST_REASON_LABEL = optionalLabel('reason', Object.keys(CLIENT_LOST_REASONS), 'reset');

type ViewReader = (view: ClientWindow, labels: Readonly<Record<string, string>>) => FigureReading;

/** A figure read from the client's view of the expectation's window. */
function windowed(name: string, unit: FigureUnit, labels: readonly FigureLabel[], description: string, read: ViewReader): FigureDefinition {
  return {
    name,
    unit,
    labels,
    takesAnyLabel: false,
    hasWindows: true,
    description,
    read: (journal: Journal, query: FigureQuery): FigureReading => {
      const result = clientWindow(journal, query.window);
      return result.view === null ? unknown(result.why) : read(result.view, query.labels);
    },
  };
}

/** A whole-run count from the journal's `requests`. */
function runCount(name: 'retried' | 'inFlightAtStop', description: string): FigureDefinition {
  return {
    name: `requests.${name}`,
    unit: 'count',
    labels: [],
    takesAnyLabel: false,
    hasWindows: false,
    description,
    read: (journal) => known(journal.requests[name]),
  };
}

function countFigure(name: 'sent' | 'served' | 'rejected' | 'lost', description: string): FigureDefinition {
  return windowed(`requests.${name}`, 'count', [], description, (view) => known(view.counts[name]));
}

function rateFigure(name: 'lost' | 'rejected', description: string): FigureDefinition {
  return windowed(`requests.${name}Rate`, 'ratio', [], description, ({ counts, where }) =>
    counts.sent === 0 ? unknown(`no request was sent in ${where}`) : known(counts[name] / counts.sent),
  );
}

function latencyFigure(suffix: string, field: keyof WindowLatency, description: string): FigureDefinition {
  return windowed(`latency.${suffix}`, 'ms', [], description, ({ latency, where }) =>
    latency === null ? unknown(`no latency was recorded in ${where}`) : known(latency[field]),
  );
}

/** Served responses with the status, or in the class (`5xx`), or all of them. */
function servedWithStatus(byStatus: Readonly<Record<string, number>>, status: string | undefined): number {
  if (status === undefined || !status.endsWith('xx')) return countFor(byStatus, status);
  return Object.entries(byStatus)
    .filter(([code]) => code.length === 3 && code.startsWith(status.charAt(0)))
    .reduce((total, [, count]) => total + count, 0);
}

/** The client figures, in the order of the docs' figure table. */
export const CLIENT_FIGURES: readonly FigureDefinition[] = [
  countFigure('sent', 'requests the load driver sent (sent = served + rejected + lost + inFlightAtStop)'),
  countFigure('served', 'complete responses that were not a front rejection, whatever their status'),
  countFigure('rejected', "503s carrying the front's x-poolchaos-reject header"),
  countFigure('lost', 'requests that got no complete response: reset, eof, truncated or timeout'),
  runCount('retried', 'replays of idempotent requests after a worker died, as the front counted them'),
  runCount('inFlightAtStop', 'requests still unanswered when the load stopped'),
  rateFigure('lost', 'lost / sent, from 0 to 1 (write 1% or 0.01); no value when nothing was sent'),
  rateFigure('rejected', 'rejected / sent, from 0 to 1 (write 1% or 0.01); no value when nothing was sent'),
  windowed(
    'served',
    'count',
    [STATUS_LABEL],
    'served responses with that status or status class (5xx); all without a label',
    (view, labels) => known(servedWithStatus(view.counts.servedByStatus, labels['status'])),
  ),
  windowed('rejected', 'count', [REJECT_REASON_LABEL], 'rejections by the reason in their header; all without a label', (view, labels) =>
    known(countFor(view.counts.rejectedByReason, labels['reason'])),
  ),
  windowed('lost', 'count', [LOST_REASON_LABEL], 'lost requests by how they were lost; all without a label', (view, labels) =>
    known(countFor(view.counts.lostByReason, labels['reason'])),
  ),
  latencyFigure('p50', 'p50Ms', 'median latency; in a window, the worst per-second median'),
  latencyFigure('p90', 'p90Ms', '90th percentile latency; in a window, the worst per-second p90'),
  latencyFigure('p99', 'p99Ms', '99th percentile latency; in a window, the worst per-second p99'),
  latencyFigure('max', 'maxMs', 'slowest latency (a timeout counts at its full length)'),
  latencyFigure('mean', 'meanMs', "mean latency (in a window, weighted by each second's count)"),
];
