import assert from 'node:assert/strict';
import { chooseWorker, type DispatchCandidate } from '../../../../server/front/dispatch-policy.ts';

/** Dispatchable workers with these outstanding counts. */
function ready(...outstanding: number[]): DispatchCandidate[] {
  return outstanding.map((outstandingRequests) => ({ isDispatchable: true, load: { outstandingRequests } }));
}

const blocked = (outstandingRequests: number): DispatchCandidate => ({ isDispatchable: false, load: { outstandingRequests } });

describe('chooseWorker', () => {
  describe('when there are no candidates', () => {
    it('returns -1', () => {
      assert.equal(chooseWorker([], 10, -1), -1);
    });
  });

  describe('when outstanding counts differ', () => {
    it('chooses the worker with the fewest outstanding requests', () => {
      assert.equal(chooseWorker(ready(3, 1, 2), 10, -1), 1);
    });

    it('chooses it wherever the rotation starts', () => {
      for (const last of [-1, 0, 1, 2]) assert.equal(chooseWorker(ready(3, 1, 2), 10, last), 1, `lastChosenIndex ${last}`);
    });

    it('chooses an idle worker over busy ones', () => {
      assert.equal(chooseWorker(ready(4, 5, 0, 1), 10, 2), 2);
    });
  });

  describe('when outstanding counts tie', () => {
    it('chooses the first worker after lastChosenIndex', () => {
      assert.equal(chooseWorker(ready(0, 0, 0), 10, -1), 0);
      assert.equal(chooseWorker(ready(0, 0, 0), 10, 0), 1);
      assert.equal(chooseWorker(ready(0, 0, 0), 10, 1), 2);
    });

    it('wraps around after the last worker', () => {
      assert.equal(chooseWorker(ready(0, 0, 0), 10, 2), 0);
    });

    it('rotates among busy workers with equal counts too', () => {
      assert.equal(chooseWorker(ready(2, 2, 2), 10, 0), 1);
      assert.equal(chooseWorker(ready(2, 2, 2), 10, 2), 0);
    });

    it('rotates only among the least loaded', () => {
      assert.equal(chooseWorker(ready(1, 3, 1, 3), 10, 0), 2);
      assert.equal(chooseWorker(ready(1, 3, 1, 3), 10, 2), 0);
    });

    it('chooses the same worker again when it is the only one', () => {
      assert.equal(chooseWorker(ready(0), 10, 0), 0);
    });

    it('takes turns when each choice is fed back as lastChosenIndex', () => {
      const chosen: number[] = [];
      let last = -1;
      for (let i = 0; i < 6; i++) {
        last = chooseWorker(ready(0, 0, 0), 10, last);
        chosen.push(last);
      }
      assert.deepEqual(chosen, [0, 1, 2, 0, 1, 2]);
    });

    it('starts after a lastChosenIndex left over from a larger garden', () => {
      assert.equal(chooseWorker(ready(0, 0, 0), 10, 4), 2);
    });
  });

  describe('when some workers are not dispatchable', () => {
    it('skips them even when they have fewer outstanding requests', () => {
      assert.equal(chooseWorker([blocked(0), ...ready(3, 2)], 10, -1), 2);
    });

    it('skips a non-dispatchable worker next in rotation', () => {
      assert.equal(chooseWorker([...ready(0), blocked(0), ...ready(0)], 10, 0), 2);
    });

    it('returns -1 when none is dispatchable', () => {
      assert.equal(chooseWorker([blocked(0), blocked(0)], 10, -1), -1);
    });
  });

  describe('when workers are at maxConcurrentRequests', () => {
    it('returns -1 when every worker is at the limit', () => {
      assert.equal(chooseWorker(ready(5, 5, 5), 5, -1), -1);
    });

    it('chooses a worker one below the limit', () => {
      assert.equal(chooseWorker(ready(5, 4, 5), 5, -1), 1);
    });

    it('never chooses a worker above the limit', () => {
      assert.equal(chooseWorker(ready(7, 6), 5, -1), -1);
    });

    it('returns -1 when the only worker below the limit is not dispatchable', () => {
      assert.equal(chooseWorker([...ready(5), blocked(0)], 5, -1), -1);
    });
  });
});
