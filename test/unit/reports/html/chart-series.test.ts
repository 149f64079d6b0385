import assert from 'node:assert/strict';
import type { TimelineSecond } from '../../../../chaos/journal/journal.ts';
import {
  buildChartSeries,
  CHART_NAMES,
  chartedSeconds,
  MAX_CHART_SECONDS,
  type ChartSeriesSet,
} from '../../../../reports/html/chart-series.ts';
import { reportJournal } from '../../../fixtures/journals/report-journal.ts';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';

/** Each chart as name → series key → values. */
function valuesByChart(charts: readonly ChartSeriesSet[]): Record<string, Record<string, readonly (number | null)[]>> {
  return Object.fromEntries(charts.map((chart) => [chart.name, Object.fromEntries(chart.series.map((one) => [one.key, one.values]))]));
}

function seriesFor(timeline: readonly TimelineSecond[]): ChartSeriesSet[] {
  return buildChartSeries(chartedSeconds(timeline));
}

describe('chart series', () => {
  it('gives the four charts in page order with their kind, unit, labels and colours', () => {
    const charts = seriesFor(reportJournal().timeline);
    assert.deepEqual(
      charts.map((chart) => [chart.name, chart.kind, chart.unit, chart.isAvailable]),
      [
        ['outcomes', 'stacked-bars', '', true],
        ['latency', 'lines', 'ms', true],
        ['workers', 'stacked-bars', '', true],
        ['queue-depth', 'lines', '', true],
      ],
    );
    assert.deepEqual(
      charts.map((chart) => chart.name),
      [...CHART_NAMES],
    );
    assert.deepEqual(
      charts.map((chart) => chart.series.map((one) => `${one.key}:${one.label}:${one.color}`)),
      [
        ['served:served:#2e9e5b', 'rejected:rejected:#e0a100', 'lost:lost:#d1343b'],
        ['p50:p50:#3b6fd8', 'p99:p99:#8b3fd1'],
        [
          'starting:starting:#7fb3ff',
          'ready:ready:#2e9e5b',
          'draining:draining:#9aa5b1',
          'unresponsive:unresponsive:#e07b00',
          'orphaned:orphaned:#8c1d40',
        ],
        ['queue-depth:queue depth:#0f766e'],
      ],
    );
  });

  it('takes every second of the report fixture, null where the server was not sampled', () => {
    assert.deepEqual(valuesByChart(seriesFor(reportJournal().timeline)), {
      outcomes: {
        served: [196, 200, 200, 200, 188, 197, 176, 150, 214, 200, 200, 199],
        rejected: [0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0],
        lost: [0, 0, 0, 0, 3, 0, 0, 2, 0, 0, 0, 0],
      },
      latency: {
        p50: [8, 8, 8, 8, 11, 9, 14, 210, 30, 8, 8, 8],
        p99: [21, 19, 20, 22, 95, 40, 410, 1480, 260, 24, 23, 22],
      },
      workers: {
        starting: [null, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0],
        ready: [null, 3, 3, 3, 2, 3, 3, 2, 3, 3, 3, 3],
        draining: [null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        unresponsive: [null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        orphaned: [null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      },
      'queue-depth': { 'queue-depth': [null, 0, 0, 0, 6, 1, 14, 25, 3, 0, 0, 0] },
    });
  });

  it("keeps the two-pool fixture's unsampled queue depth and its last, unsampled second as nulls", () => {
    const byChart = valuesByChart(seriesFor(twoPoolCrashJournal().timeline));
    assert.deepEqual(byChart['outcomes'], {
      served: [100, 100, 100, 100, 97, 60, 50, 50, 49, 25],
      rejected: [0, 0, 0, 0, 0, 38, 50, 50, 50, 25],
      lost: [0, 0, 0, 0, 3, 2, 0, 0, 1, 0],
    });
    assert.deepEqual(byChart['latency'], { p50: [4, 3, 3, 3, 5, 2, 1, 1, 1, 1], p99: [21, 15, 17, 16, 290, 45, 12, 10, 11, 9] });
    assert.deepEqual(byChart['workers']?.['ready'], [4, 4, 4, 4, 3, 2, 2, 2, 2, null]);
    assert.deepEqual(byChart['workers']?.['starting'], [0, 0, 0, 0, 1, 0, 0, 0, 0, null]);
    assert.deepEqual(byChart['queue-depth'], { 'queue-depth': [0, 0, 0, 0, 2, 0, null, 0, 0, null] });
  });

  it('makes a second missing from the timeline a null in every series, and a second without responses a latency gap', () => {
    const [first, second] = reportJournal().timeline;
    const silent: TimelineSecond = { ...second!, second: 3, served: 0, latency: { ...second!.latency, count: 0 } };
    const byChart = valuesByChart(seriesFor([{ ...first!, second: 0 }, silent]));
    assert.deepEqual(byChart['outcomes'], { served: [196, null, null, 0], rejected: [0, null, null, 0], lost: [0, null, null, 0] });
    assert.deepEqual(byChart['latency'], { p50: [8, null, null, null], p99: [21, null, null, null] });
    assert.deepEqual(byChart['queue-depth'], { 'queue-depth': [null, null, null, 0] });
  });

  it('marks a chart with no value at all as not available, and keeps zeros as values', () => {
    const timeline = reportJournal().timeline.map((second) => ({ ...second, queueDepth: null, workers: null }));
    assert.deepEqual(
      seriesFor(timeline).map((chart) => [chart.name, chart.isAvailable]),
      [
        ['outcomes', true],
        ['latency', true],
        ['workers', false],
        ['queue-depth', false],
      ],
    );
    assert.deepEqual(
      seriesFor([]).map((chart) => [chart.isAvailable, chart.series[0]?.values]),
      [
        [false, []],
        [false, []],
        [false, []],
        [false, []],
      ],
    );
  });

  describe('chartedSeconds', () => {
    it('maps 0 to the last second to their entries, skipping repeats, fractions, negatives and seconds past the cap', () => {
      const [a, b, c] = reportJournal().timeline;
      const seconds = chartedSeconds([
        { ...a!, second: 2 },
        { ...b!, second: 2 },
        { ...b!, second: 0.5 },
        { ...b!, second: -1 },
        { ...c!, second: MAX_CHART_SECONDS },
        { ...c!, second: Number.NaN },
      ]);
      assert.deepEqual(seconds, [undefined, undefined, { ...a!, second: 2 }]);
      assert.equal(MAX_CHART_SECONDS, 86_400);
    });
  });
});
