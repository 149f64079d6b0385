/**
 * Runs wrk (Debian's, as its own process) and parses its text report. wrk prints times with the
 * units us, ms, s, m and h; every latency here is converted to milliseconds. wrk counts responses
 * with a status of 400 or more as "Non-2xx or 3xx responses" and prints the socket-error and
 * non-2xx lines only when their counts are non-zero, so a missing line means zero.
 */
import type { ChildProcesses } from './child-processes.ts';

/** One wrk run's figures. Latencies in milliseconds. */
export interface WrkResult {
  readonly requestsPerSec: number;
  readonly requests: number;
  readonly durationSec: number;
  readonly latencyMs: {
    readonly avg: number;
    readonly stdev: number;
    readonly max: number;
    readonly p50: number | null;
    readonly p75: number | null;
    readonly p90: number | null;
    readonly p99: number | null;
  };
  readonly socketErrors: { readonly connect: number; readonly read: number; readonly write: number; readonly timeout: number };
  /** Responses with a status >= 400 (wrk's "Non-2xx or 3xx responses"). */
  readonly non2xx3xx: number;
  /** Socket errors of every kind plus non-2xx/3xx responses. */
  readonly errorsTotal: number;
}

/** Load settings for one wrk run. */
export interface WrkLoad {
  readonly url: string;
  readonly durationSec: number;
  readonly connections: number;
  readonly threads: number;
}

const TIME_UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Converts a wrk time such as `635.91us`, `5.00ms`, `1.20s` or `2.00m` to milliseconds. */
export function parseWrkTimeMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  const factor = match === null ? undefined : TIME_UNIT_MS[match[2] ?? ''];
  if (match === null || factor === undefined) throw new Error(`wrk: cannot read the time "${text}"`);
  // Rounded to the nanosecond so unit conversion leaves no float noise (0.614 ms, not 0.61405…).
  return Math.round(Number(match[1]) * factor * 1e6) / 1e6;
}

function requireMatch(output: string, pattern: RegExp, what: string): RegExpExecArray {
  const match = pattern.exec(output);
  if (match === null) throw new Error(`wrk: no ${what} in its output:\n${output}`);
  return match;
}

function percentileMs(output: string, percent: number): number | null {
  const match = new RegExp(`^\\s*${String(percent)}%\\s+(\\S+)\\s*$`, 'm').exec(output);
  return match?.[1] === undefined ? null : parseWrkTimeMs(match[1]);
}

/** Parses wrk's report (printed with or without `--latency`). */
export function parseWrkOutput(output: string): WrkResult {
  const latency = requireMatch(output, /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)/m, 'latency line');
  const total = requireMatch(output, /^\s*(\d+) requests in (\S+),/m, 'request count');
  const rate = requireMatch(output, /^Requests\/sec:\s+([\d.]+)/m, 'Requests/sec');
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const socketErrors = {
    connect: Number(socket?.[1] ?? 0),
    read: Number(socket?.[2] ?? 0),
    write: Number(socket?.[3] ?? 0),
    timeout: Number(socket?.[4] ?? 0),
  };
  const non2xx3xx = Number(non2xx?.[1] ?? 0);
  return {
    requestsPerSec: Number(rate[1]),
    requests: Number(total[1]),
    durationSec: parseWrkTimeMs(total[2] ?? '') / 1_000,
    latencyMs: {
      avg: parseWrkTimeMs(latency[1] ?? ''),
      stdev: parseWrkTimeMs(latency[2] ?? ''),
      max: parseWrkTimeMs(latency[3] ?? ''),
      p50: percentileMs(output, 50),
      p75: percentileMs(output, 75),
      p90: percentileMs(output, 90),
      p99: percentileMs(output, 99),
    },
    socketErrors,
    non2xx3xx,
    errorsTotal: socketErrors.connect + socketErrors.read + socketErrors.write + socketErrors.timeout + non2xx3xx,
  };
}

/** The wrk command line for a load. */
export function wrkArgs(load: WrkLoad): string[] {
  return [`-t${String(load.threads)}`, `-c${String(load.connections)}`, `-d${String(load.durationSec)}s`, '--latency', load.url];
}

/** Runs wrk to completion as a registered child; resolves with its raw report and the parsed figures. */
export async function runWrk(children: ChildProcesses, wrkPath: string, load: WrkLoad): Promise<{ output: string; result: WrkResult }> {
  const child = children.start('wrk', wrkPath, wrkArgs(load), { shouldKeepStdout: true });
  const exit = await child.exited;
  await child.closed;
  if (exit.code !== 0) {
    throw new Error(`wrk exited with ${exit.signal ?? String(exit.code)}:\n${child.recentLines.join('\n')}`);
  }
  return { output: child.stdout, result: parseWrkOutput(child.stdout) };
}
