import assert from 'node:assert/strict';
import { describeWindow, isInRange, timelineIn, windowRangeMs } from '../../../../chaos/expect/journal-window.ts';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';

describe('journal windows', () => {
  const journal = twoPoolCrashJournal();

  describe('windowRangeMs', () => {
    it('maps before to [beforeFromMs, faultsFromMs) and after to [afterFromMs, endMs)', () => {
      assert.deepEqual(windowRangeMs(journal.phases, 'before'), { fromMs: 1000, toMs: 4000 });
      assert.deepEqual(windowRangeMs(journal.phases, 'after'), { fromMs: 7000, toMs: 10_000 });
    });

    it('has no range for the whole run', () => {
      assert.equal(windowRangeMs(journal.phases, 'run'), null);
    });
  });

  describe('isInRange', () => {
    it('includes the start and excludes the end', () => {
      const range = { fromMs: 1000, toMs: 4000 };
      assert.deepEqual(
        [999, 1000, 3999, 4000].map((offsetMs) => isInRange(offsetMs, range)),
        [false, true, true, false],
      );
    });

    it('includes everything, negative offsets too, in the whole run', () => {
      assert.deepEqual(
        [-900, 0, 1e9].map((offsetMs) => isInRange(offsetMs, null)),
        [true, true, true],
      );
    });
  });

  describe('timelineIn', () => {
    it('selects the seconds whose start falls in the window', () => {
      assert.deepEqual(
        timelineIn(journal, 'before').map((row) => row.second),
        [1, 2, 3],
      );
      assert.deepEqual(
        timelineIn(journal, 'after').map((row) => row.second),
        [7, 8, 9],
      );
      assert.deepEqual(
        timelineIn(journal, 'run').map((row) => row.second),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
    });

    it('leaves out a second that starts before the window even when it ends inside it', () => {
      const shifted = { ...journal, phases: { ...journal.phases, beforeFromMs: 500, faultsFromMs: 2500 } };
      assert.deepEqual(
        timelineIn(shifted, 'before').map((row) => row.second),
        [1, 2],
      );
    });
  });

  describe('describeWindow', () => {
    it('names the window and its range for messages', () => {
      assert.equal(describeWindow('after', { fromMs: 7000, toMs: 10_000 }), 'the after window [7000ms, 10000ms)');
      assert.equal(describeWindow('run', null), 'the whole run');
    });
  });
});
