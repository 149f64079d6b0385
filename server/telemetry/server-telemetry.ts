/**
 * The front's telemetry: the only MeterProvider of the server, the Prometheus handler the admin API
 * mounts at /metrics, optional OTLP export of metrics and spans through the standard OTEL_* variables,
 * and the request observers the dispatchers call.
 *
 * Where figures come from: requests and queue waits are recorded by {@link PoolRequestTelemetry} on
 * the hot path into local histograms (request-histograms.ts) that a producer hands to the exporters; everything the dispatchers and supervisors already count (rejections, losses,
 * retries, restarts, worker states) is read at scrape time by observable instruments, so metrics and
 * the admin API can never disagree; chaos figures come from the event bus; per-worker figures come
 * from the workers over IPC at scrape time ({@link WorkerMetricProducer}).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createNoopMeter, type Attributes, type Histogram, type Meter, type Tracer } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { TelemetrySettings } from '../config/settings.ts';
import type { EventBus } from '../events.ts';
import { FAULT_KINDS, type FaultKind } from '../../faults/index.ts';
import type { PoolDispatcher } from '../front/pool-dispatcher.ts';
import type { PoolSupervisor } from '../supervisor/pool-supervisor.ts';
import { WORKER_STATES } from '../supervisor/worker-state.ts';
import { FrontRuntimeMetrics } from './front-runtime-metrics.ts';
import {
  PING_DURATION_BUCKETS_S,
  POOL_STATE_SERIES,
  QUEUE_WAIT_BUCKETS_S,
  REQUEST_DURATION_BUCKETS_S,
  metricDefinition,
  type MetricName,
} from './metric-catalogue.ts';
import { PoolRequestTelemetry } from './pool-request-telemetry.ts';
import { ExplicitHistogram, HistogramProducer } from './request-histograms.ts';
import { TraceBudget } from './trace-budget.ts';
import { chooseTraceExporter, createTraceExporter } from './trace-exporter.ts';
import { WorkerMetricProducer } from './worker-metric-producer.ts';

/** OTLP metric export interval when OTEL_METRIC_EXPORT_INTERVAL is unset (the specification's default). */
const DEFAULT_OTLP_EXPORT_INTERVAL_MS = 60_000;
const DEFAULT_OTLP_EXPORT_TIMEOUT_MS = 30_000;

/** The instrumentation scope of every poolchaos instrument and span. */
export const SCOPE_NAME = 'poolchaos';

/** A pool as telemetry reads it. */
export interface ObservedPool {
  readonly supervisor: PoolSupervisor;
  readonly dispatcher: PoolDispatcher;
}

export interface ServerTelemetryOptions {
  readonly settings: TelemetrySettings;
  readonly events: EventBus;
  /** Filled by the server before the first scrape; read at every collection. */
  readonly pools: ReadonlyMap<string, ObservedPool>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Replaces the exporter OTEL_* would choose (tests pass an in-memory one). */
  readonly spanExporter?: SpanExporter;
  /** Per-worker answer timeout at each scrape. */
  readonly collectTimeoutMs?: number;
}

interface PoolCounts {
  readonly injections: Record<FaultKind, number>;
  readonly active: Record<FaultKind, number>;
}

export class ServerTelemetry {
  /** Whether `/metrics` is served. */
  readonly isMetricsEnabled: boolean;
  /** Whether the front traces requests (and tells workers to join sampled traces). */
  readonly isTracingEnabled: boolean;
  readonly #pools: ReadonlyMap<string, ObservedPool>;
  readonly #meterProvider: MeterProvider | null;
  readonly #prometheus: PrometheusExporter | null;
  readonly #runtime: FrontRuntimeMetrics | null;
  readonly #tracerProvider: TracerProvider | null;
  readonly #tracer: Tracer | null;
  readonly #requestDuration: ExplicitHistogram | null;
  readonly #queueWait: ExplicitHistogram | null;
  readonly #samplingRatio: number;
  /** Shared by every pool: the cap is on the front's traces per second. */
  readonly #rootBudget: TraceBudget | null;
  readonly #pingDuration: Histogram;
  readonly #requestTelemetry = new Map<string, PoolRequestTelemetry>();
  readonly #chaosCounts = new Map<string, PoolCounts>();
  readonly #unsubscribe: () => void;

