import assert from 'node:assert/strict';
import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PoolStatus, ServerEvent } from '../../../server/index.ts';
import { request, runClosedLoop, tally, type HttpOutcome } from '../../helpers/http-client.ts';
import { eventsOf, startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

/** A keep-alive agent that remembers every client connection it opened. */
class CountingAgent extends Agent {
  readonly opened: Duplex[] = [];
  closedWhileCounting = 0;
  isCounting = true;

  constructor(connections: number) {
    super({ keepAlive: true, maxSockets: connections });
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket !== null && socket !== undefined) {
      this.opened.push(socket);
      socket.once('close', () => {
        if (this.isCounting) this.closedWhileCounting++;
      });
    }
    return socket;
  }
}

function indexOfEvent(events: readonly ServerEvent[], predicate: (event: ServerEvent) => boolean, after = -1): number {
  return events.findIndex((event, index) => index > after && predicate(event));
}

/**
 * Checks, for every recycle, the overlapped order: recycling(old) → spawned(new, same reason) →
 * ready(new) → draining(old) → exited(old, drained). Returns how many recycles it checked.
 */
function assertOverlappedRecycles(events: readonly ServerEvent[], reason: string): number {
  const recycles = eventsOf(events, 'worker-recycling');
  for (const recycling of recycles) {
    assert.equal(recycling.reason, reason);
    assert.equal(recycling.isOverlapped, true);
    const old = recycling.workerId;
    const at = events.indexOf(recycling);
    const spawnedAt = indexOfEvent(events, (e) => e.type === 'worker-spawned', at);
    const spawned = events[spawnedAt];
    assert.ok(spawned?.type === 'worker-spawned', `a replacement spawned after worker ${old} began recycling`);
    assert.equal(spawned.reason, reason);
    const readyAt = indexOfEvent(events, (e) => e.type === 'worker-ready' && e.workerId === spawned.workerId);
    const drainingAt = indexOfEvent(events, (e) => e.type === 'worker-draining' && e.workerId === old);
    const exitedAt = indexOfEvent(events, (e) => e.type === 'worker-exited' && e.workerId === old);
    const order = [at, spawnedAt, readyAt, drainingAt, exitedAt];
    assert.ok(
      order.every((index, i) => index > (order[i - 1] ?? -2)),
      `worker ${old}: recycling → spawned(${spawned.workerId}) → ready → draining → exited out of order: ${order.join(', ')}`,
    );
    const draining = events[drainingAt];
    assert.ok(draining?.type === 'worker-draining');
    assert.equal(draining.reason, reason);
    const exited = events[exitedAt];
    assert.ok(exited?.type === 'worker-exited');
    assert.equal(exited.reason, 'drained');
    assert.equal(exited.code, 0);
  }
  return recycles.length;
}

/** No worker got a request after its drain began: the count at exit equals the count at drain. */
function assertNoDispatchAfterDrain(events: readonly ServerEvent[]): void {
  const drained = eventsOf(events, 'worker-exited').filter((e) => e.reason === 'drained');
  for (const exited of drained) {
    const draining = eventsOf(events, 'worker-draining').find((e) => e.workerId === exited.workerId);
    assert.ok(draining !== undefined, `worker ${exited.workerId} drained without a worker-draining event`);
    assert.equal(exited.requestsDispatched, draining.requestsDispatched, `worker ${exited.workerId} got requests while draining`);
  }
}

/** Waits until every recycle that began has finished and one ready worker is left that is not due. */
async function waitForSettledPool(test: TestServer, isDue: (requests: number) => boolean): Promise<void> {
  const { supervisor } = test.server.pools.get('web')!;
  await waitUntil(
    () => {
      const exitedIds = new Set(eventsOf(test.events, 'worker-exited').map((e) => e.workerId));
      const worker = supervisor.workers[0];
      return (
        eventsOf(test.events, 'worker-recycling').every((e) => exitedIds.has(e.workerId)) &&
        supervisor.workers.length === 1 &&
        worker?.state === 'ready' &&
        worker.recycleReason === null &&
        !isDue(worker.requestsDispatched)
      );
    },
    10_000,
    'the pool to settle on one ready worker',
  );
}

