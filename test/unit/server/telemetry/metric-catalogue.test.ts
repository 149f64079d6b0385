import assert from 'node:assert/strict';
import {
  METRICS,
  PING_DURATION_BUCKETS_S,
  QUEUE_WAIT_BUCKETS_S,
  REQUEST_DURATION_BUCKETS_S,
  REQUEST_OUTCOMES,
  metricDefinition,
  prometheusName,
  type MetricDefinition,
  type MetricName,
} from '../../../../server/telemetry/metric-catalogue.ts';

/**
 * The Prometheus names, in catalogue order, that the recording rules, alerts and dashboards query.
 * Written out by hand: renaming a metric must fail here and be carried to every query.
 */
const PROMETHEUS_NAMES = [
  'http_server_request_duration',
  'http_server_active_requests',
  'poolchaos_queue_depth',
  'poolchaos_queue_limit',
  'poolchaos_queue_wait_duration',
  'poolchaos_requests_rejected_total',
  'poolchaos_requests_lost_total',
  'poolchaos_requests_retried_total',
  'poolchaos_workers',
  'poolchaos_pool_state',
  'poolchaos_worker_restarts_total',
  'poolchaos_rapid_fail_trips_total',
  'poolchaos_health_ping_duration',
  'poolchaos_health_ping_failures_total',
  'poolchaos_worker_memory_rss',
  'poolchaos_worker_heap_used',
  'poolchaos_worker_event_loop_delay',
  'poolchaos_worker_requests_total',
  'poolchaos_worker_start_time',
  'poolchaos_worker_info',
  'poolchaos_worker_collect_timeouts_total',
  'poolchaos_chaos_injections_total',
  'poolchaos_chaos_active',
];

const CATALOGUE: readonly MetricDefinition[] = METRICS;

/** Every series name a metric's family exposes in Prometheus. */
function seriesNames(metric: MetricDefinition): string[] {
  const base = prometheusName(metric);
  return metric.kind === 'histogram' ? [`${base}_bucket`, `${base}_sum`, `${base}_count`] : [base];
}

function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || value > values[index - 1]!);
}

