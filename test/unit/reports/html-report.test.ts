import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Journal, JournalEvent, TimelineSecond } from '../../../chaos/journal/journal.ts';
import { CHART_NAMES, EVENT_ROW_LIMIT, renderHtmlReport } from '../../../reports/index.ts';
import { REPORT_JOURNAL_STARTED_AT_MS, reportJournal } from '../../fixtures/journals/report-journal.ts';

const HOSTILE = '<script>alert(1)</script>';
const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function chartSvg(html: string, name: string): string {
  const match = new RegExp(`<svg id="chart-${name}"[\\s\\S]*?</svg>`).exec(html);
  assert.ok(match, `no chart ${name}`);
  return match[0];
}

function elements(svg: string, tag: string, className: string): string[] {
  return svg.match(new RegExp(`<${tag} class="[^"]*\\b${className}\\b[^"]*"[^>]*>`, 'g')) ?? [];
}

function withTimeline(timeline: readonly TimelineSecond[]): Journal {
  return { ...reportJournal(), timeline };
}

function second(template: TimelineSecond, index: number, queueDepth: number | null): TimelineSecond {
  return { ...template, second: index, queueDepth };
}

/** Figures no SVG attribute or table cell may show. */
function assertNoBadNumbers(html: string): void {
  assert.equal(html.includes('NaN'), false, 'NaN in output');
  assert.equal(html.includes('Infinity'), false, 'Infinity in output');
  assert.equal(html.includes('undefined'), false, 'undefined in output');
}

