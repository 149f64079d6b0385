/**
 * The outcome of each target and the summary table printed at the end. Ratios compare requests per
 * second with the nginx and plain targets of the same run; they are null when that target was not
 * measured.
 */
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
  /** wrk's report of the measured run, verbatim. */
  readonly wrkOutput: string | null;
  readonly wrkCommand: readonly string[] | null;
  readonly ratios: { readonly vsNginx: number | null; readonly vsPlain: number | null };
}

/** `outcomes` with their ratios to the nginx and plain targets filled in. */
export function withRatios(outcomes: readonly TargetOutcome[]): TargetOutcome[] {
  const rateOf = (name: TargetName): number | null => outcomes.find((o) => o.target === name)?.result?.requestsPerSec ?? null;
  const nginxRate = rateOf('nginx');
  const plainRate = rateOf('plain');
  const ratio = (rate: number | undefined, base: number | null): number | null =>
    rate === undefined || base === null || base === 0 ? null : rate / base;
  return outcomes.map((o) => ({
    ...o,
    ratios: { vsNginx: ratio(o.result?.requestsPerSec, nginxRate), vsPlain: ratio(o.result?.requestsPerSec, plainRate) },
  }));
}

function formatMs(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : value.toFixed(3);
}

function formatRatio(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(2)}×`;
}

function tableRow(o: TargetOutcome): string[] {
  if (o.result === null) return [o.target, 'failed', '-', '-', '-', '-', '-'];
  return [
    o.target,
    Math.round(o.result.requestsPerSec).toLocaleString('en-US'),
    formatMs(o.result.latencyMs.p50),
    formatMs(o.result.latencyMs.p99),
    String(o.result.errorsTotal),
    formatRatio(o.ratios.vsNginx),
    formatRatio(o.ratios.vsPlain),
  ];
}

/** The summary table: target, req/s, p50 ms, p99 ms, errors, × nginx, × plain. */
export function renderTable(outcomes: readonly TargetOutcome[]): string {
  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'errors', '× nginx', '× plain'];
  const rows = [header, ...outcomes.map(tableRow)];
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
