/**
 * The k6 load driver: `runK6Load` runs a LoadPlan with the repo's built k6 (`bin/k6`, from
 * `npm run k6:build`) and resolves with the same LoadResult as `runLoad`, read from k6's JSON output
 * after k6 has exited (see k6-output-reader.ts for what counts where). k6 runs in a temp dir with a
 * clean environment and an empty config file, so no K6_* variable or ~/.config/k6 of the caller's
 * changes the plan.
 *
 * Differences from the autocannon driver: `onSecond` is called for every second only once k6 has
 * exited (no live progress), and k6 lets requests in flight at the duration's end finish (up to the
 * timeout), so `inFlightAtStop` is 0 and the last second holds those late outcomes. Go's HTTP client
 * inside k6 silently resends an idempotent request once when a reused keep-alive connection turns out
 * to be closed before any response byte; the client then counts one request where the front may see two.
 */
import { constants, createReadStream } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunLoadOptions } from '../load-driver.ts';
import { LoadError } from '../load-errors.ts';
import { validateLoadPlan } from '../load-plan-validation.ts';
import type { K6Thresholds, LoadPlan, LoadResult } from '../load-types.ts';
import { readFailedThresholds } from './failed-thresholds.ts';
import { startK6Process, type K6Exit } from './k6-process.ts';
import { K6OutputReader, type K6Accounting } from './k6-output-reader.ts';
import { GRACEFUL_STOP_MARGIN_MS, renderK6Script } from './render-k6-script.ts';
import { startSignalServer } from './start-signal-server.ts';

/** Where `npm run k6:build` puts k6: `bin/k6` at the repo root. */
export const K6_BINARY_PATH = fileURLToPath(new URL('../../../bin/k6', import.meta.url));

/** Time k6 gets beyond the plan's duration and its graceful stop to start and finish before it is killed. */
const K6_GRACE_MS = 30_000;

/** k6's exit code when a threshold was crossed (errext/exitcodes/codes.go). */
export const K6_EXIT_THRESHOLDS_FAILED = 99;

/** What k6's other exit codes mean (errext/exitcodes/codes.go), for error messages. */
const K6_EXIT_MEANINGS: Readonly<Record<number, string>> = {
  100: 'setup() timed out',
  104: 'invalid configuration, e.g. a threshold on a metric k6 does not know',
  105: 'aborted by a signal',
  107: 'the script threw',
  108: 'the script called test.abort()',
  109: 'k6 panicked',
};

/** Options of `runK6Load`: those of `runLoad`, plus where k6 is. */
export interface RunK6LoadOptions extends RunLoadOptions {
  /** The k6 binary; default {@link K6_BINARY_PATH}. */
  readonly k6Path?: string;
}

/**
 * Runs `plan` with k6, `thresholds` as k6's thresholds, and resolves once k6 has exited 0 or 99
 * (then with `k6.thresholdsFailed` and the crossed thresholds). Rejects with ERR_LOAD_PLAN_INVALID or
 * ERR_LOAD_URL_* before anything starts, ERR_LOAD_K6_MISSING when there is no k6 binary,
 * ERR_LOAD_CHILD_FAILED for any other exit code or unreadable output (with k6's last output lines),
 * ERR_LOAD_CHILD_HUNG/EXITED, or the abort reason; k6 has exited whenever the promise settles.
 */
