import assert from 'node:assert/strict';
import { EMPTY_LATENCY, LatencyRecorder } from '../../../../chaos/load/latency-recorder.ts';

describe('LatencyRecorder', () => {
  describe('when nothing was recorded', () => {
    it('summarises as all zeros', () => {
      assert.deepEqual(new LatencyRecorder().summary(), EMPTY_LATENCY);
      assert.deepEqual(EMPTY_LATENCY, { count: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 });
    });
  });

  describe('when latencies are under 2 ms (exact in the histogram)', () => {
    it('gives exact percentiles, max and mean at microsecond resolution', () => {
      const recorder = new LatencyRecorder();
      for (let index = 1; index <= 100; index++) recorder.recordMs(index * 0.02);
      assert.deepEqual(recorder.summary(), { count: 100, p50Ms: 1, p90Ms: 1.8, p99Ms: 1.98, maxMs: 2, meanMs: 1.01 });
    });

    it('rounds to whole microseconds and records at least 1 µs', () => {
      const recorder = new LatencyRecorder();
      recorder.recordMs(0.0001);
      recorder.recordMs(0.0126);
      assert.deepEqual(recorder.summary(), { count: 2, p50Ms: 0.001, p90Ms: 0.013, p99Ms: 0.013, maxMs: 0.013, meanMs: 0.007 });
    });
  });

  describe('when latencies are large', () => {
    it('keeps max and mean exact and caps percentiles at the max', () => {
      const recorder = new LatencyRecorder();
      recorder.recordMs(1234.567);
      assert.deepEqual(recorder.summary(), {
        count: 1,
        p50Ms: 1234.567,
        p90Ms: 1234.567,
        p99Ms: 1234.567,
        maxMs: 1234.567,
        meanMs: 1234.567,
      });
    });

    it("keeps percentiles within the histogram's 3 significant digits", () => {
      const recorder = new LatencyRecorder();
      for (let index = 1; index <= 1000; index++) recorder.recordMs(index);
      const summary = recorder.summary();
      assert.equal(summary.count, 1000);
      assert.equal(summary.maxMs, 1000);
      assert.equal(summary.meanMs, 500.5);
      for (const [got, want] of [
        [summary.p50Ms, 500],
        [summary.p90Ms, 900],
        [summary.p99Ms, 990],
      ] as const) {
        assert.ok(got >= want && got <= want * 1.001, `${got} for ${want}`);
      }
    });
  });
});