  constructor(options: ServerTelemetryOptions) {
    this.isMetricsEnabled = options.settings.isMetricsEnabled;
    this.#pools = options.pools;
    this.#samplingRatio = options.settings.traceSamplingRatio;
    const maxPerSecond = options.settings.traceMaxPerSecond;
    this.#rootBudget = maxPerSecond === 0 ? null : new TraceBudget(maxPerSecond, performance.now());
    this.#requestDuration = this.isMetricsEnabled
      ? new ExplicitHistogram('http.server.request.duration', REQUEST_DURATION_BUCKETS_S)
      : null;
    this.#queueWait = this.isMetricsEnabled ? new ExplicitHistogram('poolchaos.queue.wait.duration', QUEUE_WAIT_BUCKETS_S) : null;
    const resource = resourceFromAttributes({
      'service.name': options.env['OTEL_SERVICE_NAME'] ?? 'poolchaos',
      'service.instance.id': `front/${process.pid}`,
      'process.pid': process.pid,
    });

    const traceExporter = options.spanExporter ?? createSpanExporter(options.env);
    this.isTracingEnabled = traceExporter !== null;
    this.#tracerProvider =
      traceExporter === null
        ? null
        : new TracerProvider({
            resource,
            // Root decisions are drawn by PoolRequestTelemetry before a span exists (see there).
            sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
            spanProcessors: [new BatchSpanProcessor({ exporter: traceExporter })],
          });
    this.#tracer = this.#tracerProvider?.getTracer(SCOPE_NAME) ?? null;

    if (this.isMetricsEnabled) {
      const workerProducer = new WorkerMetricProducer({
        pools: () => [...this.#pools.values()].map((pool) => pool.supervisor),
        resource,
        scopeName: SCOPE_NAME,
        ...(options.collectTimeoutMs === undefined ? {} : { collectTimeoutMs: options.collectTimeoutMs }),
      });
      const histogramProducer = new HistogramProducer({
        histograms: [this.#requestDuration, this.#queueWait].filter((histogram) => histogram !== null),
        resource,
        scopeName: SCOPE_NAME,
      });
      const producers = [histogramProducer, workerProducer];
      this.#prometheus = new PrometheusExporter({ preventServerStart: true, metricProducers: producers });
      const readers: IMetricReader[] = [this.#prometheus];
      if (
        (options.env['OTEL_METRICS_EXPORTER'] ?? '')
          .split(',')
          .map((name) => name.trim())
          .includes('otlp')
      ) {
        const intervalMs = Number(options.env['OTEL_METRIC_EXPORT_INTERVAL'] ?? '') || DEFAULT_OTLP_EXPORT_INTERVAL_MS;
        readers.push(
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter(),
            exportIntervalMillis: intervalMs,
            exportTimeoutMillis: Math.min(intervalMs, DEFAULT_OTLP_EXPORT_TIMEOUT_MS),
            metricProducers: producers,
          }),
        );
      }
      this.#meterProvider = new MeterProvider({ resource, readers });
      this.#runtime = new FrontRuntimeMetrics(this.#meterProvider);
    } else {
      this.#prometheus = null;
      this.#meterProvider = null;
      this.#runtime = null;
    }
    const meter = this.#meterProvider?.getMeter(SCOPE_NAME) ?? createNoopMeter();
    this.#pingDuration = createHistogram(meter, 'poolchaos.health.ping.duration', PING_DURATION_BUCKETS_S);
    if (this.#meterProvider !== null) this.#observePools(meter);
    this.#unsubscribe = options.events.subscribe((event) => {
      if (event.type === 'chaos-injected') {
        const counts = this.#countsOf(event.pool);
        counts.injections[event.kind]++;
        if (event.durationMs !== null) counts.active[event.kind]++;
        this.#requestTelemetry.get(event.pool)?.chaosInjected(event.kind, event.faultId, event.workerIds);
      } else if (event.type === 'chaos-ended') {
        const counts = this.#countsOf(event.pool);
        counts.active[event.kind] = Math.max(0, counts.active[event.kind] - 1);
      }
    });
  }

  /** The observer the dispatcher of `pool` reports its requests to; null when nothing is recorded. */
  requestObserver(pool: string): PoolRequestTelemetry | null {
    if (!this.isMetricsEnabled && !this.isTracingEnabled) return null;
    const telemetry = new PoolRequestTelemetry({
      pool,
      requestDuration: this.#requestDuration,
      queueWait: this.#queueWait,
      tracer: this.#tracer,
      samplingRatio: this.#samplingRatio,
      rootBudget: this.#rootBudget,
    });
    this.#requestTelemetry.set(pool, telemetry);
    return telemetry;
  }

  /** Records health ping round trips of `pool`'s workers. */
  pingObserver(pool: string): (durationS: number) => void {
    const attributes: Attributes = Object.freeze({ pool });
    return (durationS) => this.#pingDuration.record(durationS, attributes);
  }

