/**
 * Command-line options of `npm run bench:dispatch` (`node bench/dispatch/run.ts`). Parsed once;
 * bad input is a `UsageError` naming the option, the value and what was expected.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TARGET_NAMES, TARGET_NAMES, isTargetName } from './targets.ts';
import type { TargetName } from './targets.ts';

/** Validated benchmark options. Durations in seconds. */
export interface BenchOptions {
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly connections: number;
  readonly threads: number;
  /** How many times every target is measured; round i runs the targets rotated by i (see rounds.ts). */
  readonly rounds: number;
  readonly targets: readonly TargetName[];
  /** The target every other is compared with (the `× <baseline>` column); one of `targets`. */
  readonly baseline: TargetName;
  readonly jsonPath: string;
  /** `telemetry.traces.samplingRatio` of the poolchaos-traced target, 0 to 1. */
  readonly traceSamplingRatio: number;
  /** `telemetry.traces.maxPerSecond` of the poolchaos-traced target; null leaves the server default (50). */
  readonly traceMaxPerSecond: number | null;
  readonly isHelp: boolean;
}

/** Share of requests poolchaos-traced traces unless --trace-ratio says otherwise. */
export const DEFAULT_TRACE_SAMPLING_RATIO = 0.05;

/** Bad command-line input; the runner prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The `--help` text. */
export const USAGE = `usage: node bench/dispatch/run.ts [options]     (npm run bench:dispatch -- [options])

Measures the cost of the dispatch hop: the same hello-world handler served by each target, loaded
one target after another by wrk (Debian, its own process) on 127.0.0.1, in one or more rounds.

targets:
  poolchaos               poolchaos serve: front + 2 workers (pool "bench", AlwaysRunning);
                          telemetry as configured by default (metrics on, no span exporter)
  poolchaos-no-telemetry  the same with telemetry.metrics false (and no span exporter)
  poolchaos-traced        the same with metrics on and traces.samplingRatio --trace-ratio, spans exported
                          (OTEL_TRACES_EXPORTER=otlp) to a loopback OTLP/HTTP sink that counts them
  nginx                   nginx (Debian) → 2 Node workers on Unix sockets, upstream keepalive 64
  cluster                 node:cluster, 2 workers
  plain                   one Node process, no hop (the limit)
The poolchaos targets scrape GET <admin>/metrics once after the measured run and record the front's
http_server_request_duration_count total; OTEL_* variables of this shell never reach them.

options:
  --duration <s>      measured wrk run per target, seconds          (default 10)
  --warmup <s>        wrk warm-up run before measuring, seconds; 0 skips it (default 2)
  --connections <n>   wrk connections (-c)                          (default 64)
  --threads <n>       wrk threads (-t)                              (default 1)
  --targets <list>    comma-separated, run in this order, or all (default ${DEFAULT_TARGET_NAMES.join(',')})
  --rounds <n>        measure every target n times; round i starts i targets later in the list
                      (ABC, BCA, CAB, ...) so no target always runs first or last   (default 1)
  --baseline <name>   the target the "× <name>" ratio column divides by; one of --targets
                      (default nginx when the run has it, otherwise the first target)
  --trace-ratio <r>   telemetry.traces.samplingRatio of poolchaos-traced, 0 to 1  (default 0.05)
  --trace-max-per-second <n>
                      telemetry.traces.maxPerSecond of poolchaos-traced, 0 = no cap
                      (default: the server's, 50)
  --json <file>       where to write every figure                   (default out/bench/dispatch.json)
  --help              this text

wrk and nginx come from Debian; when missing they are installed with apt-get if running as root
(see scripts/ensure-apt.ts). Besides "× <baseline>", the table has "× plain" when plain runs, and
"CPU µs/req": user + system CPU of all the target's processes (not wrk's) over the measured run, per
request, from /proc (steadier than req/s when something else shares the machine).
Ratios are taken between targets of the same round; with several rounds the table shows medians over
the rounds and each ratio's median followed by its range (min–max).
npm run bench:telemetry runs poolchaos-no-telemetry,poolchaos,poolchaos-traced with --rounds 5,
--baseline poolchaos-no-telemetry and --json out/bench/telemetry.json.
Exit code: 0 every target measured, 1 a target failed, 2 bad options.`;

function parseCount(option: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < minimum) {
    throw new UsageError(`--${option} ${text}: expected an integer >= ${String(minimum)}`);
  }
  return value;
}

function parseTargets(text: string | undefined): TargetName[] {
  if (text === undefined) return [...DEFAULT_TARGET_NAMES];
  if (text.trim() === 'all') return [...TARGET_NAMES];
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isTargetName(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`--targets ${text}: expected all or a comma-separated list of ${TARGET_NAMES.join(', ')}`);
  }
  return [...new Set(names.filter(isTargetName))];
}

/** `--baseline` when given (it must be one of `targets`), else nginx when the run has it, else the first target. */
export function chooseBaseline(targets: readonly TargetName[], text: string | undefined): TargetName {
  if (text !== undefined) {
    if (!isTargetName(text) || !targets.includes(text)) {
      throw new UsageError(`--baseline ${text}: expected one of the targets of this run (${targets.join(', ')})`);
    }
    return text;
  }
  const first = targets[0];
  if (first === undefined) throw new UsageError('--targets: expected at least one target');
  return targets.includes('nginx') ? 'nginx' : first;
}

/** `--trace-ratio`: a number from 0 to 1; 0.05 when absent. */
function parseRatio(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TRACE_SAMPLING_RATIO;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--trace-ratio ${text}: expected a number from 0 to 1`);
  }
  return value;
}

/** Parses `argv` (without node and the script). Throws `UsageError` on bad input. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        threads: { type: 'string' },
        rounds: { type: 'string' },
        targets: { type: 'string' },
        baseline: { type: 'string' },
        json: { type: 'string' },
        'trace-ratio': { type: 'string' },
        'trace-max-per-second': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  const connections = parseCount('connections', values.connections, 64, 1);
  const threads = parseCount('threads', values.threads, 1, 1);
  if (threads > connections) throw new UsageError(`--threads ${String(threads)}: wrk needs at least one connection per thread`);
  if (values.json === '') throw new UsageError('--json: expected a file path');
  const targets = parseTargets(values.targets);
  return {
    durationSec: parseCount('duration', values.duration, 10, 1),
    warmupSec: parseCount('warmup', values.warmup, 2, 0),
    connections,
    threads,
    rounds: parseCount('rounds', values.rounds, 1, 1),
    targets,
    baseline: chooseBaseline(targets, values.baseline),
    jsonPath: values.json ?? 'out/bench/dispatch.json',
    traceSamplingRatio: parseRatio(values['trace-ratio']),
    traceMaxPerSecond:
      values['trace-max-per-second'] === undefined ? null : parseCount('trace-max-per-second', values['trace-max-per-second'], 0, 0),
    isHelp: values.help === true,
  };
}
