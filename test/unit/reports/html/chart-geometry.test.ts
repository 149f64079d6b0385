import assert from 'node:assert/strict';
import { createTimeAxis, createValueScale, px, roundUpToNice } from '../../../../reports/html/chart-geometry.ts';
import { reportJournal } from '../../../fixtures/journals/report-journal.ts';

describe('chart geometry', () => {
  describe('px', () => {
    it('rounds to one decimal and turns non-finite values into 0', () => {
      assert.deepEqual([px(12.345), px(-3.06), px(Number.NaN), px(Number.POSITIVE_INFINITY)], ['12.3', '-3.1', '0', '0']);
    });
  });

  describe('createTimeAxis', () => {
    it('spans the longest of timeline, phases and run, and clamps offsets into it', () => {
      const axis = createTimeAxis(reportJournal());
      assert.equal(axis.durationS, 12.25);
      assert.equal(axis.tickStepS, 2);
      assert.deepEqual([axis.x(-1), axis.x(0), axis.x(12.25), axis.x(99)], [56, 56, 944, 944]);
    });

    it('spans 1 s for a run with nothing in it', () => {
      const journal = reportJournal();
      const empty = { ...journal, timeline: [], endedAtMs: journal.startedAtMs, phases: { beforeFromMs: 0, faultsFromMs: 0, afterFromMs: 0, endMs: 0 } };
      const axis = createTimeAxis(empty);
      assert.equal(axis.durationS, 1);
      assert.equal(axis.tickStepS, 1);
    });
  });

  describe('roundUpToNice', () => {
    it('rounds up to 1, 2 or 5 times a power of ten, and gives 1 for nothing', () => {
      assert.deepEqual([0, -4, Number.NaN, 0.3, 1, 3, 7, 25, 1480].map(roundUpToNice), [1, 1, 1, 0.5, 1, 5, 10, 50, 2000]);
    });
  });

  describe('createValueScale', () => {
    it('ticks fifths of a 5 and halves otherwise, and maps 0 to the plot bottom', () => {
      assert.deepEqual(createValueScale(4).ticks, [0, 1, 2, 3, 4, 5]);
      assert.deepEqual(createValueScale(1480).ticks, [0, 1000, 2000]);
      const scale = createValueScale(100);
      assert.deepEqual([scale.y(0), scale.y(100), scale.y(-5), scale.y(500)], [170, 26, 170, 26]);
    });
  });
});
