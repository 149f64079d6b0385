import assert from 'node:assert/strict';
import { ValueType, type Attributes } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type CollectionResult, type MetricData } from '@opentelemetry/sdk-metrics';
import type { MetricsMessage } from '../../../../server/ipc/protocol.ts';
import type { WorkerCollection } from '../../../../server/supervisor/pool-supervisor.ts';
import type { WorkerHandle } from '../../../../server/supervisor/worker-handle.ts';
import { metricDefinition, type MetricName } from '../../../../server/telemetry/metric-catalogue.ts';
import {
  DEFAULT_COLLECT_TIMEOUT_MS,
  WorkerMetricProducer,
  type CollectablePool,
  type WorkerMetricProducerOptions,
} from '../../../../server/telemetry/worker-metric-producer.ts';

const WORKER_METRICS = [
  'poolchaos.worker.memory.rss',
  'poolchaos.worker.heap.used',
  'poolchaos.worker.event_loop.delay',
  'poolchaos.worker.requests',
  'poolchaos.worker.start_time',
  'poolchaos.worker.info',
] as const satisfies readonly MetricName[];

const resource = resourceFromAttributes({ 'service.name': 'poolchaos-test' });

function figures(overrides: Omit<MetricsMessage, 'type' | 'seq'>): MetricsMessage {
  return { type: 'metrics', seq: 1, ...overrides };
}

function answer(id: number, pid: number, answered: MetricsMessage | null): WorkerCollection {
  return { worker: { id, pid } as unknown as WorkerHandle, figures: answered };
}

/** A pool whose workers answer `collections`; it records the timeout of every call. */
function pool(name: string, collections: readonly WorkerCollection[]): CollectablePool & { readonly timeoutsMs: number[] } {
  const timeoutsMs: number[] = [];
  return {
    name,
    timeoutsMs,
    collectFigures: (timeoutMs) => {
      timeoutsMs.push(timeoutMs);
      return Promise.resolve([...collections]);
    },
  };
}

const ALPHA_1 = figures({
  rssBytes: 50_000_000,
  heapUsedBytes: 20_000_000,
  eventLoopDelayP99Ms: 12.5,
  requestsFinished: 42,
  startTimeMs: 1_700_000_000_123,
});
const ALPHA_2 = figures({
  rssBytes: 60_000_000,
  heapUsedBytes: 25_000_000,
  eventLoopDelayP99Ms: 0,
  requestsFinished: 0,
  startTimeMs: 1_700_000_100_000,
});
const BETA_8 = figures({
  rssBytes: 70_000_000,
  heapUsedBytes: 30_000_000,
  eventLoopDelayP99Ms: 250,
  requestsFinished: 7,
  startTimeMs: 1_700_000_200_500,
});

/** Pool alpha with workers 1 and 2 answering; pool beta with worker 7 silent, worker 8 answering and worker 9 silent. */
function twoPools(): { alpha: ReturnType<typeof pool>; beta: ReturnType<typeof pool> } {
  return {
    alpha: pool('alpha', [answer(1, 101, ALPHA_1), answer(2, 102, ALPHA_2)]),
    beta: pool('beta', [answer(7, 107, null), answer(8, 108, BETA_8), answer(9, 109, null)]),
  };
}

const TIMEOUTS = 'poolchaos.worker.collect.timeouts' satisfies MetricName;

/** Every metric a collection returns, in order: the six per-worker ones, then the timeouts counter. */
const ALL_METRICS: readonly MetricName[] = [...WORKER_METRICS, TIMEOUTS];

type TimeoutOption = Partial<Pick<WorkerMetricProducerOptions, 'collectTimeoutMs'>>;

function producerOf(pools: () => Iterable<CollectablePool>, options: TimeoutOption = {}): WorkerMetricProducer {
  return new WorkerMetricProducer({ pools, resource, scopeName: 'poolchaos', ...options });
}

interface Collected {
  readonly result: CollectionResult;
  readonly beforeMs: number;
  readonly afterMs: number;
}

