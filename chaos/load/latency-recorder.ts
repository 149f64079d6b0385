/**
 * Latency figures for one second or a whole run. Values go into an HDR histogram in whole
 * microseconds (3 significant digits, resizing itself), so sub-millisecond answers keep their
 * resolution. Count, mean and max are kept exactly beside it; percentiles come from the histogram
 * and are capped at the exact max, so p50 <= p90 <= p99 <= max always holds.
 */
import { build, type Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from './load-types.ts';

/** The summary of an empty recorder. */
export const EMPTY_LATENCY: LatencySummary = { count: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };

/** Gathers latencies; `summary()` may be taken at any time. */
export class LatencyRecorder {
  #histogram: Histogram | null = null;
  #count = 0;
  #sumUs = 0;
  #maxUs = 0;

  /** Records one latency in ms, rounded to whole microseconds (at least 1 µs). */
  recordMs(latencyMs: number): void {
    const latencyUs = Math.max(1, Math.round(latencyMs * 1000));
    this.#histogram ??= build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3, autoResize: true });
    this.#histogram.recordValue(latencyUs);
    this.#count += 1;
    this.#sumUs += latencyUs;
    this.#maxUs = Math.max(this.#maxUs, latencyUs);
  }

  /** Count, percentiles, max and mean, in ms with microsecond resolution. */
  summary(): LatencySummary {
    const histogram = this.#histogram;
    if (histogram === null) return EMPTY_LATENCY;
    const percentileMs = (percentile: number): number => Math.min(histogram.getValueAtPercentile(percentile), this.#maxUs) / 1000;
    return {
      count: this.#count,
      p50Ms: percentileMs(50),
      p90Ms: percentileMs(90),
      p99Ms: percentileMs(99),
      maxMs: this.#maxUs / 1000,
      meanMs: Math.round(this.#sumUs / this.#count) / 1000,
    };
  }
}
