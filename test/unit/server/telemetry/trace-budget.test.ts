import assert from 'node:assert/strict';
import { TraceBudget } from '../../../../server/telemetry/trace-budget.ts';

/** How many of `count` requests at `nowMs` get a token. */
function takeMany(budget: TraceBudget, count: number, nowMs: number): number {
  let taken = 0;
  for (let i = 0; i < count; i++) if (budget.tryTake(nowMs)) taken++;
  return taken;
}

describe('TraceBudget', () => {
  describe('when it starts', () => {
    it('allows one second of burst, then refuses within the same instant', () => {
      const budget = new TraceBudget(50, 1_000);
      assert.equal(takeMany(budget, 80, 1_000), 50);
      assert.equal(budget.tryTake(1_000), false);
    });
  });

  describe('while requests keep coming', () => {
    it('refills at maxPerSecond: 20 ms at 50 per second is one more trace', () => {
      const budget = new TraceBudget(50, 0);
      takeMany(budget, 50, 0);
      assert.deepEqual([budget.tryTake(19), budget.tryTake(20), budget.tryTake(20)], [false, true, false]);
    });

    it('starts exactly maxPerSecond traces a second under a steady 1,000 selected a second', () => {
      const budget = new TraceBudget(50, 0);
      takeMany(budget, 50, 0); // the initial burst
      let taken = 0;
      for (let nowMs = 1; nowMs <= 10_000; nowMs++) if (budget.tryTake(nowMs)) taken++;
      assert.equal(taken, 500);
    });
  });

  describe('after an idle stretch', () => {
    it('holds no more than one second of tokens', () => {
      const budget = new TraceBudget(10, 0);
      takeMany(budget, 10, 0);
      assert.equal(takeMany(budget, 100, 60_000), 10);
    });
  });

  describe('when the clock goes backwards', () => {
    it('adds nothing and takes what is left', () => {
      const budget = new TraceBudget(2, 5_000);
      assert.deepEqual([budget.tryTake(4_000), budget.tryTake(4_000), budget.tryTake(4_000)], [true, true, false]);
    });
  });

  describe('with a maximum that is not above 0', () => {
    it('throws a RangeError naming the value', () => {
      assert.throws(() => new TraceBudget(0, 0), { name: 'RangeError', message: 'maxPerSecond must be > 0, got 0' });
    });
  });
});
