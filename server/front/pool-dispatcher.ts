/**
 * The front's side of one pool: admission to the bounded queue, choice of worker, forwarding, replay of
 * idempotent requests whose worker died, and the request accounting. It never starts or stops workers;
 * it tells the supervisor (through {@link PoolControl}) when demand arrives or a worker goes idle.
 *
 * Every accepted exchange ends exactly once (served, lost or client-aborted) in {@link PoolDispatcher.end}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LimitSettings, PoolSettings } from '../config/settings.ts';
import type { EventBus } from '../events.ts';
import type { FrontLink, PoolControl } from '../pool/pool-link.ts';
import type { LostReason, RejectReason } from '../pool/reasons.ts';
import type { DispatchableWorker } from '../pool/worker-load.ts';
import { chooseWorker } from './dispatch-policy.ts';
import { Exchange, type ExchangeOwner } from './exchange.ts';
import { buildUpstreamHead } from './forward-headers.ts';
import { PoolQueue } from './pool-queue.ts';
import { RequestCounters, type RequestCountersSnapshot } from './request-counters.ts';
import { decideFailover, isIdempotent } from './retry-policy.ts';
import { UpstreamPool } from './upstream-connection.ts';
import { rejectRequest } from './reject-response.ts';
import type { RequestObservation, RequestObserver } from './request-observer.ts';

/** How long a worker whose connection broke mid-request is left out of dispatch, unless it exits first. */
export const UNREACHABLE_BACKOFF_MS = 1000;

export class PoolDispatcher implements ExchangeOwner, FrontLink {
  readonly name: string;
  readonly settings: PoolSettings;
  readonly queue: PoolQueue<Exchange>;
  readonly counters = new RequestCounters();
  readonly #limits: LimitSettings;
  readonly #events: EventBus;
  readonly #now: () => number;
  readonly #observer: RequestObserver | null;
  #control: PoolControl | null = null;
  readonly #upstreams = new Map<DispatchableWorker, UpstreamPool>();
  readonly #inFlight = new Set<Exchange>();
  #lastChosenIndex = -1;
  #isDraining = false;

  constructor(options: {
    settings: PoolSettings;
    limits: LimitSettings;
    events: EventBus;
    now: () => number;
    /** Telemetry for each request; null (the default) records nothing. */
    observer?: RequestObserver | null;
  }) {
    this.name = options.settings.name;
    this.settings = options.settings;
    this.queue = new PoolQueue(options.settings.queueLength);
    this.#limits = options.limits;
    this.#events = options.events;
    this.#now = options.now;
    this.#observer = options.observer ?? null;
  }

  /** Connects the supervisor; called once before the front listens. */
  attach(control: PoolControl): void {
    this.#control = control;
  }

  get #pool(): PoolControl {
    if (this.#control === null) throw new Error(`pool ${this.name} has no supervisor attached`);
    return this.#control;
  }

  /** True once {@link beginDrain} was called. */
  get isDraining(): boolean {
    return this.#isDraining;
  }

  /**
   * The server began to stop: every response not yet started, for requests queued or in flight now,
   * closes its client connection (`Connection: close`). Requests still go on being served.
   */
  beginDrain(): void {
    this.#isDraining = true;
  }

  get queuedRequests(): number {
    return this.queue.length;
  }

