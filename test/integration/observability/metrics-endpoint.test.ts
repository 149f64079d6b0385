import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ensureAptPackages } from '../../../scripts/ensure-apt.ts';
import { METRICS, prometheusName } from '../../../server/telemetry/metric-catalogue.ts';
import { request, type HttpOutcome } from '../../helpers/http-client.ts';
import { startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';
import { parseExposition, sampleValue, samplesOf, type Sample } from '../../helpers/exposition.ts';

/** Runtime families of the front that are always present (GC durations appear after the first GC). */
const FRONT_RUNTIME_FAMILIES = [
  'nodejs_eventloop_delay_max',
  'nodejs_eventloop_delay_mean',
  'nodejs_eventloop_delay_min',
  'nodejs_eventloop_delay_p50',
  'nodejs_eventloop_delay_p90',
  'nodejs_eventloop_delay_p99',
  'nodejs_eventloop_delay_stddev',
  'nodejs_eventloop_time_total',
  'nodejs_eventloop_utilization',
  'process_cpu_time_total',
  'process_memory_usage',
  'target_info',
  'v8js_memory_heap_space_available_size',
  'v8js_memory_heap_space_physical_size',
  'v8js_memory_heap_space_size',
  'v8js_memory_heap_used',
  'v8js_resource_active',
];
const OPTIONAL_FAMILIES = ['v8js_gc_duration'];

const REQUESTS = 12;

function metricsConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    chaos: { enabled: true },
    pools: {
      web: {
        maxProcesses: 2,
        startMode: 'AlwaysRunning',
        // Long enough that a frozen worker is still there when the test scrapes.
        processModel: { pingInterval: 100, pingResponseTime: '30s', shutdownTimeLimit: 1000 },
      },
    },
    apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
    ...extra,
  };
}

/** Starts the server and waits until both workers are ready. */
async function startReady(extra: Record<string, unknown> = {}, collectTimeoutMs?: number): Promise<TestServer> {
  const started = await startTestServer(metricsConfig(extra), collectTimeoutMs === undefined ? {} : { collectTimeoutMs });
  const supervisor = started.server.pools.get('web')!.supervisor;
  await waitUntil(() => supervisor.workers.filter((worker) => worker.state === 'ready').length === 2, 10_000, 'two ready workers');
  return started;
}

async function scrape(test: TestServer): Promise<{ text: string; samples: Sample[] }> {
  const outcome = await request(`${test.adminUrl}/metrics`);
  assert.equal(outcome.status, 200, outcome.body);
  return { text: outcome.body, samples: parseExposition(outcome.body) };
}