describe('supervisor', () => {
  let test: TestServer;
  afterEach(async () => test.stop());

  describe('when periodicRestart.requests is reached under keep-alive load', () => {
    it('recycles with overlap, fails no request, dispatches nothing to a draining worker, and keeps client connections open', async () => {
      const REQUESTS_LIMIT = 150;
      const CONNECTIONS = 20;
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            processModel: { shutdownTimeLimit: '5s' },
            recycling: { periodicRestart: { requests: REQUESTS_LIMIT } },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', 10_000, 'a ready worker');

      const agent = new CountingAgent(CONNECTIONS);
      const outcomes = await runClosedLoop(CONNECTIONS, 3_000, () => `${test.url}/?sleep=1`, agent);
      agent.isCounting = false;
      await waitForSettledPool(test, (requests) => requests >= REQUESTS_LIMIT);

      assert.deepEqual(Object.keys(tally(outcomes)), ['200'], `every request got 200: ${JSON.stringify(tally(outcomes))}`);
      const recycles = assertOverlappedRecycles(test.events, 'Requests');
      assert.ok(recycles >= 2, `at least two recycles (saw ${recycles})`);
      assert.equal(supervisor.restarts.Requests, recycles);
      for (const recycling of eventsOf(test.events, 'worker-recycling')) {
        const draining = eventsOf(test.events, 'worker-draining').find((e) => e.workerId === recycling.workerId)!;
        assert.ok(draining.requestsDispatched >= REQUESTS_LIMIT, `worker ${recycling.workerId} recycled after ${draining.requestsDispatched}`);
      }
      assertNoDispatchAfterDrain(test.events);
      assert.equal(agent.opened.length, CONNECTIONS, `client connections opened: ${agent.opened.length}`);
      assert.equal(agent.closedWhileCounting, 0, 'no client connection closed during the load');

      const counts = dispatcher.snapshot();
      assert.equal(counts.served, outcomes.length);
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
      assert.equal(counts.retried, 0);
      assert.deepEqual(eventsOf(test.events, 'worker-killed'), []);
    });
  });

  describe('when a worker leaks past periodicRestart.privateMemory', () => {
    it('recycles it for PrivateMemory with overlap and fails no request', async () => {
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            processModel: { pingInterval: '200ms', shutdownTimeLimit: '5s' },
            recycling: { periodicRestart: { privateMemory: '120MB' } },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', 10_000, 'a ready worker');
      const leaker = supervisor.workers[0]!;

      const load = runClosedLoop(10, 3_000, () => `${test.url}/?sleep=1`);
      const leaks: HttpOutcome[] = [];
      while (eventsOf(test.events, 'worker-recycling').length === 0 && leaks.length < 6) {
        leaks.push(await request(`${test.url}/?leak=40`));
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      const outcomes = await load;
      await waitForSettledPool(test, () => false);

      assert.deepEqual(tally(leaks), { '200': leaks.length });
      for (const leak of leaks) assert.equal((JSON.parse(leak.body) as { pid: number }).pid, leaker.pid);
      assert.ok(leaks.length >= 1 && leaks.length <= 3, `${leaks.length} leaks of 40 MB took the worker past 120 MB`);
      assert.deepEqual(Object.keys(tally(outcomes)), ['200'], `every request got 200: ${JSON.stringify(tally(outcomes))}`);
      assert.equal(assertOverlappedRecycles(test.events, 'PrivateMemory'), 1);
      assert.equal(eventsOf(test.events, 'worker-recycling')[0]!.pid, leaker.pid);
      assert.equal(supervisor.restarts.PrivateMemory, 1);
      assertNoDispatchAfterDrain(test.events);

      const counts = dispatcher.snapshot();
      assert.equal(counts.served, outcomes.length + leaks.length);
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
      assert.deepEqual(eventsOf(test.events, 'worker-killed'), []);
    });
  });

  describe('when disallowOverlappingRotation is true', () => {
    it('stops the old worker before starting the new one, and the queue holds requests meanwhile', async () => {
      const REQUESTS_LIMIT = 100;
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            processModel: { shutdownTimeLimit: '5s' },
            recycling: { periodicRestart: { requests: REQUESTS_LIMIT }, disallowOverlappingRotation: true },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', 10_000, 'a ready worker');

      let queuedWithoutWorker = 0;
      const sampler = setInterval(() => {
        if (supervisor.workers.every((w) => w.state !== 'ready') && dispatcher.queue.length > 0) queuedWithoutWorker++;
      }, 5);
      const outcomes = await runClosedLoop(20, 2_500, () => `${test.url}/?sleep=1`);
      clearInterval(sampler);
      await waitForSettledPool(test, (requests) => requests >= REQUESTS_LIMIT);

      assert.deepEqual(Object.keys(tally(outcomes)), ['200'], `every request got 200: ${JSON.stringify(tally(outcomes))}`);
      const events = test.events;
      const recycles = eventsOf(events, 'worker-recycling');
      assert.ok(recycles.length >= 2, `at least two recycles (saw ${recycles.length})`);
      for (const recycling of recycles) {
        assert.equal(recycling.reason, 'Requests');
        assert.equal(recycling.isOverlapped, false);
        const at = events.indexOf(recycling);
        const drainingAt = indexOfEvent(events, (e) => e.type === 'worker-draining' && e.workerId === recycling.workerId);
        const exitedAt = indexOfEvent(events, (e) => e.type === 'worker-exited' && e.workerId === recycling.workerId);
        const spawnedAt = indexOfEvent(events, (e) => e.type === 'worker-spawned', at);
        const spawned = events[spawnedAt];
        assert.ok(spawned?.type === 'worker-spawned', `a new worker spawned after worker ${recycling.workerId} recycled`);
        assert.equal(spawned.reason, 'Requests');
        const readyAt = indexOfEvent(events, (e) => e.type === 'worker-ready' && e.workerId === spawned.workerId);
        const order = [at, drainingAt, exitedAt, spawnedAt, readyAt];
        assert.ok(
          order.every((index, i) => index > (order[i - 1] ?? -2)),
          `worker ${recycling.workerId}: recycling → draining → exited → spawned(${spawned.workerId}) → ready out of order: ${order.join(', ')}`,
        );
        const exited = events[exitedAt];
        assert.ok(exited?.type === 'worker-exited');
        assert.equal(exited.reason, 'drained');
      }
      assertNoDispatchAfterDrain(events);
      assert.ok(queuedWithoutWorker > 0, 'requests waited in the queue while no worker was ready');
      assert.equal(supervisor.restarts.Requests, recycles.length);
      const counts = dispatcher.snapshot();
      assert.equal(counts.served, outcomes.length);
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
      assert.equal(counts.retried, 0);
    });
  });

  describe('when an admin asks for a recycle', () => {
    it('recycles every ready worker with reason OnDemand, overlapped', async () => {
      test = await startTestServer({
        pools: { web: { maxProcesses: 2, startMode: 'AlwaysRunning', processModel: { shutdownTimeLimit: '5s' } } },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers.filter((w) => w.state === 'ready').length === 2, 10_000, 'two ready workers');
      const oldPids = supervisor.workers.map((w) => w.pid);

      const answer = await request(`${test.adminUrl}/pools/web/recycle`, { method: 'POST' });
      assert.equal(answer.status, 200);
      const status = JSON.parse(answer.body) as PoolStatus;
      assert.equal(status.name, 'web');
      assert.deepEqual(
        status.workers.filter((w) => oldPids.includes(w.pid)).map((w) => w.recycleReason),
        ['OnDemand', 'OnDemand'],
      );
      assert.equal(status.workers.length, 4, 'two replacements started next to the old workers');

      for (const pid of oldPids) await waitForEvent(test, 'worker-exited', (e) => e.pid === pid);
      await waitUntil(
        () => supervisor.workers.length === 2 && supervisor.workers.every((w) => w.state === 'ready' && w.recycleReason === null),
        10_000,
        'two ready workers',
      );
      assert.equal(assertOverlappedRecycles(test.events, 'OnDemand'), 2);
      assert.deepEqual(
        eventsOf(test.events, 'worker-recycling').map((e) => e.pid).sort(),
        [...oldPids].sort(),
      );
      assert.equal(supervisor.restarts.OnDemand, 2);
      const served = await request(`${test.url}/`);
      assert.equal(served.status, 200);
      assert.ok(!oldPids.includes((JSON.parse(served.body) as { pid: number }).pid), 'a new worker answers');
    });
  });
});

