/**
 * One `k6 run` child process, watched until it exits: killed (SIGKILL) on abort, when the caller
 * fails the run, or when it is still running `hangTimeoutMs` after it was spawned. `exited` settles
 * only once the process is gone, so no k6 outlives the run. It resolves with the exit code, whatever
 * it is (the caller decides what 0, 99 and the rest mean), and the end of k6's output; it rejects
 * when k6 could not be spawned or died of a signal it was not sent here.
 */
import { spawn } from 'node:child_process';
import { LoadError } from '../load-errors.ts';

/** How much of k6's output (stdout and stderr, interleaved) is kept, in characters (the end of it). */
const OUTPUT_TAIL_CHARS = 4000;

/** How k6 ended. */
export interface K6Exit {
  readonly exitCode: number;
  /** The last OUTPUT_TAIL_CHARS characters k6 wrote. */
  readonly outputTail: string;
}

/** What starting k6 needs. */
export interface K6ProcessOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly hangTimeoutMs: number;
  /** The plan's duration, for the hang message. */
  readonly durationMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** A running k6. */
export interface K6Process {
  readonly exited: Promise<K6Exit>;
  /** Kills k6; `exited` then rejects with `error` (the first one given). */
  readonly fail: (error: Error) => void;
}

/** Spawns `k6Path args` and watches it. */
export function startK6Process(k6Path: string, args: readonly string[], options: K6ProcessOptions): K6Process {
  const child = spawn(k6Path, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let failure: Error | null = null;
  let outputTail = '';
  const keep = (chunk: string): void => {
    outputTail = (outputTail + chunk).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const fail = (error: Error): void => {
    failure ??= error;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onAbort = (): void => fail(abortReason(options.signal));
  const hangTimer = setTimeout(
    () => fail(new LoadError('ERR_LOAD_CHILD_HUNG', [options.hangTimeoutMs, options.durationMs])),
    options.hangTimeoutMs,
  );
  const exited = new Promise<K6Exit>((resolve, reject) => {
    const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(hangTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failure !== null) return reject(failure);
      if (code !== null) return resolve({ exitCode: code, outputTail });
      const tail = outputTail.trim() === '' ? '' : `; its output ended with:\n${outputTail.trim()}`;
      reject(new LoadError('ERR_LOAD_CHILD_EXITED', [`k6, signal ${String(signal)}`, tail]));
    };
    child.once('close', settle);
    child.once('error', (error: Error) => {
      fail(new LoadError('ERR_LOAD_CHILD_FAILED', [`k6 could not be started (${k6Path}): ${error.message}`], { cause: error }));
      if (child.pid === undefined) settle(null, null);
    });
  });
  if (options.signal?.aborted === true) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  return { exited, fail };
}

/** The signal's reason when it is an Error (as `AbortSignal.abort()` gives), else a plain AbortError. */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('the load run was aborted', 'AbortError');
}
