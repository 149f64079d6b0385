import assert from 'node:assert/strict';
import type { Journal } from '../../../chaos/journal/journal.ts';
import { renderIndexPage } from '../../../reports/index.ts';
import { reportJournal } from '../../fixtures/journals/report-journal.ts';

function passedJournal(name: string): Journal {
  const journal = reportJournal();
  return {
    ...journal,
    status: 'passed',
    scenario: { ...journal.scenario, name },
    expectations: journal.expectations.filter((expectation) => expectation.passed),
  };
}

function rows(html: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return body.match(/<tr[^>]*>.*?<\/tr>/g) ?? [];
}

describe('renderIndexPage', () => {
  describe('for a suite with a failed and a passed scenario', () => {
    let html = '';
    before(() => {
      html = renderIndexPage([
        { journal: reportJournal(), reportHref: 'crash-and-freeze/report.html' },
        { journal: passedJournal('recycle-under-load'), reportHref: 'recycle-under-load/report.html' },
      ]);
    });

    it('states the suite verdict at the top', () => {
      assert.ok(
        html.includes(
          '<p class="verdict" id="suite-verdict"><span class="badge badge-failed" data-status="failed">failed</span> 1 of 2 scenarios failed</p>',
        ),
      );
      assert.ok(html.includes('<title>poolchaos suite: 1 of 2 scenarios failed</title>'));
    });

    it('writes one row per scenario with status, link, expectations passed, sent, lost, duration and seed', () => {
      assert.deepEqual(rows(html), [
        '<tr class="scenario-failed"><td><span class="badge badge-failed" data-status="failed">failed</span></td>' +
          '<td><a href="crash-and-freeze/report.html">crash-and-freeze</a></td><td class="num">3/4</td><td class="num">2337</td>' +
          '<td class="num">5</td><td class="num">12.3 s</td><td class="num">20251009</td></tr>',
        '<tr class="scenario-passed"><td><span class="badge badge-passed" data-status="passed">passed</span></td>' +
          '<td><a href="recycle-under-load/report.html">recycle-under-load</a></td><td class="num">3/3</td><td class="num">2337</td>' +
          '<td class="num">5</td><td class="num">12.3 s</td><td class="num">20251009</td></tr>',
      ]);
    });

    it('works offline and runs no script', () => {
      assert.equal(/https?:\/\//.test(html), false);
      assert.equal(html.includes('<script'), false);
      assert.ok(html.includes("script-src 'none'"));
      assert.equal(html.includes('NaN'), false);
    });
  });

  describe('for other suites', () => {
    it('says all passed when every scenario passed', () => {
      const html = renderIndexPage([{ journal: passedJournal('a'), reportHref: 'a/report.html' }]);
      assert.ok(html.includes('data-status="passed">passed</span> The scenario passed</p>'));
    });

    it('says no scenarios ran for an empty suite', () => {
      const html = renderIndexPage([]);
      assert.ok(html.includes('data-status="error">error</span> No scenarios ran</p>'));
      assert.ok(html.includes('<p class="note">No scenarios ran.</p>'));
      assert.deepEqual(rows(html), []);
    });
  });

  describe('escaping', () => {
    it('escapes hostile names and hrefs', () => {
      const journal = passedJournal('<script>alert(1)</script>');
      const html = renderIndexPage([{ journal, reportHref: 'x" onclick="alert(1)/report.html' }]);
      assert.equal(html.includes('<script'), false);
      assert.ok(html.includes('<td><a href="x&quot; onclick=&quot;alert(1)/report.html">&lt;script&gt;alert(1)&lt;/script&gt;</a></td>'));
    });
  });
});
