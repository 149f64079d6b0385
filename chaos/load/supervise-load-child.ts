/**
 * The parent side of the load driver: drives one forked child through the protocol in load-ipc.ts
 * and settles only once the child has exited, so no child outlives the promise. The child is killed
 * (SIGKILL) on abort, on a failure it reports or the IPC reports, when a callback throws, and when
 * it is still running `hangTimeoutMs` after it was forked.
 */
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { LoadError } from './load-errors.ts';
import { isChildMessage, type ParentMessage } from './load-ipc.ts';
import type { LoadPlan, LoadResult, LoadSecond } from './load-types.ts';

/** How much of the child's stderr a failure message quotes, in characters (the end of it). */
const STDERR_TAIL_CHARS = 2000;

/** The parts of a forked ChildProcess the supervisor uses. */
export interface LoadChildProcess extends EventEmitter {
  /** Undefined when the process could not be spawned (it then never emits 'close'). */
  readonly pid?: number | undefined;
  readonly stderr: Readable | null;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  send(message: ParentMessage, callback: (error: Error | null) => void): boolean;
  kill(signal: NodeJS.Signals): boolean;
}

/** Options of one supervised run. */
export interface SuperviseLoadChildOptions {
  readonly onStart?: (startedAtMs: number) => void;
  readonly onSecond?: (second: LoadSecond) => void;
  readonly signal?: AbortSignal;
  /** Kill the child if it has not exited this long after supervision began. */
  readonly hangTimeoutMs: number;
}

/**
 * Sends `plan` to `child` once it is ready, passes each second to `onSecond`, and resolves with the
 * result after the child exits; rejects with a LoadError (or the abort reason) otherwise.
 */
export function superviseLoadChild(child: LoadChildProcess, plan: LoadPlan, options: SuperviseLoadChildOptions): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    let result: LoadResult | null = null;
    let failure: Error | null = null;
    let isAborted = false;
    let stderrTail = '';

    const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;
    const kill = (): void => {
      if (isRunning()) child.kill('SIGKILL');
    };
    const fail = (error: Error): void => {
      failure ??= error;
      kill();
    };
    /** Runs a caller's callback; if it throws, the run fails with that error. */
    const callBack = (callback: () => void): void => {
      try {
        callback();
      } catch (error) {
        fail(error instanceof Error ? error : new Error('a load callback threw a non-Error', { cause: error }));
      }
    };
    const onAbort = (): void => {
      isAborted = true;
      kill();
    };
    const hangTimer = setTimeout(
      () => fail(new LoadError('ERR_LOAD_CHILD_HUNG', [options.hangTimeoutMs, plan.durationMs])),
      options.hangTimeoutMs,
    );

    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return fail(new LoadError('ERR_LOAD_CHILD_FAILED', [`unexpected message ${JSON.stringify(message)}`]));
      switch (message.type) {
        case 'ready':
          child.send({ type: 'start', plan }, (error) => {
            if (error !== null)
              fail(new LoadError('ERR_LOAD_CHILD_FAILED', [`the plan could not be sent: ${error.message}`], { cause: error }));
          });
          return;
        case 'started':
          return callBack(() => options.onStart?.(message.startedAtMs));
        case 'second':
          return callBack(() => options.onSecond?.(message.second));
        case 'result':
          result = message.result;
          return;
        case 'failed':
          return fail(new LoadError('ERR_LOAD_CHILD_FAILED', [message.message]));
      }
    });
    let isSettled = false;
    const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(hangTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (isAborted) return reject(abortReason(options.signal));
      if (failure !== null) return reject(failure);
      if (result !== null) return resolve(result);
      const how = signal === null ? `code ${code}` : `signal ${signal}`;
      const tail = stderrTail.trim() === '' ? '' : `; its stderr ended with:\n${stderrTail.trim()}`;
      reject(new LoadError('ERR_LOAD_CHILD_EXITED', [how, tail]));
    };
    child.once('close', settle);
    child.on('error', (error: Error) => {
      fail(new LoadError('ERR_LOAD_CHILD_FAILED', [error.message], { cause: error }));
      if (child.pid === undefined) settle(null, null);
    });

    if (options.signal?.aborted === true) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The signal's reason when it is an Error (as `AbortSignal.abort()` gives), else a plain AbortError. */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('the load run was aborted', 'AbortError');
}