async function inject(test: TestServer, body: Record<string, unknown>): Promise<HttpOutcome> {
  const outcome = await request(`${test.adminUrl}/chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(outcome.status, 200, outcome.body);
  return outcome;
}

function familiesOf(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('# TYPE '))
    .map((line) => line.split(' ')[2] as string)
    .sort();
}

/** apt-get may install Prometheus (for promtool) on a fresh machine: minutes, not the test's seconds. */
const APT_INSTALL_TIMEOUT_MS = 600_000;

describe('GET /metrics', function () {
  this.timeout(30_000);
  let test: TestServer | null = null;

  afterEach(async () => {
    await test?.stop();
    test = null;
  });

  describe('on a pool of two workers that served requests', () => {
    let promtool = '';
    before(function () {
      this.timeout(APT_INSTALL_TIMEOUT_MS);
      promtool = ensureAptPackages([{ binary: 'promtool', packageName: 'prometheus' }]).get('promtool') ?? 'promtool';
    });

    it('serves every catalogue metric and the front runtime metrics, and no other family', async () => {
      test = await startReady();
      for (let i = 0; i < REQUESTS; i++) assert.equal((await request(`${test.url}/?n=${i}`)).status, 200);
      const { text } = await scrape(test);
      const expected = [...METRICS.map(prometheusName), ...FRONT_RUNTIME_FAMILIES].sort();
      assert.deepEqual(
        familiesOf(text).filter((family) => !OPTIONAL_FAMILIES.includes(family)),
        expected,
      );
    });

    it('counts every request once at the front and once in the worker that served it', async () => {
      test = await startReady();
      for (let i = 0; i < REQUESTS; i++) assert.equal((await request(`${test.url}/?n=${i}`)).status, 200);
      const { samples } = await scrape(test);
      const served = { pool: 'web', http_request_method: 'GET', http_response_status_code: '200', outcome: 'served' };
      assert.equal(sampleValue(samples, 'http_server_request_duration_count', served), REQUESTS);
      assert.equal(sampleValue(samples, 'http_server_request_duration_bucket', { ...served, le: '+Inf' }), REQUESTS);
      assert.equal(sampleValue(samples, 'poolchaos_queue_wait_duration_count', { pool: 'web' }), REQUESTS);
      const perWorker = samplesOf(samples, 'poolchaos_worker_requests_total');
      assert.deepEqual(perWorker.map((sample) => sample.labels['worker_id']).sort(), ['1', '2']);
      assert.equal(
        perWorker.reduce((sum, sample) => sum + sample.value, 0),
        REQUESTS,
      );
      assert.equal(sampleValue(samples, 'poolchaos_workers', { pool: 'web', state: 'ready' }), 2);
      assert.equal(sampleValue(samples, 'poolchaos_queue_limit', { pool: 'web' }), 1000);
      assert.equal(sampleValue(samples, 'poolchaos_pool_state', { pool: 'web', state: 'Started', stop_reason: 'none' }), 1);
      assert.equal(sampleValue(samples, 'poolchaos_pool_state', { pool: 'web', state: 'Stopped', stop_reason: 'RapidFail' }), 0);
      for (const reason of ['QueueFull', 'AppOffline', 'Disabled']) {
        assert.equal(sampleValue(samples, 'poolchaos_requests_rejected_total', { pool: 'web', reason }), 0);
      }
      assert.ok((sampleValue(samples, 'poolchaos_health_ping_duration_count', { pool: 'web' }) ?? 0) > 0, 'pings were timed');
    });

    it('passes promtool check metrics', async () => {
      test = await startReady();
      for (let i = 0; i < REQUESTS; i++) await request(`${test.url}/?n=${i}`);
      const { text } = await scrape(test);
      const result = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      assert.deepEqual({ status: result.status, stdout: result.stdout, stderr: result.stderr }, { status: 0, stdout: '', stderr: '' });
    });
  });

  describe('when a worker crashes', () => {
    it("drops the dead worker's series and counts the restart and the injection", async () => {
      test = await startReady();
      await inject(test, { kind: 'crash', pool: 'web', worker: 'oldest' });
      await waitForEvent(test, 'worker-ready', (event) => event.workerId === 3, 10_000);
      const { samples } = await scrape(test);
      assert.deepEqual(
        samplesOf(samples, 'poolchaos_worker_info')
          .map((sample) => sample.labels['worker_id'])
          .sort(),
        ['2', '3'],
      );
      assert.deepEqual(
        samplesOf(samples, 'poolchaos_worker_memory_rss')
          .map((sample) => sample.labels['worker_id'])
          .sort(),
        ['2', '3'],
      );
      assert.equal(sampleValue(samples, 'poolchaos_worker_restarts_total', { pool: 'web', reason: 'crash' }), 1);
      assert.equal(sampleValue(samples, 'poolchaos_chaos_injections_total', { pool: 'web', kind: 'crash' }), 1);
      assert.equal(sampleValue(samples, 'poolchaos_chaos_injections_total', { pool: 'web', kind: 'freeze' }), 0);
      assert.equal(sampleValue(samples, 'poolchaos_chaos_active', { pool: 'web', kind: 'crash' }), 0);
    });
  });

  describe('when a worker is frozen', () => {
    // The freeze outlasts both scrapes by far (the server's stop ends it); a scrape waits the collect
    // timeout for the frozen worker, plus this test process's own lag on a loaded machine.
    const COLLECT_TIMEOUT_MS = 300;
    const FREEZE_MS = 20_000;
    const LAG_SLACK_MS = 1_700;

    it('leaves it out of the scrape, counts a collect timeout and shows the fault as active', async () => {
      test = await startReady({}, COLLECT_TIMEOUT_MS);
      const victim = test.server.pools.get('web')!.supervisor.workers[0]!;
      await inject(test, { kind: 'freeze', pool: 'web', worker: { pid: victim.pid }, durationMs: FREEZE_MS });
      const started = Date.now();
      const { samples } = await scrape(test);
      assert.ok(Date.now() - started < COLLECT_TIMEOUT_MS + LAG_SLACK_MS, 'the scrape waited at most about the collect timeout');
      assert.deepEqual(
        samplesOf(samples, 'poolchaos_worker_info').map((sample) => Number(sample.labels['worker_id'])),
        [victim.id === 1 ? 2 : 1],
      );
      assert.equal(sampleValue(samples, 'poolchaos_chaos_active', { pool: 'web', kind: 'freeze' }), 1);
      assert.equal(sampleValue(samples, 'poolchaos_worker_collect_timeouts_total', { pool: 'web' }), 1);
      const next = await scrape(test);
      assert.equal(sampleValue(next.samples, 'poolchaos_worker_collect_timeouts_total', { pool: 'web' }), 2);
    });
  });

  describe('when telemetry.metrics is false', () => {
    it('answers 404 ERR_METRICS_DISABLED', async () => {
      test = await startTestServer(metricsConfig({ telemetry: { metrics: false } }));
      const outcome = await request(`${test.adminUrl}/metrics`);
      assert.equal(outcome.status, 404);
      assert.equal((JSON.parse(outcome.body) as { error: { code: string } }).error.code, 'ERR_METRICS_DISABLED');
    });
  });
});
