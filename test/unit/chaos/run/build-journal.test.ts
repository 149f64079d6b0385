import assert from 'node:assert/strict';
import { k6ThresholdResults } from '../../../../chaos/run/build-journal.ts';
import type { ScenarioLoadTool } from '../../../../chaos/scenario/scenario.ts';

const K6: ScenarioLoadTool = { name: 'k6', thresholds: { http_req_duration: ['p(99)<800', 'max<2000'], http_req_failed: ['rate<0.01'] } };

describe('k6ThresholdResults', () => {
  describe('when autocannon ran the load, or k6 gave no outcome', () => {
    it('adds nothing', () => {
      assert.deepEqual(k6ThresholdResults({ name: 'autocannon' }, undefined), []);
      assert.deepEqual(k6ThresholdResults(K6, undefined), []);
    });
  });

  describe('when k6 exited 0', () => {
    it('adds one passed expectation per threshold, and none without thresholds', () => {
      const outcome = { exitCode: 0, thresholdsFailed: false, failedThresholds: [] };
      assert.deepEqual(k6ThresholdResults(K6, outcome), [
        { expr: 'k6 threshold http_req_duration: p(99)<800', actual: null, passed: true, message: null },
        { expr: 'k6 threshold http_req_duration: max<2000', actual: null, passed: true, message: null },
        { expr: 'k6 threshold http_req_failed: rate<0.01', actual: null, passed: true, message: null },
      ]);
      assert.deepEqual(k6ThresholdResults({ name: 'k6', thresholds: {} }, outcome), []);
    });
  });

  describe('when k6 exited 99', () => {
    it('fails exactly the thresholds it named', () => {
      const outcome = { exitCode: 99, thresholdsFailed: true, failedThresholds: ['http_req_duration: p(99)<800'] };
      assert.deepEqual(
        k6ThresholdResults(K6, outcome).map((result) => [result.expr, result.passed, result.message]),
        [
          ['k6 threshold http_req_duration: p(99)<800', false, 'crossed (k6 exited 99)'],
          ['k6 threshold http_req_duration: max<2000', true, null],
          ['k6 threshold http_req_failed: rate<0.01', true, null],
        ],
      );
    });

    it("fails every threshold of a metric k6's log named, when only metric names are known", () => {
      const outcome = { exitCode: 99, thresholdsFailed: true, failedThresholds: ['http_req_duration'] };
      assert.deepEqual(
        k6ThresholdResults(K6, outcome).map((result) => [result.expr, result.passed]),
        [
          ['k6 threshold http_req_duration: p(99)<800', false],
          ['k6 threshold http_req_duration: max<2000', false],
          ['k6 threshold http_req_failed: rate<0.01', true],
        ],
      );
    });

    it('still fails the run when k6 named nothing the scenario set, and keeps any name it did give', () => {
      assert.deepEqual(k6ThresholdResults({ name: 'k6', thresholds: {} }, { exitCode: 99, thresholdsFailed: true, failedThresholds: [] }), [
        {
          expr: 'k6 thresholds',
          actual: null,
          passed: false,
          message: 'k6 exited 99 (thresholds crossed) and named none of load.thresholds',
        },
      ]);
      assert.deepEqual(
        k6ThresholdResults(
          { name: 'k6', thresholds: {} },
          { exitCode: 99, thresholdsFailed: true, failedThresholds: ['iterations: count>5'] },
        ),
        [{ expr: 'k6 threshold iterations: count>5', actual: null, passed: false, message: 'crossed (k6 exited 99)' }],
      );
    });
  });
});
