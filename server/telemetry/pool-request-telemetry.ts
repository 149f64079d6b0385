/**
 * Metrics and traces for the requests of one pool, on the front's hot path. Kept cheap on purpose:
 * one record into a local histogram series per request (request-histograms.ts), one more at the
 * first dispatch, and spans only for sampled requests, whose root sampling is drawn here before any
 * span exists (generic HTTP auto-instrumentation cost about two thirds of a proxy's throughput in our
 * study, so none is loaded here).
 *
 * Span shape per sampled request: SERVER `{method}` at the front (attribute `poolchaos.pool`), with a
 * `poolchaos.dispatch` event per attempt (the first one at the end of the queue wait, which it carries
 * as `poolchaos.queue.wait.duration` in seconds), a `poolchaos.retry` event per replay, a
 * `poolchaos.chaos.injected` event when a fault hits the worker serving it, and the worker's own
 * SERVER span as a child through traceparent. The queue wait is an event rather than a child span:
 * spans dominate a traced request's cost (built, buffered, serialised), and the front's two became one.
 */
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { RequestObservation, RequestObserver } from '../front/request-observer.ts';
import type { RequestOutcome } from './metric-catalogue.ts';
import type { ExplicitHistogram, HistogramSeries } from './request-histograms.ts';
import type { TraceBudget } from './trace-budget.ts';

/** Methods kept as they are in `http.request.method`; anything else is `_OTHER` (HTTP semantic conventions). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** Normalises a request method for metric attributes, bounding their cardinality. */
export function metricMethod(method: string | undefined): string {
  return method !== undefined && KNOWN_METHODS.has(method) ? method : '_OTHER';
}

const propagator = new W3CTraceContextPropagator();

const headerGetter: TextMapGetter<IncomingMessage['headers']> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

interface Observation extends RequestObservation {
  readonly startedAtMs: number;
  readonly method: string;
  readonly span: Span | null;
  workerId: number;
}

export interface PoolRequestTelemetryOptions {
  readonly pool: string;
  /** Null when metrics are off. */
  readonly requestDuration: ExplicitHistogram | null;
  readonly queueWait: ExplicitHistogram | null;
  /** Null when traces are off: no span is ever created. */
  readonly tracer: Tracer | null;
  /**
   * Share of requests without a traceparent that start a trace. Drawn here, so the tracer's root
   * sampler must sample everything it is asked about (ParentBased with AlwaysOn at the root).
   */
  readonly samplingRatio: number;
  /**
   * Caps the root traces the ratio selects (shared by every pool of the front); null for no cap. A
   * client's sampled traceparent is followed without taking from it.
   */
  readonly rootBudget: TraceBudget | null;
  /** Draws the sampling decision; Math.random by default. */
  readonly random?: () => number;
}

export class PoolRequestTelemetry implements RequestObserver {
  readonly #pool: string;
  readonly #requestDuration: ExplicitHistogram | null;
  readonly #queueWaitSeries: HistogramSeries | null;
  readonly #tracer: Tracer | null;
  readonly #samplingRatio: number;
  readonly #rootBudget: TraceBudget | null;
  readonly #random: () => number;
  /** One series per method, status (-1 for none) and outcome, found without building a key. */
  readonly #durationSeries = new Map<string, Map<number, Map<RequestOutcome, HistogramSeries>>>();
  /** Sampled requests not yet ended, for chaos span events. */
  readonly #traced = new Set<Observation>();

  constructor(options: PoolRequestTelemetryOptions) {
    this.#pool = options.pool;
    this.#requestDuration = options.requestDuration;
    this.#queueWaitSeries = options.queueWait?.series(Object.freeze({ pool: options.pool })) ?? null;
    this.#tracer = options.tracer;
    this.#samplingRatio = options.samplingRatio;
    this.#rootBudget = options.rootBudget;
    this.#random = options.random ?? Math.random;
  }

