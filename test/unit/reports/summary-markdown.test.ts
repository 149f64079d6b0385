import assert from 'node:assert/strict';
import type { Journal } from '../../../chaos/journal/journal.ts';
import { renderSummaryMarkdown } from '../../../reports/index.ts';
import { reportJournal } from '../../fixtures/journals/report-journal.ts';

/** The lines from the one equal to `first` up to the next blank line. */
function block(markdown: string, first: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(first);
  assert.notEqual(start, -1, `no line ${first}`);
  const end = lines.indexOf('', start);
  return lines.slice(start, end === -1 ? undefined : end);
}

function passedJournal(name: string): Journal {
  const journal = reportJournal();
  return {
    ...journal,
    status: 'passed',
    scenario: { ...journal.scenario, name },
    expectations: journal.expectations.filter((expectation) => expectation.passed),
  };
}

describe('renderSummaryMarkdown', () => {
  describe('for the fixture run', () => {
    let markdown = '';
    before(() => {
      markdown = renderSummaryMarkdown([reportJournal()]);
    });

    it('opens with the suite verdict and one verdict line per scenario', () => {
      assert.deepEqual(markdown.split('\n').slice(0, 4), [
        '## ❌ poolchaos: 1 of 1 scenario failed',
        '',
        '- ❌ **crash-and-freeze**: failed, 3/4 expectations passed, 5 lost of 2337 sent',
        '',
      ]);
    });

    it('heads the scenario with its status, seed and duration', () => {
      assert.ok(markdown.includes('\n### ❌ crash-and-freeze\n\nseed 20251009 · 12.3 s\n\n'));
    });

    it('tabulates every expectation with its verdict, expression and actual figure', () => {
      assert.deepEqual(block(markdown, '|  | expectation | actual | note |'), [
        '|  | expectation | actual | note |',
        '| :-: | --- | --: | --- |',
        '| ❌ | `lost == 0` | 5 |  |',
        '| ✅ | `latency.p99 < 800ms` | 640 |  |',
        '| ✅ | `rejected <= 20` | 12 |  |',
        '| ✅ | `recovery.replacementReady.max < 3s` | 2607 |  |',
      ]);
    });

    it('tabulates the request accounting client against front, flagging the disagreements', () => {
      assert.deepEqual(block(markdown, '| figure | client | front |  |'), [
        '| figure | client | front |  |',
        '| --- | --: | --: | :-: |',
        '| sent (front: accepted + rejected) | 2337 | 2337 |  |',
        '| served | 2320 | 2321 | ⚠️ |',
        '| rejected | 12 | 12 |  |',
        '| ↳ rejected: QueueFull | 12 | 12 |  |',
        '| lost | 5 | 3 | ⚠️ |',
        '| ↳ lost: reset | 2 | — |  |',
        '| ↳ lost: eof | 1 | — |  |',
        '| ↳ lost: truncated | 0 | 1 |  |',
        '| ↳ lost: timeout | 2 | 0 |  |',
        '| ↳ lost: worker\\_died | — | 2 |  |',
        '| retried | — | 3 |  |',
        '| in flight at stop | 0 | — |  |',
        '| client-aborted | — | 1 |  |',
      ]);
    });

    it('lists the disagreements with their notes', () => {
      assert.deepEqual(block(markdown, '| figure | client | front | note |'), [
        '| figure | client | front | note |',
        '| --- | --: | --: | --- |',
        '| served | 2320 | 2321 | a request the client timed out on was still served by the front |',
        '| lost | 5 | 4 | the front counts a request the client gave up on as client-aborted |',
      ]);
    });

    it('lists the faults injected with their offsets and the workers they hit', () => {
      assert.deepEqual(block(markdown, '| # | kind | injected at | target | affected workers | result |'), [
        '| # | kind | injected at | target | affected workers | result |',
        '| --: | --- | --: | --- | --- | --- |',
        '| 0 | crash | 4.01 s | api/random ×1 | 2 (pid 41877) | injected |',
        '| 1 | freeze | 6.01 s | api/oldest ×1 | 1 (pid 41870) | injected |',
      ]);
    });

    it('ends with a single line break', () => {
      assert.equal(markdown.endsWith('| injected |\n'), true);
    });
  });

  describe('for a suite', () => {
    it('says all passed when every run passed', () => {
      const markdown = renderSummaryMarkdown([passedJournal('one'), passedJournal('two')]);
      assert.deepEqual(markdown.split('\n').slice(0, 4), [
        '## ✅ poolchaos: All 2 scenarios passed',
        '',
        '- ✅ **one**: passed, 3/3 expectations passed, 5 lost of 2337 sent',
        '- ✅ **two**: passed, 3/3 expectations passed, 5 lost of 2337 sent',
      ]);
    });

    it('counts failed and errored runs, and quotes the run error', () => {
      const errored: Journal = { ...passedJournal('broken'), status: 'error', error: 'admin API unreachable', expectations: [] };
      const markdown = renderSummaryMarkdown([reportJournal(), errored, passedJournal('fine')]);
      assert.equal(markdown.split('\n')[0], '## 💥 poolchaos: 1 of 3 scenarios failed, 1 errored');
      assert.ok(markdown.includes('\n- 💥 **broken**: error, 0/0 expectations passed, 5 lost of 2337 sent\n'));
      assert.ok(
        markdown.includes('\n### 💥 broken\n\nseed 20251009 · 12.3 s\n\n> **Run error:** admin API unreachable\n\n_No expectations._\n'),
      );
    });

    it('says no scenarios ran for an empty suite', () => {
      assert.equal(renderSummaryMarkdown([]), '## 💥 poolchaos: No scenarios ran\n\n');
    });
  });

  describe('escaping', () => {
    it('escapes | in cells, including inside code spans, and Markdown in names', () => {
      const journal: Journal = {
        ...reportJournal(),
        scenario: { ...reportJournal().scenario, name: 'a|b <script>*x*</script>', brokenProtection: 'x | y' },
        expectations: [{ expr: 'status == 200 || status == 204', actual: 1, passed: false, message: 'a | b\nnext line' }],
        disagreements: [{ figure: 'served|x', client: 1, front: 2, note: 'pipe | here' }],
      };
      const markdown = renderSummaryMarkdown([journal]);
      assert.ok(markdown.includes('- ❌ **a\\|b \\<script\\>\\*x\\*\\</script\\>**: failed'));
      assert.ok(markdown.includes('\n### ❌ a\\|b \\<script\\>\\*x\\*\\</script\\>\n'));
      assert.ok(markdown.includes('seed 20251009 · 12.3 s · broken protection: `x \\| y`\n'));
      assert.ok(markdown.includes('\n| ❌ | `status == 200 \\|\\| status == 204` | 1 | a \\| b next line |\n'));
      assert.ok(markdown.includes('\n| served\\|x | 1 | 2 | pipe \\| here |\n'));
      assert.equal(markdown.includes('<script>'), false);
    });

    it('fences a code span past the backticks inside it', () => {
      const journal: Journal = {
        ...reportJournal(),
        expectations: [{ expr: 'label == `x`', actual: 0, passed: true, message: null }],
      };
      assert.ok(renderSummaryMarkdown([journal]).includes('\n| ✅ | `` label == `x` `` | 0 |  |\n'));
    });
  });
});