  /** Serves GET /metrics (Prometheus text format); only when metrics are enabled. */
  serveMetrics(req: IncomingMessage, res: ServerResponse): void {
    if (this.#prometheus === null) throw new Error('metrics are not enabled');
    this.#prometheus.getMetricsRequestHandler(req, res);
  }

  /** Flushes and stops exporters. */
  async shutdown(): Promise<void> {
    this.#unsubscribe();
    this.#runtime?.stop();
    await Promise.allSettled([this.#meterProvider?.shutdown(), this.#tracerProvider?.shutdown()]);
  }

  #countsOf(pool: string): PoolCounts {
    let counts = this.#chaosCounts.get(pool);
    if (counts === undefined) {
      const zeros = (): Record<FaultKind, number> => Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
      counts = { injections: zeros(), active: zeros() };
      this.#chaosCounts.set(pool, counts);
    }
    return counts;
  }

  /** Observable instruments over what dispatchers and supervisors already count, read at each collection. */
  #observePools(meter: Meter): void {
    const gauge = (name: MetricName) => meter.createObservableGauge(name, describe(name));
    const counter = (name: MetricName) => meter.createObservableCounter(name, describe(name));
    const activeRequests = gauge('http.server.active_requests');
    const queueDepth = gauge('poolchaos.queue.depth');
    const queueLimit = gauge('poolchaos.queue.limit');
    const rejected = counter('poolchaos.requests.rejected');
    const lost = counter('poolchaos.requests.lost');
    const retried = counter('poolchaos.requests.retried');
    const workers = gauge('poolchaos.workers');
    const poolState = gauge('poolchaos.pool.state');
    const restarts = counter('poolchaos.worker.restarts');
    const trips = counter('poolchaos.rapid_fail.trips');
    const pingFailures = counter('poolchaos.health.ping.failures');
    const injections = counter('poolchaos.chaos.injections');
    const chaosActive = gauge('poolchaos.chaos.active');
    meter.addBatchObservableCallback(
      (result) => {
        for (const [pool, { supervisor, dispatcher }] of this.#pools) {
          const requests = dispatcher.snapshot();
          const lostTotal = Object.values(requests.lost).reduce((sum, count) => sum + count, 0);
          result.observe(activeRequests, requests.accepted - requests.served - lostTotal - requests.clientAborted, { pool });
          result.observe(queueDepth, requests.queued, { pool });
          result.observe(queueLimit, dispatcher.settings.queueLength, { pool });
          for (const [reason, count] of Object.entries(requests.rejected)) result.observe(rejected, count, { pool, reason });
          for (const [reason, count] of Object.entries(requests.lost)) result.observe(lost, count, { pool, reason });
          result.observe(retried, requests.retried, { pool });
          for (const state of WORKER_STATES) {
            result.observe(workers, supervisor.workers.filter((worker) => worker.state === state).length, { pool, state });
          }
          for (const series of POOL_STATE_SERIES) {
            const isCurrent =
              series.state === supervisor.state && (series.state === 'Started' || series.stopReason === supervisor.stopReason);
            result.observe(poolState, isCurrent ? 1 : 0, { pool, state: series.state, stop_reason: series.stopReason });
          }
          for (const [reason, count] of Object.entries(supervisor.restarts)) result.observe(restarts, count, { pool, reason });
          result.observe(trips, supervisor.rapidFailTrips, { pool });
          result.observe(pingFailures, supervisor.restarts.ping_timeout, { pool, reason: 'ping_timeout' });
          result.observe(pingFailures, supervisor.restarts.deadlock, { pool, reason: 'deadlock' });
          const chaos = this.#countsOf(pool);
          for (const kind of FAULT_KINDS) {
            result.observe(injections, chaos.injections[kind], { pool, kind });
            result.observe(chaosActive, chaos.active[kind], { pool, kind });
          }
        }
      },
      [
        activeRequests,
        queueDepth,
        queueLimit,
        rejected,
        lost,
        retried,
        workers,
        poolState,
        restarts,
        trips,
        pingFailures,
        injections,
        chaosActive,
      ],
    );
  }
}

function describe(name: MetricName): { description: string; unit: string } {
  const definition = metricDefinition(name);
  return { description: definition.description, unit: definition.unit };
}

function createHistogram(meter: Meter, name: MetricName, bucketsS: readonly number[]): Histogram {
  return meter.createHistogram(name, { ...describe(name), advice: { explicitBucketBoundaries: [...bucketsS] } });
}

function createSpanExporter(env: Readonly<Record<string, string | undefined>>): SpanExporter | null {
  const kind = chooseTraceExporter(env);
  return kind === 'none' ? null : createTraceExporter(kind);
}
