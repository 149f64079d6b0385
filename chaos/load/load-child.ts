/**
 * The child side of the load driver: says it is ready, takes one plan, runs it with `driveLoad`,
 * streams each second as it closes, sends the result (or the failure) and then exits. If the parent
 * goes away first, the child exits at once, so a load never outlives its driver.
 */
import { driveLoad } from './drive-load.ts';
import { isParentMessage, type ChildMessage } from './load-ipc.ts';
import type { LoadSecond } from './load-types.ts';

/** The IPC side of `process` in a forked child, as the load child uses it. */
export interface LoadChildChannel {
  send(message: ChildMessage, callback?: (error: Error | null) => void): boolean;
  once(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'disconnect', listener: () => void): unknown;
  disconnect(): void;
}

/** Serves one load run over `channel`; `exit` ends the process with the given code. */
export function serveLoadChild(channel: LoadChildChannel, exit: (code: number) => void): void {
  let exitCode = 1;
  channel.once('disconnect', () => exit(exitCode));
  channel.once('message', (message) => {
    const finish = (last: ChildMessage, code: number): void => {
      channel.send(last, (error) => {
        exitCode = error === null ? code : 1;
        channel.disconnect();
      });
    };
    if (!isParentMessage(message)) {
      finish({ type: 'failed', message: `expected a start message, got ${JSON.stringify(message)}` }, 1);
      return;
    }
    // A failed send means the parent is gone; 'disconnect' then ends the process.
    const onSecond = (second: LoadSecond): void => void channel.send({ type: 'second', second }, () => {});
    const onStart = (startedAtMs: number): void => void channel.send({ type: 'started', startedAtMs }, () => {});
    driveLoad(message.plan, { onStart, onSecond }).then(
      (result) => finish({ type: 'result', result }, 0),
      (error: unknown) => finish({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1),
    );
  });
  channel.send({ type: 'ready' });
}
