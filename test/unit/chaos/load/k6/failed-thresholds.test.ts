import assert from 'node:assert/strict';
import { readFailedThresholds } from '../../../../../chaos/load/k6/failed-thresholds.ts';

const CROSSED_LOG =
  'time="2026-11-21T07:46:04Z" level=error msg="thresholds on metrics \'http_reqs{scenario:load}, http_req_duration\' have been crossed"\n';

describe('readFailedThresholds', () => {
  describe('when the script wrote its verdicts', () => {
    it('names each crossed threshold as metric: expression, sorted, and ignores the ones that held', () => {
      const verdicts = JSON.stringify({
        http_req_duration: { 'p(99)<0.001': false, 'max<10000': true },
        'http_reqs{scenario:load}': { 'count>100': false },
        http_req_failed: { 'rate<0.01': true },
      });
      assert.deepEqual(readFailedThresholds(verdicts, CROSSED_LOG), [
        'http_req_duration: p(99)<0.001',
        'http_reqs{scenario:load}: count>100',
      ]);
    });
  });

  describe('when the verdicts are missing, unreadable or name nothing crossed', () => {
    it("falls back to the metric names in k6's log line", () => {
      const names = ['http_req_duration', 'http_reqs{scenario:load}'];
      assert.deepEqual(readFailedThresholds(null, CROSSED_LOG), names);
      assert.deepEqual(readFailedThresholds('{"http_req_d', CROSSED_LOG), names);
      assert.deepEqual(readFailedThresholds('{"http_req_duration":{"p(99)<1":true}}', CROSSED_LOG), names);
    });

    it('names nothing when the log says nothing either', () => {
      assert.deepEqual(readFailedThresholds(null, 'level=error msg="something else"'), []);
    });
  });
});
