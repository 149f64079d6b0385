import assert from 'node:assert/strict';
import type { Journal, JournalEvent, TimelineSecond } from '../../../chaos/journal/journal.ts';
import { buildChartsModel } from '../../../reports/html/chart-model.ts';
import { CHART_NAMES, EVENT_ROW_LIMIT, renderHtmlReport } from '../../../reports/index.ts';
import { reportJournal } from '../../fixtures/journals/report-journal.ts';
import { assertNoBadNumbers, chartData, count, figure } from './report-page.ts';

function withTimeline(timeline: readonly TimelineSecond[]): Journal {
  return { ...reportJournal(), timeline };
}

describe('renderHtmlReport', () => {
  describe('for the fixture run', () => {
    let html = '';
    before(() => {
      html = renderHtmlReport(reportJournal());
    });

    it('writes no NaN, Infinity or undefined', () => {
      assertNoBadNumbers(html);
    });

    it('gives the four charts in order, each an empty element for uPlot with its id and data-chart', () => {
      const found = [
        ...html.matchAll(
          /<div class="chart-plot" id="chart-([a-z-]+)" data-chart="([a-z-]+)" aria-labelledby="chart-([a-z-]+)-title"><\/div>/g,
        ),
      ];
      assert.deepEqual(
        found.map((match) => match.slice(1)),
        CHART_NAMES.map((name) => [name, name, name]),
      );
      assert.deepEqual(CHART_NAMES, ['outcomes', 'latency', 'workers', 'queue-depth']);
      assert.deepEqual(
        CHART_NAMES.map((name) => /<figcaption[^>]*>([^<]*)<\/figcaption>/.exec(figure(html, name))?.[1]),
        ['Outcomes per second', 'Latency per second (ms)', 'Workers by state', 'Queue depth (requests, all pools)'],
      );
      assert.equal(count(html, 'class="note chart-unavailable"'), 0);
    });

    it('embeds the chart model built from the journal as the data block', () => {
      assert.deepEqual(chartData(html), JSON.parse(JSON.stringify(buildChartsModel(reportJournal()))));
      assert.equal(chartData(html).durationS, 12.25);
    });

    it('lists the overlay legend: phases, faults and each marked event type once', () => {
      const legend = /<div class="legend overlay-legend"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
      const labels = [...legend.matchAll(/<\/span>([^<]+)<\/span>/g)].map((match) => match[1]);
      assert.deepEqual(labels, [
        'steady state before',
        'steady state after',
        'fault',
        'worker-exited',
        'failure-counted',
        'worker-spawned',
        'worker-ready',
        'worker-unresponsive',
        'worker-killed',
        'worker-recycling',
        'worker-draining',
      ]);
    });

    it("colours each event type's swatch once", () => {
      assert.equal(count(html, '.event-swatch.event-worker-exited{background:#d1343b}'), 1);
      assert.equal(count(html, '.event-swatch.event-request-lost{background:#9ca3af}'), 1);
    });

    it('marks the failing expectation and highlights the disagreeing accounting rows', () => {
      assert.equal(count(html, '<tr class="expectation-failed">'), 1);
      assert.equal(count(html, '<tr class="expectation-passed">'), 3);
      assert.ok(html.includes('<tr class="disagreement"><td>served <span class="badge badge-failed">disagree</span></td>'));
      assert.ok(html.includes('<tr class="disagreement"><td>lost <span class="badge badge-failed">disagree</span></td>'));
      assert.ok(
        html.includes(
          '<th>figure</th><th class="num">client</th><th class="num">front</th><th class="num">front: api</th><th class="num">front: static</th>',
        ),
      );
    });

    it('shows the header with the status badge, seed and duration', () => {
      assert.ok(
        html.includes(
          '<h1><span class="scenario-name">crash-and-freeze</span> <span class="badge badge-failed" data-status="failed">failed</span></h1>',
        ),
      );
      assert.ok(html.includes('<div><dt>seed</dt><dd>20251009</dd></div><div><dt>duration</dt><dd>12.3 s</dd></div>'));
      assert.equal(html.includes('broken protection'), false);
    });

    it('lists every fault and every event', () => {
      const faults = /<table id="faults">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      const events = /<table id="events">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      assert.equal(count(faults, '<tr>'), 3);
      assert.equal(count(events, '<tr>'), 1 + reportJournal().events.length);
      assert.equal(html.includes('events-capped'), false);
    });
  });

  describe('for gaps and empty data', () => {
    const template = (): TimelineSecond => reportJournal().timeline[1]!;

    it('carries a null sample as null, never as a zero', () => {
      const seconds = [4, null, 2, 3].map((queueDepth, second) => ({ ...template(), second, queueDepth }));
      const html = renderHtmlReport(withTimeline(seconds));
      const queue = chartData(html).charts.find((chart) => chart.name === 'queue-depth');
      assert.deepEqual(queue?.series[0]?.values, [4, null, 2, 3]);
      assertNoBadNumbers(html);
    });

    it('says a chart is not available when it has no value at all, instead of drawing zeros', () => {
      const timeline = reportJournal().timeline.map((second) => ({ ...second, queueDepth: null, workers: null }));
      const html = renderHtmlReport({ ...withTimeline(timeline), front: null, disagreements: [] });
      assert.ok(
        figure(html, 'queue-depth').includes(
          '<p class="note chart-unavailable" id="chart-queue-depth" data-chart="queue-depth">Not available: no queue depth samples in this journal.</p>',
        ),
      );
      assert.ok(figure(html, 'workers').includes('>Not available: no worker samples in this journal.</p>'));
      assert.ok(figure(html, 'outcomes').includes('<div class="chart-plot" id="chart-outcomes"'));
      assert.ok(figure(html, 'latency').includes('<div class="chart-plot" id="chart-latency"'));
      assert.deepEqual(
        chartData(html).charts.map((chart) => chart.isAvailable),
        [true, true, false, false],
      );
    });

    it('renders an empty timeline without NaN: every chart not available, and no overlays', () => {
      const journal = reportJournal();
      const phases = { beforeFromMs: 0, faultsFromMs: 0, afterFromMs: 0, endMs: 0 };
      const html = renderHtmlReport({ ...journal, timeline: [], events: [], faults: [], endedAtMs: journal.startedAtMs, phases });
      assertNoBadNumbers(html);
      assert.equal(count(html, 'class="note chart-unavailable"'), 4);
      assert.ok(figure(html, 'outcomes').includes('>Not available: no timeline seconds in this journal.</p>'));
      assert.ok(figure(html, 'latency').includes('>Not available: no second with responses in this journal.</p>'));
      const data = chartData(html);
      assert.deepEqual([data.durationS, data.x, data.phases, data.faults, data.events], [1, [], [], [], []]);
      assert.ok(html.includes('<p class="note">The journal has no events.</p>'));
      assert.ok(html.includes('<p class="note">No faults were planned.</p>'));
    });

    it('adds "fault not injected" to the overlay legend when a fault was not injected', () => {
      const journal = reportJournal();
      const failed = { ...journal.faults[0]!, injectedAtMs: null, affected: [], error: 'no ready worker in pool api' };
      const html = renderHtmlReport({ ...journal, faults: [failed] });
      assert.ok(html.includes('<span class="legend-item"><span class="swatch fault-not-injected"></span>fault not injected</span>'));
      assert.deepEqual(chartData(html).faults, [
        {
          fromS: 4,
          toS: 4,
          isInjected: false,
          label: 'crash',
          text: 'fault 0 crash on api/random ×1: not injected: no ready worker in pool api',
        },
      ]);
    });

    it("renders a run without the front's counts", () => {
      const html = renderHtmlReport({ ...reportJournal(), front: null, disagreements: [] });
      assert.ok(html.includes(`<p class="note">The front's counts are missing from this journal.</p>`));
      assert.ok(html.includes('<p class="note">Client and front agree on every figure.</p>'));
      assertNoBadNumbers(html);
    });
  });

  describe('for a long run', () => {
    function requestEvents(total: number, startedAtMs: number): JournalEvent[] {
      return Array.from({ length: total }, (_, index) => ({
        type: 'request-retried',
        time: startedAtMs + index,
        pool: 'api',
        workerId: 1,
        attempt: 2,
      }));
    }

    function eventRows(html: string): string[] {
      const table = /<table id="events">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      return table.match(/<tr>.*?<\/tr>/g)?.slice(1) ?? [];
    }

    it(`shows ${EVENT_ROW_LIMIT} events and says how many there were`, () => {
      const journal = reportJournal();
      const html = renderHtmlReport({ ...journal, events: requestEvents(650, journal.startedAtMs) });
      assert.equal(eventRows(html).length, EVENT_ROW_LIMIT);
      assert.ok(
        html.includes(
          '<p class="note" id="events-capped">Showing 500 of 650 events, supervisor events first; the journal has them all.</p>',
        ),
      );
    });

    it('keeps supervisor events that come after the first 500 per-request events, in journal order', () => {
      const journal = reportJournal();
      const crashes: JournalEvent[] = [1000, 1001].map((offsetMs) => ({
        type: 'worker-exited',
        time: journal.startedAtMs + offsetMs,
        pool: 'api',
        workerId: offsetMs,
      }));
      const rows = eventRows(renderHtmlReport({ ...journal, events: [...requestEvents(600, journal.startedAtMs), ...crashes] }));
      assert.equal(rows.length, EVENT_ROW_LIMIT);
      assert.equal(rows.filter((row) => row.includes('worker-exited')).length, 2);
      assert.ok(rows[497]!.includes('request-retried') && rows[498]!.includes('workerId=1000') && rows[499]!.includes('workerId=1001'));
    });
  });
});
