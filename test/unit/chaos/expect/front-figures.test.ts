import assert from 'node:assert/strict';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';
import { actualOf, messageOf } from './read-figure.ts';

describe('front figures', () => {
  const journal = twoPoolCrashJournal();

  describe('summed over pools and per pool', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['front.accepted', 739],
      ['front.accepted{pool=a}', 480],
      ['front.accepted{pool=b}', 259],
      ['front.served', 731],
      ['front.served{pool=a}', 474],
      ['front.served{pool=b}', 257],
      ['front.retried{pool=a}', 4],
      ['front.retried{pool=b}', 1],
      ['front.clientAborted{pool=a}', 1],
      ['front.clientAborted{pool=b}', 0],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected}`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }
  });

  describe('by reason', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['front.rejected{reason=AppOffline}', 213],
      ['front.rejected{reason=QueueFull}', 0],
      ['front.rejected{pool=a}', 0],
      ['front.rejected{pool=b}', 213],
      ['front.rejected{reason=AppOffline,pool=a}', 0],
      ['front.rejected{pool=b,reason=AppOffline}', 213],
      ['front.lost{reason=worker_died}', 3],
      ['front.lost{reason=truncated}', 1],
      ['front.lost{reason=timeout}', 0],
      ['front.lost{pool=a}', 2],
      ['front.lost{reason=worker_died,pool=b}', 2],
      ['front.lost{reason=truncated,pool=b}', 0],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected}`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }
  });

  describe('when the figures are missing', () => {
    it('has no value for a pool the front did not report', () => {
      assert.equal(actualOf('front.served{pool=c}', journal), null);
      assert.equal(
        messageOf('front.served{pool=c}', journal),
        'front.served has no value: the front has no figures for pool c (pools: a, b)',
      );
    });

    it('does not mistake an inherited property for a pool', () => {
      assert.equal(
        messageOf('front.served{pool=constructor}', journal),
        'front.served has no value: the front has no figures for pool constructor (pools: a, b)',
      );
    });

    it('has no value when the journal has no front figures', () => {
      const blind = { ...journal, front: null };
      assert.equal(actualOf('front.lost', blind), null);
      assert.equal(
        messageOf('front.lost{reason=timeout}', blind),
        'front.lost has no value: the journal has no front figures (the admin API gave none)',
      );
    });
  });
});
