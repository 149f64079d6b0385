import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Journal, JournalEvent } from '../../../chaos/journal/journal.ts';
import { CHART_SCRIPT } from '../../../reports/html/chart-script.ts';
import { renderHtmlReport } from '../../../reports/index.ts';
import { REPORT_JOURNAL_STARTED_AT_MS, reportJournal } from '../../fixtures/journals/report-journal.ts';
import { assertNoBadNumbers, chartData, count, scriptElements, withoutScripts } from './report-page.ts';

const HOSTILE = '<script>alert(1)</script>';
const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
const UPLOT_BUILD = readFileSync(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');

describe('renderHtmlReport: the page, its scripts and escaping', () => {
  describe('for the fixture run', () => {
    let html = '';
    before(() => {
      html = renderHtmlReport(reportJournal());
    });

    it('references nothing outside the file: the only URL is in the comment heading uPlot', () => {
      assert.deepEqual(html.match(/https?:\/\/[^\s"'<)]*/g), ['https://github.com/leeoniya/uPlot']);
      assert.ok(html.includes('/*! https://github.com/leeoniya/uPlot (v1.6.32) */'));
      for (const needle of [' src=', ' href=', 'url(', '@import', '<link', '<img', '<iframe', 'fetch(', 'XMLHttpRequest']) {
        assert.equal(html.includes(needle), false, needle);
      }
    });

    it('inlines uPlot once, with its licence, then the chart script, then nothing else runs', () => {
      const scripts = scriptElements(html);
      assert.deepEqual(
        scripts.map((script) => script.attributes),
        [' type="application/json" id="chart-data"', '', ''],
      );
      const [, library, own] = scripts;
      assert.ok(
        library!.text.startsWith('/*! uPlot, inlined from its npm package:\nThe MIT License (MIT)\n\nCopyright (c) 2022 Leon Sorokin'),
      );
      assert.ok(library!.text.endsWith(`\n*/\n${UPLOT_BUILD}`));
      assert.equal(own!.text, CHART_SCRIPT);
      assert.equal(scripts.filter((script) => script.text.includes('var uPlot=function(){')).length, 1);
      assert.equal(count(html, '<script'), 3);
    });

    it("inlines uPlot's stylesheet", () => {
      assert.ok(html.includes('.uplot, .uplot *, .uplot *::before, .uplot *::after {box-sizing: border-box;}'));
    });

    it('allows only its own two inline scripts, by hash, and loads nothing', () => {
      const hashes = scriptElements(html)
        .filter((script) => script.attributes === '')
        .map((script) => `'sha256-${createHash('sha256').update(script.text).digest('base64')}'`);
      assert.equal(hashes.length, 2);
      assert.ok(
        html.includes(
          `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; ` +
            `script-src ${hashes.join(' ')}; base-uri 'none'; form-action 'none'">`,
        ),
      );
    });
  });

  describe('escaping journal text', () => {
    it('escapes a hostile scenario name everywhere it appears', () => {
      const journal = reportJournal();
      const html = renderHtmlReport({ ...journal, scenario: { ...journal.scenario, name: HOSTILE } });
      assert.equal(count(html, '<script'), 3);
      assert.ok(html.includes(`<title>poolchaos: ${HOSTILE_ESCAPED} (failed)</title>`));
      assert.ok(html.includes(`<h1><span class="scenario-name">${HOSTILE_ESCAPED}</span>`));
    });

    it('escapes hostile params, fault kinds, event fields, errors and brokenProtection', () => {
      const journal = reportJournal();
      const [crash, freeze] = journal.faults;
      const hostileEvent: JournalEvent = {
        type: `x"><b>`,
        time: REPORT_JOURNAL_STARTED_AT_MS + 500,
        pool: HOSTILE,
        note: `</script><!--${HOSTILE}`,
      };
      const faults = [{ ...crash!, kind: `crash"></script><svg onload=alert(1)>`, params: { value: HOSTILE } }, freeze!];
      const hostile: Journal = {
        ...journal,
        status: 'error',
        error: HOSTILE,
        scenario: { ...journal.scenario, description: HOSTILE, brokenProtection: HOSTILE },
        faults,
        events: [...journal.events, hostileEvent],
        expectations: [{ expr: HOSTILE, actual: null, passed: false, message: HOSTILE }],
      };
      const html = renderHtmlReport(hostile);
      assert.equal(count(html, '<script'), 3);
      assert.equal(count(html, '</script>'), 3);
      assert.equal(html.includes('<svg onload'), false);
      assert.equal(html.includes('<b>'), false);
      assert.equal(html.includes('<!--'), false);
      assert.ok(html.includes('<td>crash&quot;&gt;&lt;/script&gt;&lt;svg onload=alert(1)&gt;</td>'));
      assert.ok(html.includes(`<div class="run-error" id="run-error"><strong>Run error:</strong> ${HOSTILE_ESCAPED}</div>`));
      assert.ok(html.includes(`<div class="broken-protection"><dt>broken protection</dt><dd><code>${HOSTILE_ESCAPED}</code></dd></div>`));
      assert.ok(html.includes('<span class="swatch event-swatch event-x___b_"></span>x&quot;&gt;&lt;b&gt;</span>'));
      const data = chartData(html);
      assert.equal(data.faults[0]!.label, `crash"></script><svg onload=alert(1)>`);
      assert.ok(
        data.events.some((mark) => mark.type === `x"><b>` && mark.text.endsWith(` · pool ${HOSTILE} · note=</script><!--${HOSTILE}`)),
      );
      assert.ok(html.includes(String.raw`"label":"crash\"\u003e\u003c/script\u003e\u003csvg onload=alert(1)\u003e"`));
      assertNoBadNumbers(html);
    });

    it('keeps a URL from the journal as escaped text only', () => {
      const journal = reportJournal();
      const html = renderHtmlReport({
        ...journal,
        scenario: { ...journal.scenario, description: 'runbook: https://example.com/a?b=1&c=2' },
      });
      assert.deepEqual(withoutScripts(html).match(/https?:\/\/[^<"]*/g), ['https://example.com/a?b=1&amp;c=2']);
      assert.ok(html.includes('<p class="description">runbook: https://example.com/a?b=1&amp;c=2</p>'));
    });
  });
});
