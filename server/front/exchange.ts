/**
 * One client request as the front carries it: queued, dispatched (possibly more than once), then ended
 * exactly once as served, lost or client-aborted. The exchange writes the worker's response to the
 * client; the dispatcher makes every decision about it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueueEntry } from './pool-queue.ts';
import type { UpstreamConnection, UpstreamReceiver } from './upstream-connection.ts';
import type { ResponseHead } from './response-parser.ts';
import type { UpstreamHead } from './forward-headers.ts';
import { filterResponseHeaders } from './forward-headers.ts';
import type { DispatchableWorker } from '../pool/worker-load.ts';
import type { RequestObservation } from './request-observer.ts';

/** Where an exchange is; `ended` once its outcome has been counted. */
export type ExchangeStage = 'receiving' | 'queued' | 'in-flight' | 'ended';

/** The dispatcher's side of an exchange's upstream events. */
export interface ExchangeOwner {
  /** True once the server began to stop: responses from then on close their client connection. */
  readonly isDraining: boolean;
  onDispatchCompleted(exchange: Exchange): void;
  onDispatchFailed(exchange: Exchange, error: Error): void;
}

export class Exchange implements UpstreamReceiver, QueueEntry<Exchange> {
  queuePrev: Exchange | null = null;
  queueNext: Exchange | null = null;
  isQueued = false;

  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly acceptedAtMs: number;
  readonly head: UpstreamHead;
  readonly isIdempotent: boolean;
  /** The whole body when held in memory; null when there is none or it streams. */
  body: Buffer | null = null;
  readonly isStreamingBody: boolean;
  /** Telemetry's handle on this request, or null when telemetry is off. */
  readonly observation: RequestObservation | null;

  stage: ExchangeStage = 'receiving';
  attempts = 0;
  worker: DispatchableWorker | null = null;
  connection: UpstreamConnection | null = null;
  isResponseStarted = false;

  readonly #owner: ExchangeOwner;
  #pending: Buffer[] = [];

  constructor(options: {
    req: IncomingMessage;
    res: ServerResponse;
    acceptedAtMs: number;
    head: UpstreamHead;
    isIdempotent: boolean;
    isStreamingBody: boolean;
    observation: RequestObservation | null;
    owner: ExchangeOwner;
  }) {
    this.req = options.req;
    this.res = options.res;
    this.acceptedAtMs = options.acceptedAtMs;
    this.head = options.head;
    this.isIdempotent = options.isIdempotent;
    this.isStreamingBody = options.isStreamingBody;
    this.observation = options.observation;
    this.#owner = options.owner;
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  /** A replay must send exactly the same request: possible when the body is absent or held whole. */
  get isBodyReplayable(): boolean {
    return !this.isStreamingBody;
  }

  onUpstreamHead(head: ResponseHead): void {
    if (this.stage === 'ended') return;
    this.isResponseStarted = true;
    if (this.#owner.isDraining) this.res.shouldKeepAlive = false;
    const headers = filterResponseHeaders(head.rawHeaders);
    if (head.statusMessage === '') this.res.writeHead(head.statusCode, headers);
    else this.res.writeHead(head.statusCode, head.statusMessage, headers);
  }

  onUpstreamBody(chunk: Buffer): void {
    this.#pending.push(chunk);
  }

  onUpstreamFlush(): boolean {
    if (this.#pending.length === 0 || this.stage === 'ended') return true;
    let isWritable = true;
    for (const chunk of this.#pending) isWritable = this.res.write(chunk);
    this.#pending = [];
    if (!isWritable) {
      const connection = this.connection;
      this.res.once('drain', () => connection?.resume());
    }
    return isWritable;
  }

  onUpstreamComplete(): void {
    const pending = this.#pending;
    this.#pending = [];
    if (this.stage !== 'ended') {
      if (pending.length === 0) this.res.end();
      else if (pending.length === 1) this.res.end(pending[0]);
      else this.res.end(Buffer.concat(pending));
    }
    this.#owner.onDispatchCompleted(this);
  }

  onUpstreamFailure(error: Error): void {
    this.#pending = [];
    this.#owner.onDispatchFailed(this, error);
  }
}
