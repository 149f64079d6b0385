/**
 * Turns k6's JSON output (NDJSON, `--out json=<file>`) into the driver's accounting. Only `Point`
 * lines of the script's metrics (k6-script-contract.ts) in the `load` scenario count; every other line
 * (k6's built-in metrics, `Metric` declarations, the setup() request) is skipped unparsed when it does
 * not start with the contract's prefix.
 *
 * Seconds count from `startedAtMs` (the start signal) and run from 0 to ceil(durationMs / 1000) - 1, as
 * in the autocannon driver: a request counts as sent in the second it was sent, its outcome and latency
 * in the second it ended, and anything after the last second's end (responses during k6's
 * gracefulStop) counts in the last second. `inFlightAtStop` is whatever was sent and never ended;
 * with the script's gracefulStop it is 0 unless k6 cut an iteration short.
 */
import { CLIENT_LOST_REASONS, CountTally } from '../count-tally.ts';
import { LatencyRecorder } from '../latency-recorder.ts';
import type { ClientCounts, ClientLostReason, LatencySummary, LoadSecond } from '../load-types.ts';
import { K6_METRIC_LINE_PREFIX, K6_METRICS, K6_SCENARIO } from './k6-script-contract.ts';

/** What the reader needs from the run. */
export interface K6OutputSettings {
  /** Epoch ms of the start signal: second 0 begins here. */
  readonly startedAtMs: number;
  readonly durationMs: number;
}

/** The accounting read from one output file. */
export interface K6Accounting {
  readonly counts: ClientCounts;
  readonly latency: LatencySummary;
  readonly timeline: readonly LoadSecond[];
  /** Epoch ms of the last load sample, or null when there was none. */
  readonly lastSampleAtMs: number | null;
}

interface SecondTally {
  readonly tally: CountTally;
  readonly latency: LatencyRecorder;
}

/** One sample as the JSON output writes it. */
interface K6Point {
  readonly metric: string;
  readonly timeMs: number;
  readonly value: number;
  readonly tags: Readonly<Record<string, unknown>>;
}

/** Reads lines in any number of calls (`addLine`), then `accounting()`. Throws on a malformed line of ours. */
export class K6OutputReader {
  readonly #startedAtMs: number;
  readonly #seconds: SecondTally[];
  readonly #run: SecondTally = { tally: new CountTally(), latency: new LatencyRecorder() };
  #lineNumber = 0;
  #lastSampleAtMs: number | null = null;

  constructor(settings: K6OutputSettings) {
    this.#startedAtMs = settings.startedAtMs;
    const secondCount = Math.max(1, Math.ceil(settings.durationMs / 1000));
    this.#seconds = Array.from({ length: secondCount }, () => ({ tally: new CountTally(), latency: new LatencyRecorder() }));
  }

  /** One line of the output file (without its newline). */
  addLine(line: string): void {
    this.#lineNumber += 1;
    if (!line.startsWith(K6_METRIC_LINE_PREFIX)) return;
    const point = parsePoint(line, this.#lineNumber);
    if (point === null || point.tags['scenario'] !== K6_SCENARIO) return;
    this.#lastSampleAtMs = Math.max(this.#lastSampleAtMs ?? point.timeMs, point.timeMs);
    const second = this.#secondAt(point.timeMs);
    for (const target of [this.#run, second]) this.#apply(target, point);
  }

  /** The totals, the whole-run latency and one row per second. */
  accounting(): K6Accounting {
    const run = this.#run.tally.snapshot();
    const ended = run.served + run.rejected + run.lost;
    if (ended > run.sent) throw new Error(`k6 output: ${String(ended)} requests ended but only ${String(run.sent)} were sent`);
    return {
      counts: { ...run, inFlightAtStop: run.sent - ended },
      latency: this.#run.latency.summary(),
      timeline: this.#seconds.map((second, index) => ({ second: index, ...second.tally.snapshot(), latency: second.latency.summary() })),
      lastSampleAtMs: this.#lastSampleAtMs,
    };
  }

  #secondAt(timeMs: number): SecondTally {
    const index = Math.min(Math.max(Math.floor((timeMs - this.#startedAtMs) / 1000), 0), this.#seconds.length - 1);
    return this.#seconds[index] as SecondTally;
  }

  #apply(target: SecondTally, point: K6Point): void {
    switch (point.metric) {
      case K6_METRICS.sent:
        return target.tally.addSent();
      case K6_METRICS.latency:
        return target.latency.recordMs(point.value);
      case K6_METRICS.outcome:
        return this.#applyOutcome(target.tally, point.tags);
    }
  }

  #applyOutcome(tally: CountTally, tags: Readonly<Record<string, unknown>>): void {
    const { outcome, status, reason } = tags;
    if (outcome === 'served' && typeof status === 'string' && /^[1-9]\d\d$/.test(status)) {
      return tally.addOutcome({ kind: 'served', statusCode: Number(status) });
    }
    if (outcome === 'rejected' && typeof reason === 'string' && reason !== '') return tally.addOutcome({ kind: 'rejected', reason });
    if (outcome === 'lost' && CLIENT_LOST_REASONS.includes(reason as ClientLostReason)) return tally.addLost(reason as ClientLostReason);
    throw new Error(
      `k6 output line ${String(this.#lineNumber)}: ${K6_METRICS.outcome} has tags ${JSON.stringify(tags)}, not a served status, a reject reason or a lost reason`,
    );
  }
}

/** A Point line of one of our metrics, or null for a `Metric` line; throws when it does not read. */
function parsePoint(line: string, lineNumber: number): K6Point | null {
  const fail = (problem: string): never => {
    throw new Error(`k6 output line ${String(lineNumber)}: ${problem}: ${line.slice(0, 200)}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return fail('not JSON');
  }
  const { metric, type, data } = parsed as { metric?: unknown; type?: unknown; data?: { time?: unknown; value?: unknown; tags?: unknown } };
  if (type !== 'Point') return null;
  if (typeof metric !== 'string' || !(Object.values(K6_METRICS) as string[]).includes(metric)) return fail('an unknown poolchaos metric');
  const timeMs = typeof data?.time === 'string' ? parseK6Time(data.time) : null;
  if (timeMs === null) return fail('no readable time');
  if (typeof data?.value !== 'number' || !Number.isFinite(data.value)) return fail('no numeric value');
  if (metric !== K6_METRICS.latency && data.value !== 1) return fail('a count other than 1');
  const tags = typeof data.tags === 'object' && data.tags !== null ? (data.tags as Record<string, unknown>) : {};
  return { metric, timeMs, value: data.value, tags };
}

const K6_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Epoch ms, with the sub-ms part kept, of a Go RFC 3339 time with up to nanoseconds. */
export function parseK6Time(text: string): number | null {
  const match = K6_TIME.exec(text);
  if (match === null) return null;
  const wholeSecondsMs = Date.parse(`${match[1] ?? ''}${match[3] ?? ''}`);
  if (Number.isNaN(wholeSecondsMs)) return null;
  return wholeSecondsMs + Number(`0${match[2] ?? ''}`) * 1000;
}
