/**
 * Repeated rounds. On a shared 2-core machine throughput drifts by tens of percent within minutes,
 * so one pass over the targets compares each target with whatever the machine was doing at its
 * turn, and the target that always runs last carries the drift. With `--rounds n` every round runs
 * every target once, each round starting one target later than the one before (ABC, BCA, CAB, ...)
 * so no target always runs first or last; a ratio is taken between targets of the same round and
 * the summary reports the median of those per-round ratios with their range.
 */
import type { TargetOutcome } from './target-outcome.ts';
import type { TargetName } from './targets.ts';

/** The order of round `roundIndex` (0-based): `targets` rotated left by `roundIndex`. */
export function roundOrder<T>(targets: readonly T[], roundIndex: number): T[] {
  if (targets.length === 0) return [];
  const shift = roundIndex % targets.length;
  return [...targets.slice(shift), ...targets.slice(0, shift)];
}

/** The median of `values` (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** A ratio over the rounds where both sides were measured. */
export interface RatioSummary {
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** The per-round ratios, in round order (null where either side failed). */
  readonly byRound: readonly (number | null)[];
}

/** One target over every round: medians of the measured rounds. */
export interface TargetSummary {
  readonly target: TargetName;
  readonly description: string;
  readonly roundsMeasured: number;
  readonly roundsFailed: number;
  readonly requestsPerSec: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
  /** wrk errors summed over the measured rounds. */
  readonly errorsTotal: number;
  readonly cpuMicrosPerRequest: number | null;
  readonly ratios: Readonly<Partial<Record<TargetName, RatioSummary>>>;
}

function definedNumbers(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((value): value is number => value !== null && value !== undefined);
}

function summarizeRatio(byRound: readonly (number | null)[]): RatioSummary {
  const measured = definedNumbers(byRound);
  return {
    median: median(measured),
    min: measured.length === 0 ? null : Math.min(...measured),
    max: measured.length === 0 ? null : Math.max(...measured),
    byRound,
  };
}

/**
 * One summary per target of `targets`, in that order, from `rounds` (each round's outcomes with
 * their ratios already filled in by `withRatios`, in any order).
 */
export function summarizeRounds(
  rounds: readonly (readonly TargetOutcome[])[],
  targets: readonly TargetName[],
  compared: readonly TargetName[],
): TargetSummary[] {
  return targets.map((target) => {
    const outcomes = rounds.map((round) => round.find((o) => o.target === target));
    const measured = outcomes.flatMap((o) => (o?.result === null || o?.result === undefined ? [] : [{ result: o.result, cpu: o.cpu }]));
    return {
      target,
      description: outcomes.find((o) => o !== undefined)?.description ?? target,
      roundsMeasured: measured.length,
      roundsFailed: outcomes.length - measured.length,
      requestsPerSec: median(measured.map(({ result }) => result.requestsPerSec)),
      latencyP50Ms: median(definedNumbers(measured.map(({ result }) => result.latencyMs.p50))),
      latencyP99Ms: median(definedNumbers(measured.map(({ result }) => result.latencyMs.p99))),
      errorsTotal: measured.reduce((sum, { result }) => sum + result.errorsTotal, 0),
      cpuMicrosPerRequest: median(definedNumbers(measured.map(({ cpu }) => cpu?.microsPerRequest))),
      ratios: Object.fromEntries(compared.map((name) => [name, summarizeRatio(outcomes.map((o) => o?.ratios[name] ?? null))])),
    };
  });
}
