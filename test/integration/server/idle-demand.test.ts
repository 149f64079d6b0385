import assert from 'node:assert/strict';
import { request } from '../../helpers/http-client.ts';
import { LAG_SLACK_MS, eventsOf, startTestServer, waitForEvent, type TestServer } from '../../helpers/test-server.ts';

const IDLE_TIMEOUT_MS = 500;

function pidOf(body: string): number {
  return (JSON.parse(body) as { pid: number }).pid;
}

describe('supervisor', () => {
  describe('when an OnDemand pool goes idle', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('starts a worker on the first request, shuts it down after idleTimeout, and demand-starts a new one', async () => {
      test = await startTestServer({
        pools: { lazy: { startMode: 'OnDemand', processModel: { idleTimeout: IDLE_TIMEOUT_MS } } },
        apps: [{ path: '/', pool: 'lazy', module: 'misbehave.ts' }],
      });
      const { supervisor } = test.server.pools.get('lazy')!;

      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(supervisor.workers.length, 0);
      assert.equal(eventsOf(test.events, 'worker-spawned', 'lazy').length, 0);

      const first = await request(`${test.url}/`);
      assert.equal(first.status, 200);
      const firstPid = pidOf(first.body);
      const spawned = eventsOf(test.events, 'worker-spawned', 'lazy');
      assert.deepEqual(
        spawned.map((e) => [e.workerId, e.pid, e.reason]),
        [[1, firstPid, 'demand']],
      );

      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pool === 'lazy', 5_000);
      const expired = eventsOf(test.events, 'worker-idle-expired', 'lazy');
      assert.equal(expired.length, 1);
      assert.ok(
        expired[0]!.idleMs >= IDLE_TIMEOUT_MS && expired[0]!.idleMs < IDLE_TIMEOUT_MS + LAG_SLACK_MS,
        `idleMs ${expired[0]!.idleMs} (limit ${IDLE_TIMEOUT_MS} ms + ${LAG_SLACK_MS} ms slack)`,
      );
      assert.deepEqual(
        eventsOf(test.events, 'worker-draining', 'lazy').map((e) => [e.workerId, e.reason, e.requestsDispatched]),
        [[1, 'idle', 1]],
      );
      assert.deepEqual(
        [exited.workerId, exited.pid, exited.reason, exited.code, exited.signal, exited.requestsDispatched],
        [1, firstPid, 'drained', 0, null, 1],
      );
      assert.equal(supervisor.workers.length, 0);

      // Nothing restarts an idle-expired worker without demand.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(eventsOf(test.events, 'worker-spawned', 'lazy').length, 1);

      const second = await request(`${test.url}/`);
      assert.equal(second.status, 200);
      const secondPid = pidOf(second.body);
      assert.notEqual(secondPid, firstPid);
      assert.deepEqual(
        eventsOf(test.events, 'worker-spawned', 'lazy').map((e) => [e.workerId, e.pid, e.reason]),
        [
          [1, firstPid, 'demand'],
          [2, secondPid, 'demand'],
        ],
      );
      assert.deepEqual(
        test.events.filter((e) => e.pool === 'lazy').map((e) => e.type),
        [
          'pool-started',
          'worker-spawned',
          'worker-ready',
          'worker-idle-expired',
          'worker-draining',
          'worker-exited',
          'worker-spawned',
          'worker-ready',
        ],
      );
      assert.equal(eventsOf(test.events, 'failure-counted', 'lazy').length, 0);
      assert.equal(supervisor.restarts.crash, 0);
    });
  });

  describe('when an AlwaysRunning pool goes idle', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('keeps its worker whatever idleTimeout says', async () => {
      test = await startTestServer({
        pools: { eager: { startMode: 'AlwaysRunning', processModel: { idleTimeout: IDLE_TIMEOUT_MS } } },
        apps: [{ path: '/', pool: 'eager', module: 'misbehave.ts' }],
      });
      const ready = await waitForEvent(test, 'worker-ready', (e) => e.pool === 'eager', 5_000);
      const first = await request(`${test.url}/`);
      assert.equal(first.status, 200);
      assert.equal(pidOf(first.body), ready.pid);

      await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS * 3));

      const { supervisor } = test.server.pools.get('eager')!;
      assert.deepEqual(
        supervisor.workers.map((w) => [w.id, w.pid, w.state]),
        [[1, ready.pid, 'ready']],
      );
      const second = await request(`${test.url}/`);
      assert.equal(pidOf(second.body), ready.pid);
      assert.deepEqual(
        test.events.filter((e) => e.pool === 'eager').map((e) => e.type),
        ['pool-started', 'worker-spawned', 'worker-ready'],
      );
    });
  });
});
