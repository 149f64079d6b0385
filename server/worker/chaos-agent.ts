/**
 * The worker-side chaos agent: acts out the faults the supervisor sends over IPC from inside the
 * worker process. It sits in front of the pool's apps (see {@link ChaosAgent.handle}); with no fault
 * active it passes every request straight through.
 *
 * Faults with a duration end by themselves; requests a deadlock held stay unanswered for good (that is
 * the fault: only the supervisor's responseDeadlockInterval ends them, by replacing the worker).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { seededRandom } from '../../faults/index.ts';
import type { ChaosMessage } from '../ipc/protocol.ts';

/** How often a leak retains its next slice of memory. */
export const LEAK_STEP_MS = 100;

/** What the agent needs from the process; the real one exits and aborts for real. */
export interface AgentProcess {
  exit(code: number): void;
  abort(): void;
  now(): number;
}

interface ShareFault {
  readonly share: number;
  readonly untilMs: number;
  readonly random: () => number;
}

export class ChaosAgent {
  readonly #process: AgentProcess;
  #slow: (ShareFault & { readonly delayMs: number }) | null = null;
  #errors: (ShareFault & { readonly status: number }) | null = null;
  #deadlockUntilMs = -1;
  readonly #held: ServerResponse[] = [];
  readonly #leaked: Buffer[] = [];
  #leakedBytes = 0;
  #isIgnoringShutdown = false;

  constructor(process: AgentProcess) {
    this.#process = process;
  }

  /** True once an `ignore-shutdown` fault arrived: drain requests and SIGTERM are ignored. */
  get isIgnoringShutdown(): boolean {
    return this.#isIgnoringShutdown;
  }

  /** Bytes a leak retains so far. */
  get leakedBytes(): number {
    return this.#leakedBytes;
  }

  /** Requests held unanswered by a deadlock. */
  get heldRequests(): number {
    return this.#held.length;
  }

  /** Acts out one fault. */
  apply(message: ChaosMessage): void {
    const nowMs = this.#process.now();
    const untilMs = message.durationMs === null ? Number.POSITIVE_INFINITY : nowMs + message.durationMs;
    switch (message.kind) {
      case 'crash':
        this.#crash(message.params.method, message.params.exitCode);
        break;
      case 'busy-loop':
        // Let the IPC handler return first, so the supervisor's send completes before the loop starts.
        setImmediate(() => blockFor(this.#process, message.durationMs ?? 0));
        break;
      case 'deadlock':
        this.#deadlockUntilMs = untilMs;
        break;
      case 'leak':
        this.#startLeak(message.params.rateBytesPerSecond, message.params.capBytes, untilMs);
        break;
      case 'slow-responses':
        this.#slow = { ...message.params, untilMs, random: seededRandom(message.seed) };
        break;
      case 'error-responses':
        this.#errors = { ...message.params, untilMs, random: seededRandom(message.seed) };
        break;
      case 'ignore-shutdown':
        this.#isIgnoringShutdown = true;
        break;
    }
  }

  /** Runs a request through the active faults, then hands it to `next` (the app) unless a fault answered. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const nowMs = this.#process.now();
    if (nowMs < this.#deadlockUntilMs) {
      req.resume();
      this.#held.push(res);
      return;
    }
    const errors = this.#errors;
    if (errors !== null && isHit(errors, nowMs)) {
      req.resume();
      res.writeHead(errors.status, { 'content-type': 'text/plain', 'x-poolchaos-fault': 'error-responses' });
      res.end(`fault: error-responses (${String(errors.status)})\n`);
      return;
    }
    const slow = this.#slow;
    if (slow !== null && isHit(slow, nowMs)) {
      setTimeout(next, slow.delayMs);
      return;
    }
    next();
  }

  #crash(method: 'signal' | 'exit' | 'uncaught' | 'abort', exitCode: number): void {
    switch (method) {
      case 'exit':
        this.#process.exit(exitCode);
        break;
      case 'uncaught':
        setImmediate(() => {
          throw new Error('poolchaos fault: uncaught exception in the worker');
        });
        break;
      case 'abort':
        this.#process.abort();
        break;
      case 'signal':
        // Signals are sent by the supervisor; an agent never receives this method.
        break;
    }
  }

  #startLeak(rateBytesPerSecond: number, capBytes: number, untilMs: number): void {
    const stepBytes = Math.max(1, Math.round((rateBytesPerSecond * LEAK_STEP_MS) / 1000));
    const timer = setInterval(() => {
      if (this.#process.now() >= untilMs || this.#leakedBytes >= capBytes) {
        clearInterval(timer);
        return;
      }
      const size = Math.min(stepBytes, capBytes - this.#leakedBytes);
      // Filled, so every page is touched and counts in the resident and private figures.
      this.#leaked.push(Buffer.alloc(size, 0x5a));
      this.#leakedBytes += size;
    }, LEAK_STEP_MS);
  }
}

function isHit(fault: ShareFault, nowMs: number): boolean {
  return nowMs < fault.untilMs && fault.random() < fault.share;
}

/** Keeps the event loop busy for `durationMs`: nothing else in the worker runs meanwhile. */
function blockFor(process: AgentProcess, durationMs: number): void {
  const endMs = process.now() + durationMs;
  while (process.now() < endMs) {
    // spin: the fault is the blocked event loop
  }
}
