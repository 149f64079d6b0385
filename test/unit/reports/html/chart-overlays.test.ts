import assert from 'node:assert/strict';
import type { JournalEvent } from '../../../../chaos/journal/journal.ts';
import { buildEventMarks, buildFaultBands, buildPhaseBands } from '../../../../reports/html/chart-overlays.ts';
import { REPORT_JOURNAL_STARTED_AT_MS, reportJournal } from '../../../fixtures/journals/report-journal.ts';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';

describe('chart overlays', () => {
  describe('buildPhaseBands', () => {
    it('gives the steady-state windows before and after the faults in seconds', () => {
      assert.deepEqual(buildPhaseBands(reportJournal()), [
        { phase: 'before', fromS: 0, toS: 3, text: 'steady state before faults' },
        { phase: 'after', fromS: 9, toS: 12, text: 'steady state after faults' },
      ]);
      assert.deepEqual(buildPhaseBands(twoPoolCrashJournal()), [
        { phase: 'before', fromS: 1, toS: 4, text: 'steady state before faults' },
        { phase: 'after', fromS: 7, toS: 10, text: 'steady state after faults' },
      ]);
    });

    it('leaves out windows without a length or with non-finite ends', () => {
      const phases = { beforeFromMs: 2000, faultsFromMs: 2000, afterFromMs: Number.NaN, endMs: 5000 };
      assert.deepEqual(buildPhaseBands({ ...reportJournal(), phases }), []);
    });
  });

  describe('buildFaultBands', () => {
    it('spans a fault from injection to its end, and an instantaneous one from injection to injection', () => {
      assert.deepEqual(buildFaultBands(reportJournal()), [
        { fromS: 4.012, toS: 4.012, isInjected: true, label: 'crash', text: 'fault 0 crash on api/random ×1 at 4.01 s, instantaneous' },
        { fromS: 6.008, toS: 8.008, isInjected: true, label: 'freeze', text: 'fault 1 freeze on api/oldest ×1 at 6.01 s, until 8.01 s' },
      ]);
    });

    it('puts a fault that was not injected at its due time, with the error', () => {
      assert.deepEqual(buildFaultBands(twoPoolCrashJournal()), [
        { fromS: 4.01, toS: 4.01, isInjected: true, label: 'crash', text: 'fault 0 crash on a/random ×1 at 4.01 s, instantaneous' },
        { fromS: 5.003, toS: 5.003, isInjected: true, label: 'crash', text: 'fault 1 crash on b/all ×2 at 5.00 s, instantaneous' },
        { fromS: 8.004, toS: 8.004, isInjected: true, label: 'kill', text: 'fault 2 kill on a/oldest ×1 at 8.00 s, instantaneous' },
        {
          fromS: 8.5,
          toS: 8.5,
          isInjected: false,
          label: 'hang',
          text: 'fault 3 hang on b/random ×1: not injected: the admin API answered 409: pool b is stopped; start it first',
        },
      ]);
    });

    it('never ends a band before it starts, and drops a fault with non-finite times', () => {
      const journal = reportJournal();
      const [crash, freeze] = journal.faults;
      const backwards = { ...freeze!, endedAtMs: journal.startedAtMs + 5000 };
      const broken = { ...crash!, injectedAtMs: Number.NaN };
      assert.deepEqual(
        buildFaultBands({ ...journal, faults: [backwards, broken] }).map((band) => [band.fromS, band.toS]),
        [[6.008, 6.008]],
      );
    });
  });

  describe('buildEventMarks', () => {
    it('marks the 15 supervisor events inside the run in time order, not per-request events or those before load start', () => {
      const marks = buildEventMarks(reportJournal(), 12.25);
      assert.deepEqual(
        marks.map((mark) => [mark.atS, mark.type, mark.color]),
        [
          [4.015, 'worker-exited', '#d1343b'],
          [4.017, 'failure-counted', '#c2410c'],
          [4.02, 'worker-spawned', '#7fb3ff'],
          [5.15, 'worker-ready', '#1f9d55'],
          [7.51, 'worker-unresponsive', '#e07b00'],
          [7.512, 'worker-killed', '#8c1d40'],
          [7.53, 'worker-exited', '#d1343b'],
          [7.532, 'failure-counted', '#c2410c'],
          [7.535, 'worker-spawned', '#7fb3ff'],
          [8.615, 'worker-ready', '#1f9d55'],
          [10.2, 'worker-recycling', '#7b4fd6'],
          [10.201, 'worker-spawned', '#7fb3ff'],
          [10.9, 'worker-ready', '#1f9d55'],
          [10.901, 'worker-draining', '#8896a5'],
          [11.2, 'worker-exited', '#d1343b'],
        ],
      );
      assert.equal(
        marks[0]!.text,
        'worker-exited at 4.01 s · pool api · workerId=2 · pid=41877 · code=null · signal=SIGKILL · reason=crash · requestsDispatched=812',
      );
    });

    it('sorts by time, keeps events at the axis end, drops those past it, and colours unknown types grey', () => {
      const at = (offsetMs: number, type: string): JournalEvent => ({ type, time: REPORT_JOURNAL_STARTED_AT_MS + offsetMs, pool: 'api' });
      const events = [at(3000, 'late'), at(1000, 'pool-started'), at(2000, 'request-lost'), at(3001, 'past-the-end')];
      assert.deepEqual(buildEventMarks({ ...reportJournal(), events }, 3), [
        { atS: 1, type: 'pool-started', color: '#0f766e', text: 'pool-started at 1.00 s · pool api' },
        { atS: 3, type: 'late', color: '#9ca3af', text: 'late at 3.00 s · pool api' },
      ]);
    });
  });
});
