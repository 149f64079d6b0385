import assert from 'node:assert/strict';
import { request, tally } from '../../helpers/http-client.ts';
import { LAG_SLACK_MS, eventsOf, startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

const SHUTDOWN_TIME_LIMIT_MS = 1_000;

describe('supervisor', () => {
  describe('when a recycled worker still has a request running at shutdownTimeLimit', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('kills it for shutdown_timeout, the request is cut with a reset, and the new worker serves', async () => {
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            processModel: { shutdownTimeLimit: SHUTDOWN_TIME_LIMIT_MS },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', 10_000, 'a ready worker');
      const old = supervisor.workers[0]!;

      const hanging = request(`${test.url}/?hang=1`, { method: 'POST' });
      await waitUntil(() => old.outstandingRequests === 1, 2_000, 'the POST in flight');
      const recycled = await request(`${test.adminUrl}/pools/web/recycle`, { method: 'POST' });
      assert.equal(recycled.status, 200);

      const draining = await waitForEvent(test, 'worker-draining', (e) => e.pid === old.pid, 10_000);
      const killed = await waitForEvent(test, 'worker-killed', (e) => e.pid === old.pid, 5_000);
      const outcome = await hanging;

      assert.equal(draining.reason, 'OnDemand');
      assert.equal(killed.reason, 'shutdown_timeout');
      const drainedForMs = killed.time - draining.time;
      assert.ok(
        drainedForMs >= SHUTDOWN_TIME_LIMIT_MS && drainedForMs <= SHUTDOWN_TIME_LIMIT_MS + LAG_SLACK_MS,
        `killed ${drainedForMs} ms after the drain began (limit ${SHUTDOWN_TIME_LIMIT_MS} ms + ${LAG_SLACK_MS} ms slack)`,
      );
      assert.equal(outcome.status, null);
      assert.equal(outcome.error, 'ECONNRESET');

      const replacement = eventsOf(test.events, 'worker-spawned').find((e) => e.reason === 'OnDemand')!;
      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pid === old.pid);
      assert.equal(exited.reason, 'killed');
      assert.equal(exited.signal, 'SIGKILL');
      const gets = await Promise.all(Array.from({ length: 3 }, () => request(`${test.url}/`)));
      assert.deepEqual(tally(gets), { '200': 3 });
      for (const get of gets) assert.equal((JSON.parse(get.body) as { pid: number }).pid, replacement.pid);

      const counts = dispatcher.snapshot();
      assert.deepEqual(counts.lost, { worker_died: 1, truncated: 0, timeout: 0 });
      assert.deepEqual(
        eventsOf(test.events, 'request-lost').map((e) => [e.workerId, e.reason]),
        [[old.id, 'worker_died']],
      );
      assert.equal(counts.served, 3);
      // A drain timeout is not a failure of the worker.
      assert.deepEqual(eventsOf(test.events, 'failure-counted'), []);
      assert.equal(supervisor.restarts.OnDemand, 1);
    });
  });
});
