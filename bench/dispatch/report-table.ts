/**
 * The outcome of each target and the summary table printed at the end. Ratios compare requests per
 * second with the compared targets of the same round: the run's baseline first, then plain when the
 * run has it. A ratio is null when either side was not measured.
 */
import type { RatioSummary, TargetSummary } from './rounds.ts';
import type { TargetName } from './targets.ts';
import type { TargetOutcome } from './target-outcome.ts';
import type { WrkResult } from './wrk.ts';

/** The targets every outcome is compared with: `baseline`, then `plain` when the run has it and it is not the baseline. */
export function comparedTargets(targets: readonly TargetName[], baseline: TargetName): TargetName[] {
  return targets.includes('plain') && baseline !== 'plain' ? [baseline, 'plain'] : [baseline];
}

/** `outcomes` with their ratios to each of `compared` filled in (null when either side has no result or the base is 0). */
export function withRatios(outcomes: readonly TargetOutcome[], compared: readonly TargetName[]): TargetOutcome[] {
  const rateOf = (name: TargetName): number | null => outcomes.find((o) => o.target === name)?.result?.requestsPerSec ?? null;
  const ratio = (rate: number | undefined, base: number | null): number | null =>
    rate === undefined || base === null || base === 0 ? null : rate / base;
  return outcomes.map((o) => ({
    ...o,
    ratios: Object.fromEntries(compared.map((name) => [name, ratio(o.result?.requestsPerSec, rateOf(name))])),
  }));
}

function formatMs(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

function formatMicros(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

/** `0.96×`, or `0.96× (0.89–1.08)` when the rounds' ratios differ. */
function formatRatio(ratio: RatioSummary | undefined): string {
  if (ratio?.median === null || ratio?.median === undefined) return '-';
  const text = `${ratio.median.toFixed(2)}×`;
  if (ratio.min === null || ratio.max === null || ratio.min.toFixed(2) === ratio.max.toFixed(2)) return text;
  return `${text} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`;
}

function tableRow(summary: TargetSummary, compared: readonly TargetName[]): string[] {
  if (summary.requestsPerSec === null) return [summary.target, 'failed', '-', '-', '-', '-', ...compared.map(() => '-')];
  return [
    summary.roundsFailed === 0 ? summary.target : `${summary.target} (${String(summary.roundsFailed)} failed)`,
    Math.round(summary.requestsPerSec).toLocaleString('en-US'),
    formatMs(summary.latencyP50Ms),
    formatMs(summary.latencyP99Ms),
    String(summary.errorsTotal),
    formatMicros(summary.cpuMicrosPerRequest),
    ...compared.map((name) => formatRatio(summary.ratios[name])),
  ];
}

/**
 * The summary table: target, req/s, p50 ms, p99 ms, errors, CPU µs/req (all the target's processes),
 * then `× <name>` for each of `compared`. Over several rounds every figure is the median of the
 * measured rounds (errors are summed), and a ratio is the median of the per-round ratios followed by
 * their range.
 */
export function renderTable(summaries: readonly TargetSummary[], compared: readonly TargetName[]): string {
  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU µs/req', ...compared.map((name) => `× ${name}`)];
  const rows = [header, ...summaries.map((summary) => tableRow(summary, compared))];
  const widths = header.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  const format = (row: readonly string[]): string =>
    row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [format(header), rule, ...rows.slice(1).map(format)].join('\n');
}

/** One line per kind of error wrk saw, or null when it saw none. */
export function describeWrkErrors(result: WrkResult): string | null {
  if (result.errorsTotal === 0) return null;
  const { connect, read, write, timeout } = result.socketErrors;
  return `socket errors: connect ${String(connect)}, read ${String(read)}, write ${String(write)}, timeout ${String(timeout)}; non-2xx/3xx responses: ${String(result.non2xx3xx)}`;
}
