import assert from 'node:assert/strict';
import type { PoolStatus } from '../../../server/index.ts';
import { request } from '../../helpers/http-client.ts';
import { eventsOf, startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

const START_DELAY_MS = 1_500;

async function poolStatus(test: TestServer): Promise<PoolStatus> {
  const answer = await request(`${test.adminUrl}/pools/web`);
  assert.equal(answer.status, 200);
  return JSON.parse(answer.body) as PoolStatus;
}

describe('front', () => {
  describe('when a client goes away while its request waits for a starting worker', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('culls the request as client-aborted and never dispatches it', async () => {
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'OnDemand',
            processModel: { shutdownTimeLimit: '2s' },
            environmentVariables: { FIXTURE_START_DELAY_MS: String(START_DELAY_MS) },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'slow-start.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;

      // The socket goes idle for 100 ms waiting for an answer, and the client destroys it.
      const abandoned = await request(`${test.url}/?n=abandoned`, { timeoutMs: 100 });
      assert.equal(abandoned.error, 'ETIMEDOUT');
      assert.deepEqual(eventsOf(test.events, 'worker-ready'), [], 'the client gave up before the worker could start');

      const aborted = await waitForEvent(test, 'request-client-aborted', () => true, 2_000);
      assert.equal(aborted.stage, 'queued');
      assert.equal(dispatcher.queue.length, 0);
      const spawned = await waitForEvent(test, 'worker-spawned');
      assert.equal(spawned.reason, 'demand');

      await waitForEvent(test, 'worker-ready', (e) => e.workerId === spawned.workerId, 10_000);
      // Give a wrongly kept request every chance to be dispatched before looking.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const status = await poolStatus(test);
      assert.deepEqual(
        status.workers.map((w) => [w.pid, w.state, w.requests]),
        [[spawned.pid, 'ready', 0]],
      );
      assert.equal(status.requests.clientAborted, 1);
      assert.equal(status.requests.accepted, 1);
      assert.equal(status.requests.served, 0);
      assert.deepEqual(status.requests.lost, { worker_died: 0, truncated: 0, timeout: 0 });
      assert.equal(eventsOf(test.events, 'request-client-aborted').length, 1);

      const served = await request(`${test.url}/?n=next`);
      assert.equal(served.status, 200);
      assert.equal((JSON.parse(served.body) as { url: string }).url, '/?n=next');
      await waitUntil(() => dispatcher.snapshot().served === 1, 2_000, 'the next request counted as served');
      assert.equal((await poolStatus(test)).workers[0]!.requests, 1);
      assert.equal(supervisor.workers.length, 1);
    });
  });
});
