/**
 * The series of the four timeline charts, one value per second of the run or null where there is
 * none: outcomes per second (served, rejected, lost; stacked), latency p50 and p99 per second (lines;
 * null for a second without responses), workers by state (stacked; null for a second without a
 * server sample) and queue depth (a line; null without a sample). A second missing from the
 * timeline is null in every series, so every gap is drawn as a gap, never as a zero.
 */
import type { TimelineSecond, WorkerStateCounts } from '../../chaos/index.ts';

/** The chart names, in page order; each chart's element has id `chart-<name>`. */
export const CHART_NAMES = ['outcomes', 'latency', 'workers', 'queue-depth'] as const;

/** One of {@link CHART_NAMES}. */
export type ChartName = (typeof CHART_NAMES)[number];

/** Seconds past this are left off the charts (the journal keeps them); it bounds the arrays' length. */
export const MAX_CHART_SECONDS = 86_400;

/** One series: its key, legend label, colour and one value (or null) per charted second. */
export interface ChartSeries {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
}

/** One chart's data: stacked bars or lines, the unit of its values, and whether it has any value at all. */
export interface ChartSeriesSet {
  readonly name: ChartName;
  readonly kind: 'stacked-bars' | 'lines';
  readonly unit: string;
  readonly isAvailable: boolean;
  readonly series: readonly ChartSeries[];
}

interface SeriesDefinition {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly value: (second: TimelineSecond) => number | null;
}

interface ChartDefinition {
  readonly name: ChartName;
  readonly title: string;
  readonly kind: ChartSeriesSet['kind'];
  readonly unit: string;
  /** What the journal lacks when the chart has no value, for its "not available" note. */
  readonly lacking: string;
  readonly series: readonly SeriesDefinition[];
}

const WORKER_STATES: readonly (keyof WorkerStateCounts)[] = ['starting', 'ready', 'draining', 'unresponsive', 'orphaned'];

const WORKER_COLORS: Readonly<Record<keyof WorkerStateCounts, string>> = {
  starting: '#7fb3ff',
  ready: '#2e9e5b',
  draining: '#9aa5b1',
  unresponsive: '#e07b00',
  orphaned: '#8c1d40',
};

function latency(second: TimelineSecond, pick: (latency: TimelineSecond['latency']) => number): number | null {
  return second.latency.count > 0 ? pick(second.latency) : null;
}

/** The four charts, in {@link CHART_NAMES} order. */
export const CHART_DEFINITIONS: readonly ChartDefinition[] = [
  {
    name: 'outcomes',
    title: 'Outcomes per second',
    kind: 'stacked-bars',
    unit: '',
    lacking: 'no timeline seconds',
    series: [
      { key: 'served', label: 'served', color: '#2e9e5b', value: (second) => second.served },
      { key: 'rejected', label: 'rejected', color: '#e0a100', value: (second) => second.rejected },
      { key: 'lost', label: 'lost', color: '#d1343b', value: (second) => second.lost },
    ],
  },
  {
    name: 'latency',
    title: 'Latency per second (ms)',
    kind: 'lines',
    unit: 'ms',
    lacking: 'no second with responses',
    series: [
      { key: 'p50', label: 'p50', color: '#3b6fd8', value: (second) => latency(second, (summary) => summary.p50Ms) },
      { key: 'p99', label: 'p99', color: '#8b3fd1', value: (second) => latency(second, (summary) => summary.p99Ms) },
    ],
  },
  {
    name: 'workers',
    title: 'Workers by state',
    kind: 'stacked-bars',
    unit: '',
    lacking: 'no worker samples',
    series: WORKER_STATES.map((state) => ({
      key: state,
      label: state,
      color: WORKER_COLORS[state],
      value: (second: TimelineSecond) => second.workers?.[state] ?? null,
    })),
  },
  {
    name: 'queue-depth',
    title: 'Queue depth (requests, all pools)',
    kind: 'lines',
    unit: '',
    lacking: 'no queue depth samples',
    series: [{ key: 'queue-depth', label: 'queue depth', color: '#0f766e', value: (second) => second.queueDepth }],
  },
];

function isChartedSecond(second: number): boolean {
  return Number.isInteger(second) && second >= 0 && second < MAX_CHART_SECONDS;
}

/** Every second from 0 to the timeline's last, each mapped to its timeline entry (the first, if repeated). */
export function chartedSeconds(timeline: readonly TimelineSecond[]): readonly (TimelineSecond | undefined)[] {
  const bySecond = new Map<number, TimelineSecond>();
  for (const entry of timeline) {
    if (isChartedSecond(entry.second) && !bySecond.has(entry.second)) bySecond.set(entry.second, entry);
  }
  const count = Math.max(0, ...[...bySecond.keys()].map((second) => second + 1));
  return Array.from({ length: count }, (_, second) => bySecond.get(second));
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** The four charts' series over the given seconds (see {@link chartedSeconds}), in {@link CHART_NAMES} order. */
export function buildChartSeries(seconds: readonly (TimelineSecond | undefined)[]): ChartSeriesSet[] {
  return CHART_DEFINITIONS.map((chart) => {
    const series = chart.series.map((definition) => ({
      key: definition.key,
      label: definition.label,
      color: definition.color,
      values: seconds.map((second) => (second === undefined ? null : finiteOrNull(definition.value(second)))),
    }));
    const isAvailable = series.some((one) => one.values.some((value) => value !== null));
    return { name: chart.name, kind: chart.kind, unit: chart.unit, isAvailable, series };
  });
}