/** One collection by a new producer over `pools`, with the wall clock read around it. */
async function collect(pools: readonly CollectablePool[], options: TimeoutOption = {}): Promise<Collected> {
  const beforeMs = Date.now();
  const result = await producerOf(() => pools, options).collect();
  const afterMs = Date.now();
  return { result, beforeMs, afterMs };
}

function metricsOf(result: CollectionResult): MetricData[] {
  assert.equal(result.resourceMetrics.scopeMetrics.length, 1);
  return result.resourceMetrics.scopeMetrics[0]!.metrics;
}

function metricNamed(result: CollectionResult, name: string): MetricData {
  const metric = metricsOf(result).find((candidate) => candidate.descriptor.name === name);
  assert.ok(metric !== undefined, `metric ${name} is collected`);
  return metric;
}

/** [attributes, value] of each point of `name`, in the order the producer gives them. */
function pointsOf(result: CollectionResult, name: string): [Attributes, unknown][] {
  return metricNamed(result, name).dataPoints.map((point) => [point.attributes, point.value]);
}

describe('WorkerMetricProducer', () => {
  describe('when every worker answers', () => {
    it('returns the six worker metrics and the timeouts counter in order under the resource and scope it was given', async () => {
      const { alpha } = twoPools();
      const { result } = await collect([alpha]);
      assert.deepEqual(result.errors, []);
      assert.equal(result.resourceMetrics.resource, resource);
      assert.deepEqual(result.resourceMetrics.scopeMetrics[0]?.scope, { name: 'poolchaos' });
      assert.deepEqual(
        metricsOf(result).map((metric) => metric.descriptor.name),
        ALL_METRICS,
      );
    });

    it('describes each metric with the unit and description of the catalogue, counting timeouts in integers', async () => {
      const { alpha } = twoPools();
      const { result } = await collect([alpha]);
      assert.deepEqual(
        metricsOf(result).map((metric) => metric.descriptor),
        ALL_METRICS.map((name) => ({
          name,
          description: metricDefinition(name).description,
          unit: metricDefinition(name).unit,
          valueType: name === TIMEOUTS ? ValueType.INT : ValueType.DOUBLE,
        })),
      );
      assert.deepEqual(
        metricsOf(result).map((metric) => metric.descriptor.unit),
        ['By', 'By', 's', '{request}', 's', '1', '{collection}'],
      );
    });

    it('reports the two counters as cumulative monotonic sums and the others as cumulative gauges', async () => {
      const { alpha } = twoPools();
      const { result } = await collect([alpha]);
      assert.deepEqual(
        metricsOf(result).map((metric) => [
          metric.descriptor.name,
          metric.dataPointType,
          metric.aggregationTemporality,
          metric.dataPointType === DataPointType.SUM ? metric.isMonotonic : null,
        ]),
        [
          ['poolchaos.worker.memory.rss', DataPointType.GAUGE, AggregationTemporality.CUMULATIVE, null],
          ['poolchaos.worker.heap.used', DataPointType.GAUGE, AggregationTemporality.CUMULATIVE, null],
          ['poolchaos.worker.event_loop.delay', DataPointType.GAUGE, AggregationTemporality.CUMULATIVE, null],
          ['poolchaos.worker.requests', DataPointType.SUM, AggregationTemporality.CUMULATIVE, true],
          ['poolchaos.worker.start_time', DataPointType.GAUGE, AggregationTemporality.CUMULATIVE, null],
          ['poolchaos.worker.info', DataPointType.GAUGE, AggregationTemporality.CUMULATIVE, null],
          [TIMEOUTS, DataPointType.SUM, AggregationTemporality.CUMULATIVE, true],
        ],
      );
    });

    it('gives one point per worker labelled with pool and worker_id, in the units of the catalogue', async () => {
      const { alpha } = twoPools();
      const { result } = await collect([alpha]);
      const one = { pool: 'alpha', worker_id: '1' };
      const two = { pool: 'alpha', worker_id: '2' };
      assert.deepEqual(
        Object.fromEntries(WORKER_METRICS.filter((name) => name !== 'poolchaos.worker.info').map((name) => [name, pointsOf(result, name)])),
        {
          'poolchaos.worker.memory.rss': [
            [one, 50_000_000],
            [two, 60_000_000],
          ],
          'poolchaos.worker.heap.used': [
            [one, 20_000_000],
            [two, 25_000_000],
          ],
          'poolchaos.worker.event_loop.delay': [
            [one, 0.0125],
            [two, 0],
          ],
          'poolchaos.worker.requests': [
            [one, 42],
            [two, 0],
          ],
          'poolchaos.worker.start_time': [
            [one, 1_700_000_000.123],
            [two, 1_700_000_100],
          ],
        },
      );
    });

    it('adds pid only to poolchaos.worker.info, whose value is always 1', async () => {
      const { alpha } = twoPools();
      const { result } = await collect([alpha]);
      assert.deepEqual(pointsOf(result, 'poolchaos.worker.info'), [
        [{ pool: 'alpha', worker_id: '1', pid: '101' }, 1],
        [{ pool: 'alpha', worker_id: '2', pid: '102' }, 1],
      ]);
      for (const name of WORKER_METRICS.filter((candidate) => candidate !== 'poolchaos.worker.info')) {
        assert.deepEqual(
          metricNamed(result, name).dataPoints.map((point) => Object.keys(point.attributes)),
          [
            ['pool', 'worker_id'],
            ['pool', 'worker_id'],
          ],
          name,
        );
      }
    });

    it("starts each worker point at its worker's start time and ends every point at the collection time", async () => {
      const { alpha } = twoPools();
      const { result, beforeMs, afterMs } = await collect([alpha]);
      for (const name of WORKER_METRICS) {
        assert.deepEqual(
          metricNamed(result, name).dataPoints.map((point) => point.startTime),
          [
            [1_700_000_000, 123_000_000],
            [1_700_000_100, 0],
          ],
          name,
        );
      }
      const endTimes = metricsOf(result).flatMap((metric) => metric.dataPoints.map((point) => hrTimeToMilliseconds(point.endTime)));
      assert.equal(endTimes.length, 13);
      assert.equal(new Set(endTimes).size, 1, 'one collection time');
      assert.ok(endTimes[0]! >= beforeMs && endTimes[0]! <= afterMs, `end time ${endTimes[0]} within [${beforeMs}, ${afterMs}]`);
    });

    it('keeps pools apart and in the order the pools function lists them', async () => {
      const { alpha } = twoPools();
      const gamma = pool('gamma', [answer(1, 201, BETA_8)]);
      const { result } = await collect([gamma, alpha]);
      assert.deepEqual(
        metricNamed(result, 'poolchaos.worker.info').dataPoints.map((point) => point.attributes),
        [
          { pool: 'gamma', worker_id: '1', pid: '201' },
          { pool: 'alpha', worker_id: '1', pid: '101' },
          { pool: 'alpha', worker_id: '2', pid: '102' },
        ],
      );
      assert.deepEqual(pointsOf(result, TIMEOUTS), [
        [{ pool: 'gamma' }, 0],
        [{ pool: 'alpha' }, 0],
      ]);
    });
  });

  describe('when workers do not answer in time', () => {
    it('counts the silent workers per pool, every pool seen starting at 0', async () => {
      const { alpha, beta } = twoPools();
      const { result } = await collect([alpha, beta]);
      assert.deepEqual(pointsOf(result, TIMEOUTS), [
        [{ pool: 'alpha' }, 0],
        [{ pool: 'beta' }, 2],
      ]);
    });

    it('adds the misses of each later collection to the count', async () => {
      const { alpha, beta } = twoPools();
      const producer = producerOf(() => [alpha, beta]);
      await producer.collect();
      await producer.collect();
      assert.deepEqual(pointsOf(await producer.collect(), TIMEOUTS), [
        [{ pool: 'alpha' }, 0],
        [{ pool: 'beta' }, 6],
      ]);
    });

    it('starts the count at the producer creation, the same at every collection', async () => {
      const { alpha, beta } = twoPools();
      const beforeMs = Date.now();
      const producer = producerOf(() => [alpha, beta]);
      const afterMs = Date.now();
      const startTimes = [];
      for (let i = 0; i < 2; i++) {
        const { dataPoints } = metricNamed(await producer.collect(), TIMEOUTS);
        startTimes.push(...dataPoints.map((point) => hrTimeToMilliseconds(point.startTime)));
      }
      assert.equal(startTimes.length, 4);
      assert.equal(new Set(startTimes).size, 1, 'one start time');
      assert.ok(startTimes[0]! >= beforeMs && startTimes[0]! <= afterMs, `start time ${startTimes[0]} within [${beforeMs}, ${afterMs}]`);
    });

    it("leaves the silent workers' series out of every worker metric and keeps the others", async () => {
      const { alpha, beta } = twoPools();
      const { result } = await collect([alpha, beta]);
      for (const name of WORKER_METRICS) {
        assert.deepEqual(
          metricNamed(result, name).dataPoints.map(({ attributes }) => `${String(attributes['pool'])}/${String(attributes['worker_id'])}`),
          ['alpha/1', 'alpha/2', 'beta/8'],
          name,
        );
      }
      assert.deepEqual(pointsOf(result, 'poolchaos.worker.event_loop.delay')[2], [{ pool: 'beta', worker_id: '8' }, 0.25]);
      assert.deepEqual(pointsOf(result, 'poolchaos.worker.start_time')[2], [{ pool: 'beta', worker_id: '8' }, 1_700_000_200.5]);
    });
  });

  describe('when there are no workers', () => {
    it('returns the six worker metrics with no points and a zero count for the pool', async () => {
      const { result } = await collect([pool('empty', [])]);
      assert.deepEqual(
        metricsOf(result).map((metric) => [metric.descriptor.name, metric.dataPoints.length]),
        [...WORKER_METRICS.map((name) => [name, 0]), [TIMEOUTS, 1]],
      );
      assert.deepEqual(pointsOf(result, TIMEOUTS), [[{ pool: 'empty' }, 0]]);
    });

    it('returns all seven metrics with no points when there are no pools', async () => {
      const { result } = await collect([]);
      assert.deepEqual(
        metricsOf(result).map((metric) => [metric.descriptor.name, metric.dataPoints.length]),
        ALL_METRICS.map((name) => [name, 0]),
      );
    });
  });

  describe('when it asks the pools', () => {
    it(`asks each pool once per collection with the default timeout of ${DEFAULT_COLLECT_TIMEOUT_MS} ms`, async () => {
      const { alpha, beta } = twoPools();
      await collect([alpha, beta]);
      assert.equal(DEFAULT_COLLECT_TIMEOUT_MS, 500);
      assert.deepEqual([alpha.timeoutsMs, beta.timeoutsMs], [[500], [500]]);
    });

    it('passes collectTimeoutMs when one is given', async () => {
      const { alpha } = twoPools();
      await collect([alpha], { collectTimeoutMs: 50 });
      assert.deepEqual(alpha.timeoutsMs, [50]);
    });

    it('reads the pools afresh at every collection', async () => {
      const { alpha, beta } = twoPools();
      const live: CollectablePool[] = [alpha];
      const producer = producerOf(() => live);
      const poolsOf = (result: CollectionResult): unknown[] =>
        metricNamed(result, 'poolchaos.worker.requests').dataPoints.map((point) => point.attributes['pool']);
      assert.deepEqual(poolsOf(await producer.collect()), ['alpha', 'alpha']);
      live.push(beta);
      assert.deepEqual(poolsOf(await producer.collect()), ['alpha', 'alpha', 'beta']);
      live.splice(0, 1);
      assert.deepEqual(poolsOf(await producer.collect()), ['beta']);
      assert.deepEqual([alpha.timeoutsMs.length, beta.timeoutsMs.length], [2, 2]);
    });
  });
});
