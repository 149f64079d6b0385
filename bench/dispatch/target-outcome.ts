/** What the benchmark records about one target in one round. */
import type { RunCpu } from './process-cpu.ts';
import type { TargetName } from './targets.ts';
import type { WrkResult } from './wrk.ts';

/** Everything recorded about one target. */
export interface TargetOutcome {
  readonly target: TargetName;
  readonly description: string;
  readonly status: 'measured' | 'failed';
  /** Why the target failed; null when measured. */
  readonly error: string | null;
  readonly url: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly warmup: WrkResult | null;
  readonly result: WrkResult | null;
  /** CPU time of the target's processes (not wrk's) over the measured run; null when it failed. */
  readonly cpu: RunCpu | null;
  /** wrk's report of the measured run, verbatim. */
  readonly wrkOutput: string | null;
  readonly wrkCommand: readonly string[] | null;
  /** This target's req/s divided by each compared target's, keyed by the compared target's name. */
  readonly ratios: Readonly<Partial<Record<TargetName, number | null>>>;
}
