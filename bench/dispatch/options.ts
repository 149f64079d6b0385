/**
 * Command-line options of `npm run bench:dispatch` (`node bench/dispatch/run.ts`). Parsed once;
 * bad input is a `UsageError` naming the option, the value and what was expected.
 */
import { parseArgs } from 'node:util';
import { TARGET_NAMES, isTargetName } from './targets.ts';
import type { TargetName } from './targets.ts';

/** Validated benchmark options. Durations in seconds. */
export interface BenchOptions {
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly connections: number;
  readonly threads: number;
  readonly targets: readonly TargetName[];
  readonly jsonPath: string;
  readonly isHelp: boolean;
}

/** Bad command-line input; the runner prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The `--help` text. */
export const USAGE = `usage: node bench/dispatch/run.ts [options]     (npm run bench:dispatch -- [options])

Measures the cost of the dispatch hop: the same hello-world handler served by each target, loaded
one target after another by wrk (Debian, its own process) on 127.0.0.1.

targets:
  poolchaos  poolchaos serve: front + 2 workers (pool "bench", AlwaysRunning)
  nginx      nginx (Debian) → 2 Node workers on Unix sockets, upstream keepalive 64
  cluster    node:cluster, 2 workers
  plain      one Node process, no hop (the limit)

options:
  --duration <s>      measured wrk run per target, seconds          (default 10)
  --warmup <s>        wrk warm-up run before measuring, seconds; 0 skips it (default 2)
  --connections <n>   wrk connections (-c)                          (default 64)
  --threads <n>       wrk threads (-t)                              (default 1)
  --targets <list>    comma-separated, run in this order (default ${TARGET_NAMES.join(',')})
  --json <file>       where to write every figure                   (default out/bench/dispatch.json)
  --help              this text

wrk and nginx come from Debian; when missing they are installed with apt-get if running as root
(see scripts/ensure-apt.ts). Exit code: 0 every target measured, 1 a target failed, 2 bad options.`;

function parseCount(option: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < minimum) {
    throw new UsageError(`--${option} ${text}: expected an integer >= ${String(minimum)}`);
  }
  return value;
}

function parseTargets(text: string | undefined): TargetName[] {
  if (text === undefined) return [...TARGET_NAMES];
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !isTargetName(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`--targets ${text}: expected a comma-separated list of ${TARGET_NAMES.join(', ')}`);
  }
  return [...new Set(names.filter(isTargetName))];
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
        targets: { type: 'string' },
        json: { type: 'string' },
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
  return {
    durationSec: parseCount('duration', values.duration, 10, 1),
    warmupSec: parseCount('warmup', values.warmup, 2, 0),
    connections,
    threads,
    targets: parseTargets(values.targets),
    jsonPath: values.json ?? 'out/bench/dispatch.json',
    isHelp: values.help === true,
  };
}
