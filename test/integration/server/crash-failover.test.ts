import assert from 'node:assert/strict';
import { runClosedLoop, tally } from '../../helpers/http-client.ts';
import { eventsOf, startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

describe('front', () => {
  describe('when a worker is SIGKILLed under 50 concurrent keep-alive clients', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('loses no idempotent request, replays the in-flight ones, and a replacement becomes ready', async () => {
      test = await startTestServer({
        pools: { web: { maxProcesses: 2, startMode: 'AlwaysRunning' } },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers.filter((w) => w.state === 'ready').length === 2, 10_000, 'two ready workers');
      const victim = supervisor.workers[0]!;

      const LOAD_MS = 2_500;
      const load = runClosedLoop(50, LOAD_MS, () => `${test.url}/?sleep=20`);
      // Kill it as soon as it has requests in flight (no await between the check and the kill).
      await waitUntil(() => victim.outstandingRequests > 0, LOAD_MS, 'the victim has requests in flight when it is killed');
      process.kill(victim.pid, 'SIGKILL');
      const outcomes = await load;

      assert.deepEqual(Object.keys(tally(outcomes)), ['200'], `every request got 200: ${JSON.stringify(tally(outcomes))}`);
      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pid === victim.pid);
      assert.equal(exited.reason, 'crash');
      assert.equal(exited.signal, 'SIGKILL');
      const replacement = await waitForEvent(test, 'worker-spawned', (e) => e.reason === 'crash');
      await waitForEvent(test, 'worker-ready', (e) => e.workerId === replacement.workerId);

      const counts = dispatcher.snapshot();
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
      assert.equal(counts.served, outcomes.length);
      assert.equal(counts.accepted, outcomes.length);
      assert.ok(counts.retried >= 1, `in-flight requests were replayed (retried ${counts.retried})`);
      assert.equal(eventsOf(test.events, 'request-retried').length, counts.retried);
      assert.equal(supervisor.restarts.crash, 1);
      assert.deepEqual(
        supervisor.workers.map((w) => w.state),
        ['ready', 'ready'],
      );
    });
  });
});