export async function runK6Load(plan: LoadPlan, thresholds: K6Thresholds, options: RunK6LoadOptions = {}): Promise<LoadResult> {
  validateLoadPlan(plan);
  options.signal?.throwIfAborted();
  const k6Path = options.k6Path ?? K6_BINARY_PATH;
  try {
    await access(k6Path, constants.X_OK);
  } catch {
    throw new LoadError('ERR_LOAD_K6_MISSING', [k6Path]);
  }
  const dir = await mkdtemp(join(tmpdir(), 'poolchaos-k6-'));
  let failRun: ((error: Error) => void) | null = null;
  const signalServer = await startSignalServer((startedAtMs) => {
    try {
      options.onStart?.(startedAtMs);
    } catch (error) {
      failRun?.(error instanceof Error ? error : new Error('onStart threw a non-Error', { cause: error }));
    }
  });
  try {
    const files = runFiles(dir);
    await writeFile(files.script, renderK6Script({ plan, thresholds, signalUrl: signalServer.url, thresholdsFile: files.verdicts }));
    await writeFile(files.config, '{}\n');
    const k6 = startK6Process(
      k6Path,
      ['run', '--quiet', '--no-color', '--config', files.config, '--out', `json=${files.output}`, files.script],
      {
        env: k6Environment(dir),
        hangTimeoutMs: plan.durationMs + plan.timeoutMs + GRACEFUL_STOP_MARGIN_MS + K6_GRACE_MS,
        durationMs: plan.durationMs,
        signal: options.signal,
      },
    );
    failRun = k6.fail;
    const exit = await k6.exited;
    const result = await readResult(plan, files, exit, signalServer.signaledAtMs());
    for (const second of result.timeline) options.onSecond?.(second);
    return result;
  } finally {
    await signalServer.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The files of one run, all in its temp dir. */
interface RunFiles {
  readonly script: string;
  readonly config: string;
  readonly output: string;
  readonly verdicts: string;
}

function runFiles(dir: string): RunFiles {
  return {
    script: join(dir, 'load.js'),
    config: join(dir, 'k6-config.json'),
    output: join(dir, 'output.json'),
    verdicts: join(dir, 'thresholds.json'),
  };
}

/** The result of a k6 that exited 0 or 99 after the start signal; ERR_LOAD_CHILD_FAILED otherwise. */
async function readResult(plan: LoadPlan, files: RunFiles, exit: K6Exit, startedAtMs: number | null): Promise<LoadResult> {
  const isThresholdsFailed = exit.exitCode === K6_EXIT_THRESHOLDS_FAILED;
  if (exit.exitCode !== 0 && !isThresholdsFailed) throw new LoadError('ERR_LOAD_CHILD_FAILED', [describeExit(exit)]);
  if (startedAtMs === null)
    throw new LoadError('ERR_LOAD_CHILD_FAILED', [`k6 exited ${String(exit.exitCode)} without calling the start signal${tailOf(exit)}`]);
  const accounting = await readOutput(files.output, { startedAtMs, durationMs: plan.durationMs }, exit);
  const failedThresholds = isThresholdsFailed ? readFailedThresholds(await readIfPresent(files.verdicts), exit.outputTail) : [];
  return {
    startedAtMs,
    endedAtMs: Math.round(Math.max(accounting.lastSampleAtMs ?? 0, startedAtMs + plan.durationMs)),
    counts: accounting.counts,
    latency: accounting.latency,
    timeline: accounting.timeline,
    drain: null,
    k6: { exitCode: exit.exitCode, thresholdsFailed: isThresholdsFailed, failedThresholds },
  };
}

/** Only what k6 needs: no K6_* of the caller's, HOME in the temp dir, UTC times, nothing fetched. */
function k6Environment(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dir,
    TMPDIR: dir,
    TZ: 'UTC',
    K6_AUTO_EXTENSION_RESOLUTION: 'false',
    K6_NO_USAGE_REPORT: 'true',
  };
}

async function readOutput(file: string, settings: { startedAtMs: number; durationMs: number }, exit: K6Exit): Promise<K6Accounting> {
  const reader = new K6OutputReader(settings);
  try {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) reader.addLine(line);
    return reader.accounting();
  } catch (error) {
    const problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'k6 wrote no JSON output' : (error as Error).message;
    throw new LoadError('ERR_LOAD_CHILD_FAILED', [`${problem} (k6 exited ${String(exit.exitCode)})${tailOf(exit)}`], { cause: error });
  }
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

function describeExit(exit: K6Exit): string {
  const meaning = K6_EXIT_MEANINGS[exit.exitCode];
  return `k6 exited ${String(exit.exitCode)}${meaning === undefined ? '' : ` (${meaning})`}${tailOf(exit)}`;
}

/** The last lines of k6's output, for a message. */
function tailOf(exit: K6Exit): string {
  const lines = exit.outputTail.trim().split('\n').slice(-10);
  return lines.join('').trim() === '' ? '' : `; its output ended with:\n${lines.join('\n')}`;
}
