import type { MetricsMessage } from '../ipc/protocol.ts';
import type { WorkerState } from './worker-state.ts';
import type { RecycleReason } from '../pool/reasons.ts';
import { WorkerLoad, type DispatchableWorker } from '../pool/worker-load.ts';

/** The part of a child process the supervisor uses; a fake stands in for it in unit tests. */
export interface WorkerProcess {
  readonly pid: number;
  send(message: unknown): boolean;
  kill(signal: NodeJS.Signals): boolean;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Memory and event-loop figures from the worker's latest pong. */
export interface WorkerFigures {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly virtualBytes: number;
  readonly eventLoopDelayMs: number;
}

/** What the supervisor asked of a worker that is on its way out. */
export type ExitIntent = 'none' | 'drain' | 'kill';

/**
 * The supervisor's record of one worker process. The supervisor owns all of it but `load`, the request
 * counters the front's dispatcher writes (see pool/worker-load.ts); the getters below read them. All
 * times are epoch milliseconds.
 */
export class WorkerHandle implements DispatchableWorker {
  readonly id: number;
  readonly pool: string;
  readonly process: WorkerProcess;
  readonly socketPath: string;
  readonly startedAtMs: number;
  /** This worker's stretch of the time and requests recycle limits. */
  readonly jitterFraction: number;

  state: WorkerState = 'starting';
  readyAtMs: number | null = null;
  exitIntent: ExitIntent = 'none';
  drainStartedAtMs: number | null = null;
  /** Why this worker is being recycled, once it is. */
  recycleReason: RecycleReason | null = null;
  /** The worker this one was started to replace in an overlapped recycle. */
  replaces: WorkerHandle | null = null;
  /** The replacement started for this worker, while it is starting. */
  replacement: WorkerHandle | null = null;
  /** True while this worker holds its slot until it exits (disallowOverlappingRotation). */
  isHoldingSlot = false;

  pingSeq = 0;
  pingSentAtMs: number | null = null;
  /** performance.now() when the pending ping was sent, for the ping duration metric only. */
  pingSentAtPerfMs = 0;
  lastPingAtMs: number | null = null;
  figures: WorkerFigures = { rssBytes: 0, heapUsedBytes: 0, virtualBytes: 0, eventLoopDelayMs: 0 };

  /** The request counters: written by the front's dispatcher only. */
  readonly load: WorkerLoad;

  constructor(options: {
    id: number;
    pool: string;
    process: WorkerProcess;
    socketPath: string;
    startedAtMs: number;
    jitterFraction: number;
  }) {
    this.id = options.id;
    this.pool = options.pool;
    this.process = options.process;
    this.socketPath = options.socketPath;
    this.startedAtMs = options.startedAtMs;
    this.jitterFraction = options.jitterFraction;
    this.load = new WorkerLoad(options.startedAtMs);
  }

  #collectSeq = 0;
  readonly #collectWaiters = new Map<number, (figures: MetricsMessage | null) => void>();

  /**
   * Asks the worker for its metric figures; resolves null when it does not answer within `timeoutMs`
   * (hung, frozen or exiting), so one stuck worker never holds up a scrape.
   */
  collect(timeoutMs: number): Promise<MetricsMessage | null> {
    const seq = ++this.#collectSeq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null), timeoutMs);
      const finish = (figures: MetricsMessage | null): void => {
        clearTimeout(timer);
        this.#collectWaiters.delete(seq);
        resolve(figures);
      };
      this.#collectWaiters.set(seq, finish);
      try {
        this.process.send({ type: 'collect', seq });
      } catch {
        // The channel closed under us: the worker is exiting.
        finish(null);
      }
    });
  }

  /** Hands a `metrics` answer to the collect call waiting for it; late answers are dropped. */
  answerCollect(message: MetricsMessage): void {
    this.#collectWaiters.get(message.seq)?.(message);
  }

  get pid(): number {
    return this.process.pid;
  }

  /** Ready, and not just seen failing: the dispatcher may send it requests. */
  get isDispatchable(): boolean {
    return this.state === 'ready' && this.load.isReachable;
  }

  /** Requests dispatched over the worker's life (the front's count). */
  get requestsDispatched(): number {
    return this.load.requestsDispatched;
  }

  /** Requests in flight on the worker now (the front's count). */
  get outstandingRequests(): number {
    return this.load.outstandingRequests;
  }

  /** When the worker last made progress on a request (the front's clock reading). */
  get lastProgressAtMs(): number {
    return this.load.lastProgressAtMs;
  }

  /** When the worker was last busy, or became ready if it has been idle since. */
  get lastActivityAtMs(): number {
    return Math.max(this.load.lastActivityAtMs, this.readyAtMs ?? this.startedAtMs);
  }
}