describe('renderHtmlReport', () => {
  describe('for the fixture run', () => {
    let html = '';
    before(() => {
      html = renderHtmlReport(reportJournal());
    });

    it('references nothing outside the file', () => {
      assert.equal(/https?:\/\//.test(html), false);
      for (const needle of [' src=', ' href=', 'url(', '@import', '<link', '<img', '<iframe']) {
        assert.equal(html.includes(needle), false, needle);
      }
    });

    it('allows only its own inline script, by hash, and loads nothing', () => {
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
      const hash = createHash('sha256').update(script).digest('base64');
      assert.equal(count(html, '<script'), 1);
      assert.ok(
        html.includes(
          `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; ` +
            `script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'">`,
        ),
      );
    });

    it('writes no NaN, Infinity or undefined', () => {
      assertNoBadNumbers(html);
    });

    it('draws the four charts in order, each with its id, data-chart and the same size', () => {
      const found = [...html.matchAll(/<svg id="chart-([a-z-]+)" data-chart="([a-z-]+)" class="chart" width="(\d+)" height="(\d+)" viewBox="([^"]+)"/g)];
      assert.deepEqual(
        found.map((match) => match.slice(1)),
        CHART_NAMES.map((name) => [name, name, '960', '210', '0 0 960 210']),
      );
      assert.deepEqual(CHART_NAMES, ['outcomes', 'latency', 'workers', 'queue-depth']);
    });

    it('draws one band per fault on every chart, at the same x: a thin one for the crash, 2 s wide for the freeze', () => {
      for (const name of CHART_NAMES) {
        assert.deepEqual(elements(chartSvg(html, name), 'rect', 'fault-band'), [
          '<rect class="fault-band" x="346.8" y="26" width="2" height="144" data-tip="fault 0 crash on api/random ×1 at 4.01 s, instantaneous"/>',
          '<rect class="fault-band" x="491.5" y="26" width="145" height="144" data-tip="fault 1 freeze on api/oldest ×1 at 6.01 s, until 8.01 s"/>',
        ]);
        assert.deepEqual(
          elements(chartSvg(html, name), 'text', 'fault-label').map((label) => /x="([^"]+)"/.exec(label)?.[1]),
          ['348.8', '493.5'],
        );
      }
    });

    it('shades the steady-state phases before and after the faults', () => {
      assert.deepEqual(elements(chartSvg(html, 'outcomes'), 'rect', 'phase'), [
        '<rect class="phase phase-before" x="56" y="26" width="217.5" height="144" data-tip="steady state before faults"/>',
        '<rect class="phase phase-after" x="708.4" y="26" width="217.5" height="144" data-tip="steady state after faults"/>',
      ]);
    });

    it('stacks served, rejected and lost bars for the seconds that had them', () => {
      const svg = chartSvg(html, 'outcomes');
      assert.equal(elements(svg, 'rect', 'series-served').length, 12);
      assert.equal(elements(svg, 'rect', 'series-rejected').length, 1);
      assert.equal(elements(svg, 'rect', 'series-lost').length, 2);
    });

    it('draws p50 and p99 as one path each through all 12 seconds', () => {
      const svg = chartSvg(html, 'latency');
      for (const series of ['series-p50', 'series-p99']) {
        const paths = elements(svg, 'path', series);
        assert.equal(paths.length, 1);
        assert.equal(count(paths[0]!, 'M'), 1);
        assert.equal(count(paths[0]!, 'L'), 11);
      }
    });

    it('stacks workers by state, leaving the second without a sample empty', () => {
      const svg = chartSvg(html, 'workers');
      const counts = ['starting', 'ready', 'draining', 'unresponsive', 'orphaned'].map((state) => elements(svg, 'rect', `series-${state}`).length);
      assert.deepEqual(counts, [2, 11, 1, 0, 0]);
    });

    it('draws queue depth as one path from the first sampled second', () => {
      const paths = elements(chartSvg(html, 'queue-depth'), 'path', 'series-queue-depth');
      assert.equal(paths.length, 1);
      assert.ok(paths[0]!.startsWith('<path class="line series-queue-depth" d="M164.7 170 L237.2 170 '));
      assert.equal(count(paths[0]!, 'L'), 10);
    });

    it('ticks the 15 supervisor events inside the run on every chart, and not per-request events', () => {
      for (const name of CHART_NAMES) {
        const ticks = elements(chartSvg(html, name), 'rect', 'event-tick');
        assert.equal(ticks.length, 15);
        assert.equal(ticks.filter((tick) => tick.includes('event-request-')).length, 0);
      }
      assert.ok(
        html.includes(
          '<rect class="event-tick event-worker-exited" x="345.5" y="173" width="3" height="11" data-tip="worker-exited at 4.01 s · pool api · ' +
            'workerId=2 · pid=41877 · code=null · signal=SIGKILL · reason=crash · requestsDispatched=812"/>',
        ),
      );
    });

    it('gives each chart one hover column per second with that second\'s figures', () => {
      for (const name of CHART_NAMES) {
        assert.equal(elements(chartSvg(html, name), 'rect', 'hover-column').length, 12);
      }
      assert.ok(
        chartSvg(html, 'latency').includes(
          '<rect class="hover-column" x="563.4" y="26" width="72.5" height="144" data-tip="7 s: p50 210 ms, p99 1480 ms (164 responses)"/>',
        ),
      );
      assert.ok(chartSvg(html, 'outcomes').includes('data-tip="7 s: served 150, rejected 12 (QueueFull 12), lost 2 (timeout 2)"'));
      assert.ok(chartSvg(html, 'workers').includes('data-tip="0 s: no sample"'));
    });

    it('lists the overlay legend: phases, faults and each ticked event type once', () => {
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
        html.includes('<h1><span class="scenario-name">crash-and-freeze</span> <span class="badge badge-failed" data-status="failed">failed</span></h1>'),
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

  describe('escaping journal text', () => {
    it('escapes a hostile scenario name everywhere it appears', () => {
      const journal = reportJournal();
      const html = renderHtmlReport({ ...journal, scenario: { ...journal.scenario, name: HOSTILE } });
      assert.equal(count(html, '<script'), 1);
      assert.ok(html.includes(`<title>poolchaos: ${HOSTILE_ESCAPED} (failed)</title>`));
      assert.ok(html.includes(`<h1><span class="scenario-name">${HOSTILE_ESCAPED}</span>`));
    });

    it('escapes hostile params, fault kinds, event fields, errors and brokenProtection', () => {
      const journal = reportJournal();
      const [crash, freeze] = journal.faults;
      const hostileEvent: JournalEvent = { type: `x"><b>`, time: REPORT_JOURNAL_STARTED_AT_MS + 500, pool: HOSTILE, note: HOSTILE };
      const html = renderHtmlReport({
        ...journal,
        status: 'error',
        error: HOSTILE,
        scenario: { ...journal.scenario, description: HOSTILE, brokenProtection: HOSTILE },
        faults: [{ ...crash!, kind: `crash"><svg onload=alert(1)>`, params: { value: HOSTILE } }, freeze!],
        events: [...journal.events, hostileEvent],
        expectations: [{ expr: HOSTILE, actual: null, passed: false, message: HOSTILE }],
      });
      assert.equal(count(html, '<script'), 1);
      assert.equal(html.includes('<svg onload'), false);
      assert.equal(html.includes('<b>'), false);
      assert.ok(html.includes('>crash&quot;&gt;&lt;svg onload=alert(1)&gt;</text>'));
      assert.ok(html.includes(`<div class="run-error" id="run-error"><strong>Run error:</strong> ${HOSTILE_ESCAPED}</div>`));
      assert.ok(html.includes(`<div class="broken-protection"><dt>broken protection</dt><dd><code>${HOSTILE_ESCAPED}</code></dd></div>`));
      assert.ok(html.includes('<rect class="event-tick event-x___b_"'));
      assertNoBadNumbers(html);
    });

    it('keeps a URL from the journal as escaped text only', () => {
      const journal = reportJournal();
      const html = renderHtmlReport({ ...journal, scenario: { ...journal.scenario, description: 'runbook: https://example.com/a?b=1&c=2' } });
      assert.deepEqual(html.match(/https?:\/\/[^<"]*/g), ['https://example.com/a?b=1&amp;c=2']);
      assert.ok(html.includes('<p class="description">runbook: https://example.com/a?b=1&amp;c=2</p>'));
    });
  });

  describe('for gaps and empty data', () => {
    const template = (): TimelineSecond => reportJournal().timeline[1]!;

    it('breaks a line at null values and dots a point with no neighbour', () => {
      const html = renderHtmlReport(withTimeline([second(template(), 0, 4), second(template(), 1, null), second(template(), 2, 2), second(template(), 3, 3)]));
      const svg = chartSvg(html, 'queue-depth');
      const path = elements(svg, 'path', 'series-queue-depth');
      assert.equal(path.length, 1);
      assert.equal(count(path[0]!, 'M'), 1);
      assert.equal(count(path[0]!, 'L'), 1);
      assert.equal(elements(svg, 'circle', 'series-queue-depth').length, 1);
      assertNoBadNumbers(html);
    });

    it('leaves latency out for a second without responses', () => {
      const silent: TimelineSecond = { ...template(), second: 1, served: 0, latency: { ...template().latency, count: 0 } };
      const html = renderHtmlReport(withTimeline([second(template(), 0, 0), silent, second(template(), 2, 0)]));
      const svg = chartSvg(html, 'latency');
      assert.equal(elements(svg, 'circle', 'series-p99').length, 2);
      assert.ok(elements(svg, 'path', 'series-p99')[0]!.includes('d=""'));
      assert.ok(svg.includes('data-tip="1 s: no responses"'));
    });

    it('renders an empty timeline without NaN: empty paths, no bars, no hover columns', () => {
      const journal = reportJournal();
      const phases = { beforeFromMs: 0, faultsFromMs: 0, afterFromMs: 0, endMs: 0 };
      const html = renderHtmlReport({ ...journal, timeline: [], events: [], faults: [], endedAtMs: journal.startedAtMs, phases });
      assertNoBadNumbers(html);
      for (const name of CHART_NAMES) {
        const svg = chartSvg(html, name);
        assert.equal(elements(svg, 'rect', 'bar').length, 0);
        assert.equal(elements(svg, 'rect', 'hover-column').length, 0);
        assert.equal(elements(svg, 'rect', 'fault-band').length, 0);
      }
      assert.equal(count(html, 'd=""'), 3);
      assert.ok(html.includes('<p class="note">The journal has no events.</p>'));
      assert.ok(html.includes('<p class="note">No faults were planned.</p>'));
    });

    it('draws a dashed band at the due time for a fault that was not injected', () => {
      const journal = reportJournal();
      const failed = { ...journal.faults[0]!, injectedAtMs: null, affected: [], error: 'no ready worker in pool api' };
      const html = renderHtmlReport({ ...journal, faults: [failed] });
      assert.deepEqual(elements(chartSvg(html, 'outcomes'), 'rect', 'fault-band'), [
        '<rect class="fault-band fault-not-injected" x="346" y="26" width="2" height="144"' +
          ' data-tip="fault 0 crash on api/random ×1: not injected: no ready worker in pool api"/>',
      ]);
    });

    it('renders a run without the front\'s counts', () => {
      const html = renderHtmlReport({ ...reportJournal(), front: null, disagreements: [] });
      assert.ok(html.includes(`<p class="note">The front's counts are missing from this journal.</p>`));
      assert.ok(html.includes('<p class="note">Client and front agree on every figure.</p>'));
      assertNoBadNumbers(html);
    });
  });

  describe('for events close together', () => {
    it('nudges ticks apart by whole tick widths, then lets further events share the last tick', () => {
      const journal = reportJournal();
      const events: JournalEvent[] = Array.from({ length: 6 }, (_, index) => ({
        type: 'worker-ready',
        time: journal.startedAtMs + 2000,
        pool: 'api',
        workerId: index,
      }));
      const ticks = elements(chartSvg(renderHtmlReport({ ...journal, events }), 'workers'), 'rect', 'event-tick');
      assert.deepEqual(
        ticks.map((tick) => /x="([^"]+)"/.exec(tick)?.[1]),
        ['199.5', '202.5', '205.5', '208.5', '211.5'],
      );
      assert.ok(ticks[4]!.endsWith('data-tip="worker-ready at 2.00 s · pool api · workerId=4&#10;worker-ready at 2.00 s · pool api · workerId=5"/>'));
    });
  });

  describe('for a long run', () => {
    function requestEvents(total: number, startedAtMs: number): JournalEvent[] {
      return Array.from({ length: total }, (_, index) => ({ type: 'request-retried', time: startedAtMs + index, pool: 'api', workerId: 1, attempt: 2 }));
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
        html.includes('<p class="note" id="events-capped">Showing 500 of 650 events, supervisor events first; the journal has them all.</p>'),
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
