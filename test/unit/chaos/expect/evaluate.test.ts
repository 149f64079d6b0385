import assert from 'node:assert/strict';
import { compare, evaluateExpectation, evaluateExpectations } from '../../../../chaos/expect/evaluate.ts';
import type { ComparisonOperator, Expectation } from '../../../../chaos/expect/expectation.ts';
import { parseExpectation } from '../../../../chaos/expect/parse-expectation.ts';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';

describe('evaluateExpectations', () => {
  describe('compare', () => {
    /** For each operator: whether it holds for actual 4, 5 and 6 against 5. */
    const TRUTH: Readonly<Record<ComparisonOperator, readonly [boolean, boolean, boolean]>> = {
      '<': [true, false, false],
      '<=': [true, true, false],
      '>': [false, false, true],
      '>=': [false, true, true],
      '==': [false, true, false],
      '!=': [true, false, true],
    };
    for (const [operator, expected] of Object.entries(TRUTH) as [ComparisonOperator, readonly boolean[]][]) {
      it(`holds for ${operator} exactly when ${expected.map(String).join('/')} for 4/5/6 against 5`, () => {
        assert.deepEqual(
          [4, 5, 6].map((actual) => compare(actual, operator, 5)),
          expected,
        );
      });
    }
  });

  describe('on the two-pool crash journal', () => {
    it('gives one result per expectation, in order, with the actual value in the expectation unit', () => {
      const texts = [
        'requests.lost == 0',
        'after.requests.lost == 0',
        'latency.p99 < 800ms',
        'after.latency.p99 < 0.5s',
        'restarts{reason=crash} >= 3',
        'rejected{reason=AppOffline} > 0',
        'events{type=rapid-fail-tripped,pool=b} == 1',
        'recovery.replacementReadyMs.max < 2000',
        'requests.lostRate < 1%',
        'front.lost{pool=b} != 0',
        'workers.ready.final == 4',
      ];
      const results = evaluateExpectations(
        texts.map((text) => parseExpectation(text)),
        twoPoolCrashJournal(),
      );
      assert.deepEqual(results, [
        { expr: 'requests.lost == 0', actual: 6, passed: false, message: null },
        { expr: 'after.requests.lost == 0', actual: 1, passed: false, message: null },
        { expr: 'latency.p99 < 800ms', actual: 96, passed: true, message: null },
        { expr: 'after.latency.p99 < 0.5s', actual: 11, passed: true, message: null },
        { expr: 'restarts{reason=crash} >= 3', actual: 4, passed: true, message: null },
        { expr: 'rejected{reason=AppOffline} > 0', actual: 213, passed: true, message: null },
        { expr: 'events{type=rapid-fail-tripped,pool=b} == 1', actual: 1, passed: true, message: null },
        { expr: 'recovery.replacementReadyMs.max < 2000', actual: 1150, passed: true, message: null },
        { expr: 'requests.lostRate < 1%', actual: 6 / 952, passed: true, message: null },
        { expr: 'front.lost{pool=b} != 0', actual: 2, passed: true, message: null },
        { expr: 'workers.ready.final == 4', actual: 2, passed: false, message: null },
      ]);
    });

    it('fails an expectation whose figure has no value, whatever the operator, and says why', () => {
      const journal = { ...twoPoolCrashJournal(), recovery: { replacementReadyMs: [] } };
      const results = evaluateExpectations(
        [parseExpectation('recovery.replacementReadyMs.max < 2000'), parseExpectation('recovery.replacementReadyMs.max != 0')],
        journal,
      );
      const message =
        'recovery.replacementReadyMs.max has no value: no fault took workers away and saw a replacement become ready, so there is no sample';
      assert.deepEqual(results, [
        { expr: 'recovery.replacementReadyMs.max < 2000', actual: null, passed: false, message },
        { expr: 'recovery.replacementReadyMs.max != 0', actual: null, passed: false, message },
      ]);
    });

    it('fails an expectation built by hand on a figure the registry does not have', () => {
      const forged: Expectation = {
        text: 'queue.max < 5',
        window: 'run',
        figure: 'queue.max',
        labels: {},
        operator: '<',
        value: 5,
        terms: [],
        isFormula: false,
        unit: 'count',
      };
      assert.deepEqual(evaluateExpectation(forged, twoPoolCrashJournal()), {
        expr: 'queue.max < 5',
        actual: null,
        passed: false,
        message: 'no figure named queue.max',
      });
    });

    it('judges a formula bound against the run: the constant plus each figure, reported as the bound', () => {
      const settings = (path: string) =>
        path === 'server.pools.a.processModel.pingInterval' ? { value: 500, unit: 'ms' as const } : { problem: 'unknown' };
      const texts = [
        // 1150 < 500 + 1145 (the slowest start-up) + 100
        'recovery.replacementReadyMs.max < server.pools.a.processModel.pingInterval + workers.startupMs.max + 100ms',
        // 1150 < 1145 + 4: no
        'recovery.replacementReadyMs.max < workers.startupMs.max + 4',
        // 1150 >= 1145 - 200 (min start-up) + 200
        'recovery.replacementReadyMs.max >= workers.startupMs.max - workers.startupMs.min + 200',
      ];
      const results = evaluateExpectations(
        texts.map((text) => parseExpectation(text, { resolveSetting: settings })),
        twoPoolCrashJournal(),
      );
      assert.deepEqual(results, [
        { expr: texts[0], actual: 1150, passed: true, message: null, bound: 1745 },
        { expr: texts[1], actual: 1150, passed: false, message: null, bound: 1149 },
        { expr: texts[2], actual: 1150, passed: true, message: null, bound: 1145 },
      ]);
    });

    it('fails a formula whose figure term has no value, and says which term', () => {
      const journal = { ...twoPoolCrashJournal(), events: [] };
      const text = 'latency.max < workers.startupMs.min{pool=a} + 1s';
      assert.deepEqual(evaluateExpectation(parseExpectation(text), journal), {
        expr: text,
        actual: 1000,
        passed: false,
        message:
          'workers.startupMs.min{pool=a} in the bound has no value: no worker became ready during the run, so there is no start-up time',
        bound: null,
      });
    });

    it('ignores the results the journal already holds', () => {
      const journal = twoPoolCrashJournal();
      const stale = { ...journal, expectations: [{ expr: 'requests.lost == 0', actual: 0, passed: true, message: null }] };
      assert.deepEqual(evaluateExpectations([parseExpectation('requests.lost == 0')], stale), [
        { expr: 'requests.lost == 0', actual: 6, passed: false, message: null },
      ]);
    });

    it('leaves the journal as it was', () => {
      const journal = twoPoolCrashJournal();
      const all = ['requests.lost == 0', 'after.latency.mean < 1s', 'events{type=worker-ready} > 0', 'served{status=5xx} == 0'];
      evaluateExpectations(
        all.map((text) => parseExpectation(text)),
        journal,
      );
      assert.deepEqual(journal, twoPoolCrashJournal());
    });

    it('gives no result for no expectation', () => {
      assert.deepEqual(evaluateExpectations([], twoPoolCrashJournal()), []);
    });
  });
});
