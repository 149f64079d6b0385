import assert from 'node:assert/strict';
import type { Journal } from '../../../../chaos/journal/journal.ts';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';
import { actualOf, messageOf } from './read-figure.ts';

const NO_SAMPLE = 'no fault took workers away and saw a replacement become ready, so there is no sample';

describe('supervisor figures', () => {
  const journal = twoPoolCrashJournal();

  describe('restarts and recycles', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['restarts', 5],
      ['restarts{reason=crash}', 4],
      ['restarts{reason=PrivateMemory}', 1],
      ['restarts{reason=ping_timeout}', 0],
      ['recycles', 1],
      ['recycles{reason=PrivateMemory}', 1],
      ['recycles{reason=Time}', 0],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected}`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }

    it('counts a reason the record leaves out as 0', () => {
      const sparse: Journal = { ...journal, restarts: { crash: 2 } };
      assert.equal(actualOf('restarts{reason=deadlock}', sparse), 0);
      assert.equal(actualOf('restarts', sparse), 2);
    });
  });

  describe('workers.startupMs', () => {
    it('reads the worker-ready start-ups of every pool, or of the labelled one', () => {
      // Pool a: 200, 210, 250, 1145, 840; pool b: 220, 230.
      assert.deepEqual(
        ['max', 'min', 'count'].map((stat) => actualOf(`workers.startupMs.${stat}`, journal)),
        [1145, 200, 7],
      );
      assert.deepEqual(
        ['max', 'min', 'mean', 'count'].map((stat) => actualOf(`workers.startupMs.${stat}{pool=b}`, journal)),
        [230, 220, 225, 2],
      );
    });

    it('has no max, min or mean without a worker-ready, and counts 0', () => {
      const quiet: Journal = { ...journal, events: journal.events.filter((event) => event.type !== 'worker-ready') };
      const why = 'no worker became ready during the run, so there is no start-up time';
      assert.equal(messageOf('workers.startupMs.max', quiet), `workers.startupMs.max has no value: ${why}`);
      assert.equal(actualOf('workers.startupMs.count', quiet), 0);
      assert.equal(actualOf('workers.startupMs.count{pool=nope}', journal), 0);
    });
  });

  describe('recovery.replacementReadyMs', () => {
    it('reads max, min, mean and count of the samples 1150 and 846', () => {
      assert.equal(actualOf('recovery.replacementReadyMs.max', journal), 1150);
      assert.equal(actualOf('recovery.replacementReadyMs.min', journal), 846);
      assert.equal(actualOf('recovery.replacementReadyMs.mean', journal), 998);
      assert.equal(actualOf('recovery.replacementReadyMs.count', journal), 2);
    });

    it('has no max, min or mean without a sample, and a count of 0', () => {
      const unrecovered: Journal = { ...journal, recovery: { replacementReadyMs: [] } };
      for (const stat of ['max', 'min', 'mean']) {
        assert.equal(actualOf(`recovery.replacementReadyMs.${stat}`, unrecovered), null);
        assert.equal(
          messageOf(`recovery.replacementReadyMs.${stat}`, unrecovered),
          `recovery.replacementReadyMs.${stat} has no value: ${NO_SAMPLE}`,
        );
      }
      assert.equal(actualOf('recovery.replacementReadyMs.count', unrecovered), 0);
    });
  });

  describe('workers.ready.final', () => {
    it('reads the last sampled second, skipping an unsampled last one', () => {
      assert.equal(journal.timeline.at(-1)?.workers, null);
      assert.equal(actualOf('workers.ready.final', journal), 2);
    });

    it('has no value when no second was sampled', () => {
      const unsampled: Journal = { ...journal, timeline: journal.timeline.map((row) => ({ ...row, workers: null })) };
      assert.equal(
        messageOf('workers.ready.final', unsampled),
        'workers.ready.final has no value: no timeline second carries a worker sample',
      );
    });
  });
});