  snapshot(): RequestCountersSnapshot {
    return this.counters.snapshot(this.queue.length, this.#inFlight.size);
  }

  /** Takes a client request routed to this pool: reject it at the door, or accept and queue it. */
  accept(req: IncomingMessage, res: ServerResponse): void {
    const pool = this.#pool;
    if (pool.state === 'Stopped') {
      this.#reject(req, res, pool.stopReason === 'RapidFail' ? 'AppOffline' : 'Disabled', null);
      return;
    }
    if (this.queue.isFull) {
      this.#reject(req, res, 'QueueFull', null);
      return;
    }
    const observation = this.#observer?.begin(req) ?? null;
    const head = buildUpstreamHead(req, req.socket.remoteAddress ?? '', observation?.traceparent ?? null);
    if (head.contentLength > this.#limits.maxAllowedContentLengthBytes) {
      // A complete response, as for a body refused mid-stream: served, so both sides' accounts agree.
      this.counters.accepted++;
      this.counters.served++;
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('request body too large\n');
      if (observation !== null) this.#observer?.end(observation, 'served', 413);
      return;
    }
    const exchange = new Exchange({
      req,
      res,
      acceptedAtMs: this.#now(),
      head,
      isIdempotent: isIdempotent(req.method ?? 'GET', req.headers['idempotency-key'] !== undefined),
      isStreamingBody:
        head.framing === 'chunked' || (head.framing === 'length' && head.contentLength > this.settings.retry.maxBufferedBodyBytes),
      observation,
      owner: this,
    });
    this.counters.accepted++;
    res.on('close', () => this.#onClientClosed(exchange));
    pool.onRequestArrived();
    if (head.framing === 'length' && !exchange.isStreamingBody) {
      this.#bufferBody(exchange);
    } else {
      this.#enqueue(exchange);
    }
  }

  /** Dispatches queued requests while some ready worker has room. */
  pump(): void {
    const workers = this.#pool.workers;
    const maxConcurrent = this.settings.processModel.maxConcurrentRequests;
    while (this.queue.length > 0) {
      const index = chooseWorker(workers, maxConcurrent, this.#lastChosenIndex);
      if (index === -1) return;
      this.#lastChosenIndex = index;
      const exchange = this.queue.shift() as Exchange;
      this.#dispatch(exchange, workers[index] as DispatchableWorker);
    }
  }

  /** Takes a worker out of the front's hands: its connections close and requests on them fail over. */
  detachWorker(worker: DispatchableWorker): void {
    const upstream = this.#upstreams.get(worker);
    if (upstream === undefined) return;
    this.#upstreams.delete(worker);
    upstream.destroyAll();
  }

  /** Answers every queued request with a 503 (or reset) because the pool stopped. */
  rejectQueued(reason: RejectReason): void {
    for (const exchange of this.queue.drain()) {
      exchange.stage = 'ended';
      this.counters.accepted--; // it is counted as rejected instead
      this.#reject(exchange.req, exchange.res, reason, exchange.observation);
    }
  }

  /** Ends requests that have waited longer than connectionTimeout (IIS Timer_AppPool). */
  sweepTimeouts(nowMs: number): void {
    const deadlineMs = nowMs - this.#limits.connectionTimeoutMs;
    for (let exchange = this.queue.peek(); exchange !== null && exchange.acceptedAtMs <= deadlineMs; exchange = this.queue.peek()) {
      this.queue.remove(exchange);
      this.#endLost(exchange, 'timeout');
    }
    for (const exchange of this.#inFlight) {
      if (exchange.acceptedAtMs <= deadlineMs) {
        this.#endLost(exchange, 'timeout');
        exchange.connection?.destroy();
      }
    }
  }

  onDispatchCompleted(exchange: Exchange): void {
    this.#releaseWorker(exchange, true);
    if (exchange.stage !== 'ended') this.#inFlight.delete(exchange);
    this.pump();
  }

  onDispatchFailed(exchange: Exchange, error: Error): void {
    const worker = exchange.worker;
    this.#releaseWorker(exchange, false);
    this.#inFlight.delete(exchange);
    if (exchange.stage === 'ended') {
      this.pump();
      return;
    }
    if (worker !== null) this.#markUnreachable(worker);
    const decision = decideFailover({
      isIdempotent: exchange.isIdempotent,
      isRetryEnabled: this.settings.retry.idempotent,
      hasResponseStarted: exchange.isResponseStarted,
      isBodyReplayable: exchange.isBodyReplayable,
      attempts: exchange.attempts,
    });
    if (decision.kind === 'retry') {
      this.counters.retried++;
      this.#events.emit('request-retried', {
        time: this.#now(),
        pool: this.name,
        workerId: worker?.id ?? -1,
        attempt: exchange.attempts + 1,
      });
      if (exchange.observation !== null) this.#observer?.retried(exchange.observation, exchange.attempts + 1);
      exchange.stage = 'queued';
      this.queue.unshift(exchange);
    } else {
      this.#endLost(exchange, decision.reason, error);
    }
    this.pump();
  }

  #enqueue(exchange: Exchange): void {
    exchange.stage = 'queued';
    this.queue.push(exchange);
    this.pump();
  }

