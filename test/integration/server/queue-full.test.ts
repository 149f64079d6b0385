import assert from 'node:assert/strict';
import { REJECT_REASON_HEADER } from '../../../server/index.ts';
import { request, tally } from '../../helpers/http-client.ts';
import { eventsOf, startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

const QUEUE_LENGTH = 5;
const START_DELAY_MS = 1500;
const REJECT_BODY = 'HTTP Error 503. The service is unavailable.\n';

/** One pool whose only worker takes START_DELAY_MS to load, so every request waits in the queue. */
function slowPool(loadBalancerCapabilities: 'HttpLevel' | 'TcpLevel'): Record<string, unknown> {
  return {
    pools: {
      slow: {
        queueLength: QUEUE_LENGTH,
        maxProcesses: 1,
        startMode: 'OnDemand',
        failure: { loadBalancerCapabilities },
        environmentVariables: { FIXTURE_START_DELAY_MS: String(START_DELAY_MS) },
      },
    },
    apps: [{ path: '/', pool: 'slow', module: 'slow-start.ts' }],
  };
}

describe('front', () => {
  describe('when the pool queue is full', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('answers exactly one 503 QueueFull at once and serves the queued requests once the worker is ready', async () => {
      test = await startTestServer(slowPool('HttpLevel'));
      const { dispatcher } = test.server.pools.get('slow')!;

      const pending = Array.from({ length: QUEUE_LENGTH + 1 }, (_, i) => request(`${test.url}/?n=${i}`));
      const rejected = await waitForEvent(test, 'request-rejected', (e) => e.pool === 'slow', 5_000);
      assert.equal(rejected.reason, 'QueueFull');
      assert.equal(rejected.response, '503');
      assert.equal(eventsOf(test.events, 'worker-ready', 'slow').length, 0, 'the rejection came before the worker was ready');
      assert.equal(dispatcher.queue.length, QUEUE_LENGTH);

      const outcomes = await Promise.all(pending);
      assert.deepEqual(tally(outcomes), { '200': QUEUE_LENGTH, '503': 1 });
      const refusal = outcomes.find((outcome) => outcome.status === 503)!;
      assert.equal(refusal.headers[REJECT_REASON_HEADER], 'QueueFull');
      assert.equal(refusal.body, REJECT_BODY);
      const servedPids = new Set(outcomes.filter((o) => o.status === 200).map((o) => (JSON.parse(o.body) as { pid: number }).pid));
      assert.equal(servedPids.size, 1);

      await waitUntil(() => dispatcher.snapshot().served === QUEUE_LENGTH, 5_000, 'served counted');
      const counts = dispatcher.snapshot();
      assert.deepEqual(counts.rejected, { QueueFull: 1, AppOffline: 0, Disabled: 0 });
      assert.equal(counts.accepted, QUEUE_LENGTH);
      assert.equal(counts.served, QUEUE_LENGTH);
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
      assert.equal(counts.clientAborted, 0);
      assert.equal(counts.retried, 0);
      assert.deepEqual(
        eventsOf(test.events, 'worker-spawned', 'slow').map((e) => e.reason),
        ['demand'],
      );
      assert.equal(eventsOf(test.events, 'request-rejected', 'slow').length, 1);
    });

    it('resets the extra connection under TcpLevel and serves the rest', async () => {
      test = await startTestServer(slowPool('TcpLevel'));
      const { dispatcher } = test.server.pools.get('slow')!;

      const outcomes = await Promise.all(Array.from({ length: QUEUE_LENGTH + 1 }, (_, i) => request(`${test.url}/?n=${i}`)));

      assert.deepEqual(tally(outcomes), { '200': QUEUE_LENGTH, ECONNRESET: 1 });
      const reset = outcomes.find((outcome) => outcome.error !== null)!;
      assert.equal(reset.status, null);
      assert.equal(reset.body, '');
      const rejections = eventsOf(test.events, 'request-rejected', 'slow');
      assert.deepEqual(
        rejections.map((e) => [e.reason, e.response]),
        [['QueueFull', 'reset']],
      );
      await waitUntil(() => dispatcher.snapshot().served === QUEUE_LENGTH, 5_000, 'served counted');
      const counts = dispatcher.snapshot();
      assert.deepEqual(counts.rejected, { QueueFull: 1, AppOffline: 0, Disabled: 0 });
      assert.equal(counts.accepted, QUEUE_LENGTH);
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
    });
  });
});
