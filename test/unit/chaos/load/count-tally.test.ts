import assert from 'node:assert/strict';
import { CLIENT_LOST_REASONS, CountTally } from '../../../../chaos/load/count-tally.ts';

describe('CountTally', () => {
  describe('when nothing was counted', () => {
    it('snapshots zeros with every lost reason present', () => {
      assert.deepEqual(new CountTally().snapshot(), {
        sent: 0,
        served: 0,
        rejected: 0,
        lost: 0,
        servedByStatus: {},
        rejectedByReason: {},
        lostByReason: { reset: 0, eof: 0, truncated: 0, timeout: 0 },
      });
      assert.deepEqual(CLIENT_LOST_REASONS, ['reset', 'eof', 'truncated', 'timeout']);
    });
  });

  describe('when outcomes are counted', () => {
    it('totals each kind and sorts the keys of each breakdown', () => {
      const tally = new CountTally();
      for (let index = 0; index < 6; index++) tally.addSent();
      tally.addOutcome({ kind: 'served', statusCode: 500 });
      tally.addOutcome({ kind: 'served', statusCode: 200 });
      tally.addOutcome({ kind: 'served', statusCode: 200 });
      tally.addOutcome({ kind: 'rejected', reason: 'QueueFull' });
      tally.addOutcome({ kind: 'rejected', reason: 'AppOffline' });
      tally.addLost('timeout');
      const snapshot = tally.snapshot();
      assert.deepEqual(snapshot, {
        sent: 6,
        served: 3,
        rejected: 2,
        lost: 1,
        servedByStatus: { '200': 2, '500': 1 },
        rejectedByReason: { AppOffline: 1, QueueFull: 1 },
        lostByReason: { reset: 0, eof: 0, truncated: 0, timeout: 1 },
      });
      assert.deepEqual(Object.keys(snapshot.rejectedByReason), ['AppOffline', 'QueueFull']);
    });

    it('keeps a reason named __proto__ as an ordinary key', () => {
      const tally = new CountTally();
      tally.addOutcome({ kind: 'rejected', reason: '__proto__' });
      const { rejectedByReason } = tally.snapshot();
      assert.deepEqual(Object.entries(rejectedByReason), [['__proto__', 1]]);
      assert.equal(Object.getPrototypeOf(rejectedByReason), Object.prototype);
    });
  });
});