describe('metric catalogue', () => {
  describe('prometheusName', () => {
    it('turns dots into underscores and appends _total to a counter', () => {
      assert.equal(prometheusName({ name: 'poolchaos.requests.rejected', kind: 'counter' }), 'poolchaos_requests_rejected_total');
    });

    it('leaves a histogram without a suffix or unit (the exporter adds _bucket, _sum, _count)', () => {
      assert.equal(prometheusName({ name: 'http.server.request.duration', kind: 'histogram' }), 'http_server_request_duration');
    });

    it('leaves a gauge without a suffix', () => {
      assert.equal(prometheusName({ name: 'poolchaos.queue.depth', kind: 'gauge' }), 'poolchaos_queue_depth');
    });

    it('leaves an up-down counter without _total', () => {
      assert.equal(prometheusName({ name: 'poolchaos.in.flight', kind: 'updowncounter' }), 'poolchaos_in_flight');
    });

    it('replaces any other character and collapses runs of underscores, keeping colons', () => {
      assert.equal(prometheusName({ name: 'a..b-c/d__e:f', kind: 'gauge' }), 'a_b_c_d_e:f');
    });
  });

  describe('the list of metrics', () => {
    it('gives exactly these Prometheus names, in this order', () => {
      assert.deepEqual(METRICS.map(prometheusName), PROMETHEUS_NAMES);
    });

    it('has no two metrics with the same OpenTelemetry name', () => {
      const names = METRICS.map((metric) => metric.name);
      assert.deepEqual(
        names.filter((name, index) => names.indexOf(name) !== index),
        [],
      );
    });

    it('has no two series with the same Prometheus name, histogram suffixes included', () => {
      const names = CATALOGUE.flatMap(seriesNames);
      assert.deepEqual(
        names.filter((name, index) => names.indexOf(name) !== index),
        [],
      );
    });

    it('names every metric in lower case with dots and underscores only', () => {
      assert.deepEqual(
        METRICS.map((metric) => metric.name).filter((name) => !/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(name)),
        [],
      );
    });

    it('has no counter whose name already ends in _total', () => {
      const counters = CATALOGUE.filter((metric) => metric.kind === 'counter');
      assert.deepEqual(
        counters.filter((metric) => metric.name.endsWith('total')).map((metric) => metric.name),
        [],
      );
    });

    it('measures exactly the three histograms in seconds', () => {
      assert.deepEqual(
        CATALOGUE.filter((metric) => metric.kind === 'histogram').map((metric) => [metric.name, metric.unit]),
        [
          ['http.server.request.duration', 's'],
          ['poolchaos.queue.wait.duration', 's'],
          ['poolchaos.health.ping.duration', 's'],
        ],
      );
    });
  });

  describe('the attributes of each metric', () => {
    it('start with pool', () => {
      assert.deepEqual(
        CATALOGUE.filter((metric) => metric.attributes[0] !== 'pool').map((metric) => metric.name),
        [],
      );
    });

    it('are unique within the metric', () => {
      assert.deepEqual(
        CATALOGUE.filter((metric) => new Set(metric.attributes).size !== metric.attributes.length).map((metric) => metric.name),
        [],
      );
    });

    it('include every attribute whose fixed values are listed, and each list is non-empty without repeats', () => {
      for (const metric of CATALOGUE) {
        for (const [attribute, values] of Object.entries(metric.values ?? {})) {
          assert.equal(metric.attributes.includes(attribute), true, `${metric.name} has attribute ${attribute}`);
          assert.ok(values.length > 0, `${metric.name}.${attribute} lists values`);
          assert.equal(new Set(values).size, values.length, `${metric.name}.${attribute} values are unique`);
        }
      }
    });

    it('carry worker_id on exactly the per-worker metrics, and pid on poolchaos.worker.info alone', () => {
      assert.deepEqual(
        CATALOGUE.filter((metric) => metric.attributes.includes('worker_id')).map((metric) => metric.name),
        [
          'poolchaos.worker.memory.rss',
          'poolchaos.worker.heap.used',
          'poolchaos.worker.event_loop.delay',
          'poolchaos.worker.requests',
          'poolchaos.worker.start_time',
          'poolchaos.worker.info',
        ],
      );
      assert.deepEqual(
        CATALOGUE.filter((metric) => metric.attributes.includes('pid')).map((metric) => metric.name),
        ['poolchaos.worker.info'],
      );
    });

    it('give the request duration the four request outcomes', () => {
      assert.deepEqual(REQUEST_OUTCOMES, ['served', 'rejected', 'lost', 'client_aborted']);
      assert.deepEqual(metricDefinition('http.server.request.duration').values, { outcome: REQUEST_OUTCOMES });
    });
  });

  describe('metricDefinition', () => {
    it('returns the catalogue entry itself for every name', () => {
      for (const metric of METRICS) assert.equal(metricDefinition(metric.name), metric);
    });

    it('throws on a name not in the catalogue', () => {
      assert.throws(() => metricDefinition('poolchaos.nope' as MetricName), { name: 'Error', message: 'no metric named poolchaos.nope' });
    });
  });

  describe('the histogram buckets', () => {
    const cases: readonly [string, readonly number[]][] = [
      ['REQUEST_DURATION_BUCKETS_S', REQUEST_DURATION_BUCKETS_S],
      ['QUEUE_WAIT_BUCKETS_S', QUEUE_WAIT_BUCKETS_S],
      ['PING_DURATION_BUCKETS_S', PING_DURATION_BUCKETS_S],
    ];
    for (const [name, boundaries] of cases) {
      it(`${name} are positive and strictly increasing`, () => {
        assert.deepEqual([boundaries[0]! > 0, isStrictlyIncreasing(boundaries)], [true, true]);
      });
    }

    it('let a queue wait reach the default connectionTimeout of 120 s in a finite bucket', () => {
      assert.equal(QUEUE_WAIT_BUCKETS_S.at(-1), 120);
    });
  });
});