  begin(req: IncomingMessage): RequestObservation {
    const method = metricMethod(req.method);
    const startedAtMs = performance.now();
    // A request without a traceparent is a root: its decision is drawn before anything is created, so
    // the unsampled majority costs one random number instead of a non-recording span.
    const tracer = this.#tracer;
    const parent = tracer === null ? null : parentOf(req);
    const shouldStart = tracer !== null && (parent !== null || this.#shouldStartRoot(startedAtMs));
    const span = shouldStart ? this.#startSpan(tracer, req, method, parent ?? ROOT_CONTEXT) : null;
    const isSampled = span !== null && (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
    const observation: Observation = {
      traceparent: isSampled ? traceparentOf(span) : null,
      startedAtMs,
      method,
      span: isSampled ? span : null,
      workerId: -1,
    };
    if (isSampled) this.#traced.add(observation);
    return observation;
  }

  dispatched(observation: RequestObservation, workerId: number, pid: number, attempt: number): void {
    const observed = observation as Observation;
    observed.workerId = workerId;
    const span = observed.span;
    if (attempt !== 1) {
      span?.addEvent('poolchaos.dispatch', { 'poolchaos.worker.id': workerId, 'process.pid': pid, 'poolchaos.attempt': attempt });
      return;
    }
    const waitedSec = (performance.now() - observed.startedAtMs) / 1000;
    this.#queueWaitSeries?.record(waitedSec);
    span?.addEvent('poolchaos.dispatch', {
      'poolchaos.worker.id': workerId,
      'process.pid': pid,
      'poolchaos.attempt': attempt,
      'poolchaos.queue.wait.duration': waitedSec,
    });
  }

  retried(observation: RequestObservation, attempt: number): void {
    (observation as Observation).span?.addEvent('poolchaos.retry', { 'poolchaos.attempt': attempt });
  }

  end(observation: RequestObservation, outcome: RequestOutcome, statusCode: number | null): void {
    const observed = observation as Observation;
    this.#durationSeriesOf(observed.method, statusCode, outcome)?.record((performance.now() - observed.startedAtMs) / 1000);
    const span = observed.span;
    if (span === null) return;
    this.#traced.delete(observed);
    span.setAttribute('poolchaos.outcome', outcome);
    if (statusCode !== null) span.setAttribute('http.response.status_code', statusCode);
    if (statusCode === null || statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    span.end();
  }

  rejected(req: IncomingMessage, statusCode: number | null): void {
    this.#durationSeriesOf(metricMethod(req.method), statusCode, 'rejected')?.record(0);
  }

  /** Adds a chaos event to the sampled requests in flight on the hit workers (every worker when none is named). */
  chaosInjected(kind: string, faultId: number, workerIds: readonly number[]): void {
    for (const observed of this.#traced) {
      if (workerIds.length > 0 && !workerIds.includes(observed.workerId)) continue;
      observed.span?.addEvent('poolchaos.chaos.injected', { 'poolchaos.chaos.kind': kind, 'poolchaos.chaos.fault_id': faultId });
    }
  }

  /** The ratio's draw, then the per-second budget (only a selected trace takes from it). */
  #shouldStartRoot(nowMs: number): boolean {
    return this.#random() < this.#samplingRatio && (this.#rootBudget?.tryTake(nowMs) ?? true);
  }

  #durationSeriesOf(method: string, statusCode: number | null, outcome: RequestOutcome): HistogramSeries | null {
    const histogram = this.#requestDuration;
    if (histogram === null) return null;
    let byStatus = this.#durationSeries.get(method);
    if (byStatus === undefined) this.#durationSeries.set(method, (byStatus = new Map<number, Map<RequestOutcome, HistogramSeries>>()));
    let byOutcome = byStatus.get(statusCode ?? -1);
    if (byOutcome === undefined) byStatus.set(statusCode ?? -1, (byOutcome = new Map<RequestOutcome, HistogramSeries>()));
    let series = byOutcome.get(outcome);
    if (series === undefined) {
      series = histogram.series(
        statusCode === null
          ? { pool: this.#pool, 'http.request.method': method, outcome }
          : { pool: this.#pool, 'http.request.method': method, 'http.response.status_code': statusCode, outcome },
      );
      byOutcome.set(outcome, series);
    }
    return series;
  }

  #startSpan(tracer: Tracer, req: IncomingMessage, method: string, parent: Context): Span {
    return tracer.startSpan(
      method === '_OTHER' ? 'HTTP' : method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': (req.url ?? '/').split('?')[0] ?? '/',
          'poolchaos.pool': this.#pool,
        },
      },
      parent,
    );
  }
}

/** The context of a valid client traceparent, or null (none, or malformed: the request is then a root). */
function parentOf(req: IncomingMessage): Context | null {
  if (req.headers.traceparent === undefined) return null;
  const extracted = propagator.extract(ROOT_CONTEXT, req.headers, headerGetter);
  return trace.getSpanContext(extracted) === undefined ? null : extracted;
}

function traceparentOf(span: Span): string {
  const context = span.spanContext();
  return `00-${context.traceId}-${context.spanId}-0${(context.traceFlags & TraceFlags.SAMPLED).toString(16)}`;
}
