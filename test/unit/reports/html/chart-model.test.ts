import assert from 'node:assert/strict';
import { buildChartsModel, chartDurationS } from '../../../../reports/html/chart-model.ts';
import { buildEventMarks, buildFaultBands, buildPhaseBands } from '../../../../reports/html/chart-overlays.ts';
import { buildChartSeries, chartedSeconds } from '../../../../reports/html/chart-series.ts';
import { reportJournal } from '../../../fixtures/journals/report-journal.ts';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';

describe('chart model', () => {
  it('puts each charted second at its middle on an axis as long as the run', () => {
    const model = buildChartsModel(reportJournal());
    assert.equal(model.durationS, 12.25);
    assert.deepEqual(model.x, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5]);
    const twoPools = buildChartsModel(twoPoolCrashJournal());
    assert.equal(twoPools.durationS, 10.4);
    assert.deepEqual(twoPools.x, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]);
  });

  it('holds the series and overlays built from the same journal', () => {
    const journal = twoPoolCrashJournal();
    assert.deepEqual(buildChartsModel(journal), {
      durationS: 10.4,
      x: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5],
      charts: buildChartSeries(chartedSeconds(journal.timeline)),
      phases: buildPhaseBands(journal),
      faults: buildFaultBands(journal),
      events: buildEventMarks(journal, 10.4),
    });
  });

  describe('chartDurationS', () => {
    it('takes the longest of the charted seconds, the phases and the run, and at least 1 s', () => {
      const journal = reportJournal();
      assert.equal(chartDurationS(journal, 12), 12.25);
      assert.equal(chartDurationS(journal, 20), 20);
      assert.equal(chartDurationS({ ...journal, phases: { ...journal.phases, endMs: 13_500 } }, 12), 13.5);
      const empty = {
        ...journal,
        endedAtMs: journal.startedAtMs,
        phases: { beforeFromMs: 0, faultsFromMs: 0, afterFromMs: 0, endMs: Number.NaN },
      };
      assert.equal(chartDurationS(empty, 0), 1);
    });
  });
});