  #bufferBody(exchange: Exchange): void {
    const chunks: Buffer[] = [];
    exchange.req.on('data', (chunk: Buffer) => chunks.push(chunk));
    exchange.req.on('end', () => {
      if (exchange.stage !== 'receiving') return;
      exchange.body = Buffer.concat(chunks);
      this.#enqueue(exchange);
    });
  }

  #dispatch(exchange: Exchange, worker: DispatchableWorker): void {
    let upstream = this.#upstreams.get(worker);
    if (upstream === undefined) {
      upstream = new UpstreamPool(worker.socketPath);
      this.#upstreams.set(worker, upstream);
    }
    const nowMs = this.#now();
    const { load } = worker;
    if (load.outstandingRequests === 0) load.lastProgressAtMs = nowMs;
    load.outstandingRequests++;
    load.requestsDispatched++;
    load.lastActivityAtMs = nowMs;
    exchange.attempts++;
    exchange.worker = worker;
    exchange.stage = 'in-flight';
    this.#inFlight.add(exchange);
    if (exchange.observation !== null) this.#observer?.dispatched(exchange.observation, worker.id, worker.pid, exchange.attempts);
    const connection = upstream.acquire();
    exchange.connection = connection;
    if (exchange.isStreamingBody) {
      connection.send(exchange, exchange.method, exchange.head.text, null);
      this.#streamBody(exchange);
    } else {
      connection.send(exchange, exchange.method, exchange.head.text, exchange.body);
    }
  }

  #streamBody(exchange: Exchange): void {
    const { req } = exchange;
    const connection = exchange.connection;
    if (connection === null) return;
    const isChunked = exchange.head.framing === 'chunked';
    let receivedBytes = 0;
    req.on('data', (chunk: Buffer) => {
      receivedBytes += chunk.length;
      if (receivedBytes > this.#limits.maxAllowedContentLengthBytes) {
        this.#refuseOversizedBody(exchange);
        return;
      }
      // Every piece of a chunk is written whatever the earlier writes return: false only asks for a pause.
      const isWritable = isChunked
        ? [`${chunk.length.toString(16)}\r\n`, chunk, '\r\n'].map((piece) => connection.writeBody(piece)).every(Boolean)
        : connection.writeBody(chunk);
      if (!isWritable) {
        req.pause();
        connection.onceWritable(() => req.resume());
      }
    });
    req.on('end', () => {
      if (isChunked) connection.writeBody('0\r\n\r\n');
    });
  }

  #refuseOversizedBody(exchange: Exchange): void {
    if (exchange.stage === 'ended') return;
    exchange.stage = 'ended';
    this.#inFlight.delete(exchange);
    exchange.connection?.destroy();
    if (!exchange.isResponseStarted) {
      exchange.res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('request body too large\n');
      this.counters.served++;
      this.#observeEnd(exchange, 'served', 413);
    } else {
      exchange.req.socket.destroy();
      this.counters.lost.truncated++;
      this.#observeEnd(exchange, 'lost', exchange.res.statusCode);
    }
  }

  #releaseWorker(exchange: Exchange, isCompleted: boolean): void {
    const worker = exchange.worker;
    exchange.connection = null;
    if (worker === null) return;
    const nowMs = this.#now();
    const { load } = worker;
    load.outstandingRequests--;
    load.lastActivityAtMs = nowMs;
    if (isCompleted) load.lastProgressAtMs = nowMs;
    if (load.outstandingRequests === 0) this.#pool.onWorkerIdle(worker);
  }

  #markUnreachable(worker: DispatchableWorker): void {
    if (!worker.load.isReachable) return;
    worker.load.isReachable = false;
    setTimeout(() => {
      worker.load.isReachable = true;
      this.pump();
    }, UNREACHABLE_BACKOFF_MS).unref();
  }

  #onClientClosed(exchange: Exchange): void {
    if (exchange.stage === 'ended') return;
    if (exchange.res.writableFinished) {
      exchange.stage = 'ended';
      this.#inFlight.delete(exchange);
      this.counters.served++;
      this.#observeEnd(exchange, 'served', exchange.res.statusCode);
      return;
    }
    const stage = exchange.stage === 'in-flight' ? 'in-flight' : 'queued';
    this.queue.remove(exchange);
    this.#inFlight.delete(exchange);
    exchange.stage = 'ended';
    this.counters.clientAborted++;
    this.#observeEnd(exchange, 'client_aborted', exchange.isResponseStarted ? exchange.res.statusCode : null);
    exchange.connection?.destroy();
    this.#events.emit('request-client-aborted', { time: this.#now(), pool: this.name, stage });
  }

  #endLost(exchange: Exchange, reason: LostReason, error?: Error): void {
    if (exchange.stage === 'ended') return;
    exchange.stage = 'ended';
    this.#inFlight.delete(exchange);
    this.counters.lost[reason]++;
    this.#observeEnd(exchange, 'lost', exchange.isResponseStarted ? exchange.res.statusCode : null);
    this.#events.emit('request-lost', {
      time: this.#now(),
      pool: this.name,
      workerId: exchange.worker?.id ?? null,
      reason,
    });
    // A reset tells the client plainly that this request got no answer (IIS Connection_Abandoned_By_AppPool).
    const socket = exchange.req.socket;
    if (reason === 'worker_died' && !exchange.isResponseStarted) socket.resetAndDestroy();
    else socket.destroy(error);
  }

  #reject(req: IncomingMessage, res: ServerResponse, reason: RejectReason, observation: RequestObservation | null): void {
    this.counters.rejected[reason]++;
    if (this.#isDraining) res.shouldKeepAlive = false;
    const response = rejectRequest(req, res, reason, this.settings.failure.loadBalancerCapabilities);
    const statusCode = response === '503' ? 503 : null;
    if (observation !== null) this.#observer?.end(observation, 'rejected', statusCode);
    else this.#observer?.rejected(req, statusCode);
    this.#events.emit('request-rejected', { time: this.#now(), pool: this.name, reason, response });
  }

  #observeEnd(exchange: Exchange, outcome: 'served' | 'lost' | 'client_aborted', statusCode: number | null): void {
    if (exchange.observation !== null) this.#observer?.end(exchange.observation, outcome, statusCode);
  }
}
