/**
 * The four charts of a run on one time axis: outcomes per second (stacked served, rejected, lost),
 * latency p50 and p99 per second, workers by state per second (stacked), and queue depth per second.
 * A second with no responses has no latency (a gap), and a second without a server sample has no
 * workers or queue depth (a gap).
 */
import type { Journal, TimelineSecond, WorkerStateCounts } from '../../chaos/index.ts';
import { formatFigure } from '../format-figures.ts';
import { createTimeAxis, createValueScale, type TimeAxis } from './chart-geometry.ts';
import { renderChart, type ChartSpec, type SeriesKey } from './chart-frame.ts';
import { renderOverlays } from './chart-overlays.ts';
import { largestValue, renderLine, type LinePoint } from './line-series.ts';
import { renderOverlayLegend } from './overlay-legend.ts';
import { renderStackedBars, tallestColumn, type BarColumn } from './stacked-bars.ts';

/** The chart names, in page order; each SVG has id `chart-<name>`. */
export const CHART_NAMES = ['outcomes', 'latency', 'workers', 'queue-depth'] as const;

const OUTCOME_KEYS: readonly SeriesKey[] = [
  { className: 'series-served', label: 'served' },
  { className: 'series-rejected', label: 'rejected' },
  { className: 'series-lost', label: 'lost' },
];

const LATENCY_KEYS: readonly SeriesKey[] = [
  { className: 'series-p50', label: 'p50' },
  { className: 'series-p99', label: 'p99' },
];

const WORKER_STATES: readonly (keyof WorkerStateCounts)[] = ['starting', 'ready', 'draining', 'unresponsive', 'orphaned'];

const WORKER_KEYS: readonly SeriesKey[] = WORKER_STATES.map((state) => ({ className: `series-${state}`, label: state }));

const QUEUE_KEYS: readonly SeriesKey[] = [{ className: 'series-queue-depth', label: 'queue depth' }];

function classNames(keys: readonly SeriesKey[]): string[] {
  return keys.map((key) => key.className);
}

function reasonList(byReason: Readonly<Record<string, number>>): string {
  const parts = Object.entries(byReason)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason} ${count}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function outcomesChart(timeline: readonly TimelineSecond[], axis: TimeAxis): ChartSpec {
  const columns: BarColumn[] = timeline.map((second) => ({
    second: second.second,
    values: [second.served, second.rejected, second.lost],
  }));
  const scale = createValueScale(tallestColumn(columns));
  const columnTips = timeline.map((second) => ({
    second: second.second,
    tip:
      `${second.second} s: served ${second.served}, rejected ${second.rejected}${reasonList(second.rejectedByReason)}, ` +
      `lost ${second.lost}${reasonList(second.lostByReason)}`,
  }));
  const seriesSvg = renderStackedBars(columns, classNames(OUTCOME_KEYS), axis, scale);
  return { name: 'outcomes', title: 'Outcomes per second', scale, seriesSvg, keys: OUTCOME_KEYS, columnTips };
}

function latencyChart(timeline: readonly TimelineSecond[], axis: TimeAxis): ChartSpec {
  const hasLatency = (second: TimelineSecond): boolean => second.latency.count > 0;
  const p50: LinePoint[] = timeline.map((second) => ({ second: second.second, value: hasLatency(second) ? second.latency.p50Ms : null }));
  const p99: LinePoint[] = timeline.map((second) => ({ second: second.second, value: hasLatency(second) ? second.latency.p99Ms : null }));
  const scale = createValueScale(Math.max(largestValue(p50), largestValue(p99)));
  const columnTips = timeline.map((second) => ({
    second: second.second,
    tip: hasLatency(second)
      ? `${second.second} s: p50 ${formatFigure(second.latency.p50Ms)} ms, p99 ${formatFigure(second.latency.p99Ms)} ms ` +
        `(${second.latency.count} responses)`
      : `${second.second} s: no responses`,
  }));
  const seriesSvg = renderLine(p50, 'series-p50', axis, scale) + renderLine(p99, 'series-p99', axis, scale);
  return { name: 'latency', title: 'Latency per second (ms)', scale, seriesSvg, keys: LATENCY_KEYS, columnTips };
}

function workersChart(timeline: readonly TimelineSecond[], axis: TimeAxis): ChartSpec {
  const columns: BarColumn[] = timeline.map((second) => ({
    second: second.second,
    values: second.workers === null ? null : WORKER_STATES.map((state) => second.workers?.[state] ?? 0),
  }));
  const scale = createValueScale(tallestColumn(columns));
  const columnTips = timeline.map((second) => {
    const workers = second.workers;
    const counts = workers === null ? 'no sample' : WORKER_STATES.map((state) => `${state} ${workers[state]}`).join(', ');
    return { second: second.second, tip: `${second.second} s: ${counts}` };
  });
  const seriesSvg = renderStackedBars(columns, classNames(WORKER_KEYS), axis, scale);
  return { name: 'workers', title: 'Workers by state', scale, seriesSvg, keys: WORKER_KEYS, columnTips };
}

function queueChart(timeline: readonly TimelineSecond[], axis: TimeAxis): ChartSpec {
  const points: LinePoint[] = timeline.map((second) => ({ second: second.second, value: second.queueDepth }));
  const scale = createValueScale(largestValue(points));
  const columnTips = timeline.map((second) => ({
    second: second.second,
    tip: `${second.second} s: ${second.queueDepth === null ? 'no sample' : `queue depth ${second.queueDepth}`}`,
  }));
  const seriesSvg = renderLine(points, 'series-queue-depth', axis, scale);
  return { name: 'queue-depth', title: 'Queue depth (requests, all pools)', scale, seriesSvg, keys: QUEUE_KEYS, columnTips };
}

/** Renders the overlay legend and the four charts of a run, in {@link CHART_NAMES} order, on one time axis. */
export function renderCharts(journal: Journal): string {
  const axis = createTimeAxis(journal);
  const overlays = renderOverlays(journal, axis);
  const specs = [outcomesChart, latencyChart, workersChart, queueChart].map((build) => build(journal.timeline, axis));
  return [renderOverlayLegend(journal, axis), ...specs.map((spec) => renderChart(spec, axis, overlays))].join('\n');
}
