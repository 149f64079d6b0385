/**
 * Live progress of `poolchaos run`: on a terminal one line rewritten in place each second (elapsed,
 * req/s, outcomes so far, faults injected); elsewhere (CI, pipes) plain lines, one every few seconds,
 * plus one per fault.
 */
import type { FaultRecord, LoadSecond, RunProgress, Scenario } from '../chaos/index.ts';

/** Seconds between plain progress lines when not on a terminal. */
export const PLAIN_LINE_EVERY_S = 2;

interface Totals {
  sent: number;
  served: number;
  rejected: number;
  lost: number;
  faults: number;
}

/** A progress reporter writing to `stream` (a terminal when `isTty`). */
export function createRunProgress(stream: NodeJS.WritableStream, isTty: boolean): RunProgress & { finish(): void } {
  let totals: Totals = { sent: 0, served: 0, rejected: 0, lost: 0, faults: 0 };
  let isLineOpen = false;
  const line = (scenario: Scenario, second: LoadSecond): string =>
    `[${scenario.name}] ${String(second.second + 1)}s/${String(Math.round(scenario.load.durationMs / 1000))}s  ` +
    `${second.sent.toLocaleString('en-US')} req/s  served ${totals.served.toLocaleString('en-US')}  rejected ${String(totals.rejected)}  ` +
    `lost ${String(totals.lost)}  faults ${String(totals.faults)}/${String(scenario.faults.length)}`;
  const closeLine = (): void => {
    if (isLineOpen) stream.write('\n');
    isLineOpen = false;
  };
  return {
    started(scenario, frontUrl) {
      totals = { sent: 0, served: 0, rejected: 0, lost: 0, faults: 0 };
      closeLine();
      stream.write(
        `[${scenario.name}] load on ${frontUrl} for ${String(scenario.load.durationMs / 1000)}s, ${String(scenario.faults.length)} fault(s)\n`,
      );
    },
    second(scenario, second) {
      totals.sent += second.sent;
      totals.served += second.served;
      totals.rejected += second.rejected;
      totals.lost += second.lost;
      if (isTty) {
        stream.write(`\r\u001b[2K${line(scenario, second)}`);
        isLineOpen = true;
      } else if ((second.second + 1) % PLAIN_LINE_EVERY_S === 0) {
        stream.write(`${line(scenario, second)}\n`);
      }
    },
    injected(scenario, record: FaultRecord) {
      totals.faults++;
      closeLine();
      const what =
        record.error === null
          ? `hit ${record.affected.map((worker) => `worker ${String(worker.workerId)} (pid ${String(worker.pid)})`).join(', ') || 'the next starts'}`
          : `failed: ${record.error}`;
      stream.write(`[${scenario.name}] fault ${String(record.index + 1)} ${record.kind} at ${String(record.atMs)}ms: ${what}\n`);
    },
    finish: closeLine,
  };
}
