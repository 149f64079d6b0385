/**
 * The worker's share of telemetry. Metrics: the worker keeps plain figures (responses finished, the
 * event-loop delay since the last collect) and hands them to the front on each `collect`; it runs no
 * MeterProvider and no endpoint, so a dead worker simply stops appearing. Traces: a request whose
 * traceparent says sampled gets a SERVER span that joins the front's trace and is active while the
 * handler runs, so handler code can add child spans through @opentelemetry/api. The worker never
 * starts a trace of its own (ParentBased with AlwaysOff at the root): the front decides sampling.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, BatchSpanProcessor, ParentBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { MetricsMessage } from '../ipc/protocol.ts';
import { chooseTraceExporter, createTraceExporter } from '../telemetry/trace-exporter.ts';
import type { RequestListener } from '../apps/load-handler.ts';

/** Sampling interval of the event-loop delay monitor; its samples include this interval, which is subtracted. */
const LOOP_DELAY_RESOLUTION_MS = 10;

/** Longest a draining worker waits for its last spans to be exported before it exits. */
const FLUSH_TIMEOUT_MS = 2000;

export interface WorkerTelemetryOptions {
  readonly pool: string;
  readonly workerId: number;
  readonly isTracingEnabled: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export class WorkerTelemetry {
  readonly #startTimeMs = Date.now() - Math.round(process.uptime() * 1000);
  readonly #loopDelay: ReturnType<typeof monitorEventLoopDelay> = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  readonly #tracer: Tracer | null;
  readonly #provider: TracerProvider | null;
  #requestsFinished = 0;

  constructor(options: WorkerTelemetryOptions) {
    this.#loopDelay.enable();
    const kind = options.isTracingEnabled ? chooseTraceExporter(options.env) : 'none';
    if (kind === 'none') {
      this.#provider = null;
      this.#tracer = null;
      return;
    }
    this.#provider = new TracerProvider({
      resource: resourceFromAttributes({
        'service.name': options.env['OTEL_SERVICE_NAME'] ?? 'poolchaos',
        'service.instance.id': `${options.pool}/${options.workerId}/${process.pid}`,
        'poolchaos.pool': options.pool,
        'poolchaos.worker.id': options.workerId,
        'process.pid': process.pid,
      }),
      sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }),
      spanProcessors: [new BatchSpanProcessor({ exporter: createTraceExporter(kind) })],
    });
    // The worker process is ours: registering globals lets handler code reach the active span.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(this.#provider);
    this.#tracer = this.#provider.getTracer('poolchaos-worker');
  }

  /** Wraps the worker's request listener: counts finished responses and traces sampled requests. */
  wrap(listener: RequestListener): RequestListener {
    const tracer = this.#tracer;
    return (req, res) => {
      res.once('finish', () => this.#requestsFinished++);
      // Only sampled requests carry a traceparent from the front (see pool-request-telemetry.ts).
      if (tracer === null || req.headers.traceparent === undefined) return listener(req, res);
      const parent = propagation.extract(ROOT_CONTEXT, req.headers);
      const parentSpan = trace.getSpanContext(parent);
      if (parentSpan === undefined || (parentSpan.traceFlags & TraceFlags.SAMPLED) === 0) return listener(req, res);
      return this.#traced(tracer, parent, req, res, listener);
    };
  }

  #traced(tracer: Tracer, parent: typeof ROOT_CONTEXT, req: IncomingMessage, res: ServerResponse, listener: RequestListener): unknown {
    const method = req.method ?? 'GET';
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'url.path': (req.url ?? '/').split('?')[0] ?? '/' },
      },
      parent,
    );
    const end = (): void => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (!res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'response not finished' });
      else if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('close', end);
    return context.with(trace.setSpan(parent, span), () => listener(req, res));
  }

  /** The figures for one collect; the event-loop delay window restarts with each call. */
  figures(seq: number): MetricsMessage {
    const memory = process.memoryUsage();
    const p99Ns = this.#loopDelay.count === 0 ? 0 : this.#loopDelay.percentile(99);
    this.#loopDelay.reset();
    return {
      type: 'metrics',
      seq,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopDelayP99Ms: Math.max(0, p99Ns / 1e6 - LOOP_DELAY_RESOLUTION_MS),
      requestsFinished: this.#requestsFinished,
      startTimeMs: this.#startTimeMs,
    };
  }

  /** Exports the spans still buffered (bounded), before a graceful exit. */
  async flush(): Promise<void> {
    if (this.#provider === null) return;
    await Promise.race([this.#provider.forceFlush(), new Promise((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref())]);
  }
}
