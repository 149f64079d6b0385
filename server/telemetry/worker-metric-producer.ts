/**
 * Per-worker metrics, rebuilt from scratch at every scrape: the producer asks each live worker for
 * its figures over IPC and turns the answers into metric points labelled with `pool` and `worker_id`.
 * A worker that has exited is not asked, and one that does not answer in time is left out, so its
 * series go stale in Prometheus at once instead of repeating their last value (as observable
 * instruments in OpenTelemetry JS would). It also counts, per pool, the workers that did not answer
 * (`poolchaos.worker.collect.timeouts`), starting at 0 for every pool seen.
 */
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { MetricsMessage } from '../ipc/protocol.ts';
import type { WorkerCollection } from '../supervisor/pool-supervisor.ts';
import { metricDefinition, type MetricName } from './metric-catalogue.ts';

/** How long a scrape waits for each worker's answer. */
export const DEFAULT_COLLECT_TIMEOUT_MS = 500;

/** A pool as the producer sees it. */
export interface CollectablePool {
  readonly name: string;
  collectFigures(timeoutMs: number): Promise<WorkerCollection[]>;
}

export interface WorkerMetricProducerOptions {
  readonly pools: () => Iterable<CollectablePool>;
  readonly resource: Resource;
  readonly scopeName: string;
  readonly collectTimeoutMs?: number;
}

interface WorkerPoint {
  readonly attributes: Attributes;
  readonly figures: MetricsMessage;
  readonly pid: number;
}

type WorkerMetricName =
  | 'poolchaos.worker.memory.rss'
  | 'poolchaos.worker.heap.used'
  | 'poolchaos.worker.event_loop.delay'
  | 'poolchaos.worker.requests'
  | 'poolchaos.worker.start_time'
  | 'poolchaos.worker.info';

/** The value each worker metric takes from a worker's answer. */
const VALUES: Readonly<Record<WorkerMetricName, (figures: MetricsMessage) => number>> = {
  'poolchaos.worker.memory.rss': (figures) => figures.rssBytes,
  'poolchaos.worker.heap.used': (figures) => figures.heapUsedBytes,
  'poolchaos.worker.event_loop.delay': (figures) => figures.eventLoopDelayP99Ms / 1000,
  'poolchaos.worker.requests': (figures) => figures.requestsFinished,
  'poolchaos.worker.start_time': (figures) => figures.startTimeMs / 1000,
  'poolchaos.worker.info': () => 1,
};

export class WorkerMetricProducer implements MetricProducer {
  readonly #options: WorkerMetricProducerOptions;
  readonly #startTime = millisToHrTime(Date.now());
  /** Collections each pool's workers missed, so the count moves in the scrape that timed out. */
  readonly #timeouts = new Map<string, number>();

  constructor(options: WorkerMetricProducerOptions) {
    this.#options = options;
  }

  async collect(): Promise<CollectionResult> {
    const timeoutMs = this.#options.collectTimeoutMs ?? DEFAULT_COLLECT_TIMEOUT_MS;
    const pools = [...this.#options.pools()];
    const answers = await Promise.all(pools.map(async (pool) => ({ pool: pool.name, workers: await pool.collectFigures(timeoutMs) })));
    const points: WorkerPoint[] = [];
    for (const { pool, workers } of answers) {
      const missed = workers.filter(({ figures }) => figures === null).length;
      this.#timeouts.set(pool, (this.#timeouts.get(pool) ?? 0) + missed);
      for (const { worker, figures } of workers) {
        if (figures !== null) points.push({ attributes: { pool, worker_id: String(worker.id) }, figures, pid: worker.pid });
      }
    }
    const nowTime = millisToHrTime(Date.now());
    const metrics = (Object.keys(VALUES) as WorkerMetricName[]).map((name) => buildMetric(name, points, nowTime));
    metrics.push(this.#timeoutMetric(nowTime));
    return {
      resourceMetrics: { resource: this.#options.resource, scopeMetrics: [{ scope: { name: this.#options.scopeName }, metrics }] },
      errors: [],
    };
  }

  #timeoutMetric(nowTime: HrTime): MetricData {
    const definition = metricDefinition('poolchaos.worker.collect.timeouts');
    return {
      descriptor: { name: definition.name, description: definition.description, unit: definition.unit, valueType: ValueType.INT },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: [...this.#timeouts].map(([pool, count]) => ({
        startTime: this.#startTime,
        endTime: nowTime,
        attributes: { pool },
        value: count,
      })),
    };
  }
}

function buildMetric(name: WorkerMetricName & MetricName, points: readonly WorkerPoint[], nowTime: HrTime): MetricData {
  const definition = metricDefinition(name);
  const valueOf = VALUES[name];
  const descriptor = { name, description: definition.description, unit: definition.unit, valueType: ValueType.DOUBLE };
  const dataPoints: DataPoint<number>[] = points.map((point) => ({
    startTime: millisToHrTime(point.figures.startTimeMs),
    endTime: nowTime,
    attributes: name === 'poolchaos.worker.info' ? { ...point.attributes, pid: String(point.pid) } : point.attributes,
    value: valueOf(point.figures),
  }));
  if (definition.kind === 'counter') {
    return {
      descriptor,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints,
    };
  }
  return { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints };
}
