/** A measured (or, with null req/s, failed) benchmark outcome for the report and rounds tests. */
import type { TargetOutcome } from '../../../../bench/dispatch/target-outcome.ts';
import type { TargetName } from '../../../../bench/dispatch/targets.ts';

export interface OutcomeFigures {
  readonly microsPerRequest?: number | null;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
}

/** `target` measured at `requestsPerSec` over 10 s (null: failed with error "boom"), with no ratios yet. */
export function targetOutcome(target: TargetName, requestsPerSec: number | null, figures: OutcomeFigures = {}): TargetOutcome {
  const { microsPerRequest = 42.5, p50Ms = 1.25, p99Ms = 4.5 } = figures;
  const result =
    requestsPerSec === null
      ? null
      : {
          requestsPerSec,
          requests: requestsPerSec * 10,
          durationSec: 10,
          latencyMs: { avg: 1, stdev: 0.5, max: 9, p50: p50Ms, p75: 1.5, p90: 2, p99: p99Ms },
          socketErrors: { connect: 0, read: 0, write: 0, timeout: 0 },
          non2xx3xx: 0,
          errorsTotal: 0,
        };
  return {
    target,
    description: target,
    status: result === null ? 'failed' : 'measured',
    error: result === null ? 'boom' : null,
    url: null,
    details: {},
    warmup: null,
    result,
    cpu: result === null ? null : { totalSec: 4.25, byProcess: { [`${target} 100`]: 4.25 }, microsPerRequest },
    wrkOutput: null,
    wrkCommand: null,
    ratios: {},
  };
}
