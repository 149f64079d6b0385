import assert from 'node:assert/strict';
import type { Journal, LoadDrain } from '../../../chaos/index.ts';
import { describeDrain, expectationNote } from '../../../reports/run-notes.ts';
import { renderSummaryMarkdown } from '../../../reports/summary-markdown.ts';
import { twoPoolCrashJournal } from '../../fixtures/journals/two-pool-crash-journal.ts';

const NO_LOSS = { reset: 0, eof: 0, truncated: 0, timeout: 0 };

function withDrain(drain: LoadDrain | null | 'absent'): Journal {
  const journal = twoPoolCrashJournal();
  const { drain: _drain, ...load } = journal.load;
  return { ...journal, load: drain === 'absent' ? load : { ...load, drain } };
}

describe('run notes', () => {
  describe('describeDrain', () => {
    it('says how many were in flight at the end, how long the driver waited and how they ended', () => {
      const journal = withDrain({ inFlightAtEnd: 16, waitedMs: 12.4, served: 15, rejected: 0, lostByReason: { ...NO_LOSS, timeout: 1 } });
      assert.equal(
        describeDrain(journal),
        "16 requests were in flight when the load's duration ended; the driver stopped sending and waited 12.4 ms for them: " +
          '15 served, 0 rejected, 1 lost (1 still unanswered after load.timeout, counted as timeouts).',
      );
    });

    it('says nothing was in flight, and says nothing for a journal without a drain (k6, older journals)', () => {
      assert.equal(
        describeDrain(withDrain({ inFlightAtEnd: 0, waitedMs: 0, served: 0, rejected: 0, lostByReason: NO_LOSS })),
        'No request was in flight when the load ended.',
      );
      assert.equal(describeDrain(withDrain(null)), null);
      assert.equal(describeDrain(withDrain('absent')), null);
    });

    it("is the line under the Markdown summary's request table", () => {
      const journal = withDrain({ inFlightAtEnd: 4, waitedMs: 3, served: 4, rejected: 0, lostByReason: NO_LOSS });
      const lines = renderSummaryMarkdown([journal]).split('\n');
      const at = lines.indexOf(
        "4 requests were in flight when the load's duration ended; the driver stopped sending and waited 3 ms for them: 4 served, 0 rejected, 0 lost.",
      );
      assert.ok(at > 0, 'the drain line is in the summary');
      assert.equal(lines[at - 1], '');
      assert.match(lines[at - 2] ?? '', /^\| client-aborted \|/);
    });
  });

  describe('expectationNote', () => {
    it('gives the bound of a formula before the message, and only what there is', () => {
      assert.equal(expectationNote({ expr: 'x', actual: 1, passed: true, message: null, bound: 1745.333 }), 'bound 1745.33');
      assert.equal(expectationNote({ expr: 'x', actual: 1, passed: false, message: 'why', bound: null }), 'bound —; why');
      assert.equal(expectationNote({ expr: 'x', actual: 1, passed: false, message: 'why' }), 'why');
      assert.equal(expectationNote({ expr: 'x', actual: 1, passed: true, message: null }), '');
    });
  });
});
