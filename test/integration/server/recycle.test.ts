import assert from 'node:assert/strict';
import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PoolStatus, ServerEvent } from '../../../server/index.ts';
import { keepAliveAgent, request, tally, type HttpOutcome } from '../../helpers/http-client.ts';
import {
  BOOT_BUDGET_MS,
  LAG_SLACK_MS,
  eventsOf,
  startTestServer,
  waitForEvent,
  waitUntil,
  type TestServer,
} from '../../helpers/test-server.ts';

const SHUTDOWN_TIME_LIMIT_MS = 5_000;
/** Every wait for the first worker (or two, booting side by side) to become ready. */
const FIRST_READY_MS = 2 * BOOT_BUDGET_MS;
/** After the load: the last recycle's replacement may still be booting, and its old worker draining. */
const SETTLE_MS = BOOT_BUDGET_MS + SHUTDOWN_TIME_LIMIT_MS;
/**
 * The slowest load a test accepts: 50 requests a second over its connections (misbehave answers
 * ?sleep=1 in about 1 ms, so a loaded machine still does several hundred). Only the load caps use it.
 */
const MIN_REQUESTS_PER_S = 50;

/**
 * How long a load may run to see `recycles` Requests recycles finish: each needs `requestsLimit` more
 * requests at {@link MIN_REQUESTS_PER_S}, one replacement boot, and the old worker's drain and exit.
 * A cap only: the load stops as soon as the recycles are done.
 */
function requestsRecycleCapMs(recycles: number, requestsLimit: number): number {
  return recycles * ((requestsLimit * 1_000) / MIN_REQUESTS_PER_S + BOOT_BUDGET_MS + LAG_SLACK_MS);
}

/** A keep-alive agent that remembers every client connection it opened. */
class CountingAgent extends Agent {
  readonly opened: Duplex[] = [];
  closedWhileCounting = 0;
  isCounting = true;

  constructor(connections: number) {
    super({ keepAlive: true, maxSockets: connections });
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
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

/**
 * Runs `connections` loops that each send requests back to back over keep-alive connections until
 * `isDone()` holds (checked every 10 ms) or `capMs` has passed. Returns every outcome, and whether
 * `isDone()` held when the load stopped.
 */
async function runClosedLoopUntil(
  connections: number,
  isDone: () => boolean,
  capMs: number,
  makeUrl: () => string,
  agent: Agent = keepAliveAgent(connections),
): Promise<{ outcomes: HttpOutcome[]; isDone: boolean }> {
  const outcomes: HttpOutcome[] = [];
  let isStopping = false;
  const stop = (): void => {
    isStopping = true;
    clearInterval(poll);
    clearTimeout(cap);
  };
  const poll = setInterval(() => {
    if (isDone()) stop();
  }, 10);
  const cap = setTimeout(stop, capMs);
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (!isStopping) outcomes.push(await request(makeUrl(), { agent }));
    }),
  );
  agent.destroy();
  return { outcomes, isDone: isDone() };
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

/**
 * How many recycles have finished: the recycled worker has exited and the worker spawned after its
 * worker-recycling event is ready (either order, so this holds with and without overlap).
 */
function finishedRecycles(events: readonly ServerEvent[]): number {
  return eventsOf(events, 'worker-recycling').filter((recycling) => {
    const spawned = events[indexOfEvent(events, (e) => e.type === 'worker-spawned', events.indexOf(recycling))];
    return (
      spawned?.type === 'worker-spawned' &&
      events.some((e) => e.type === 'worker-ready' && e.workerId === spawned.workerId) &&
      events.some((e) => e.type === 'worker-exited' && e.workerId === recycling.workerId)
    );
  }).length;
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
    SETTLE_MS,
    'the pool to settle on one ready worker',
  );
}

describe('supervisor', () => {
  let test: TestServer;
  afterEach(async () => test.stop());

  describe('when periodicRestart.requests is reached under keep-alive load', () => {
    it('recycles with overlap, fails no request, dispatches nothing to a draining worker, and keeps client connections open', async function () {
      const REQUESTS_LIMIT = 150;
      const CONNECTIONS = 20;
      const RECYCLES = 2;
      const LOAD_CAP_MS = requestsRecycleCapMs(RECYCLES, REQUESTS_LIMIT);
      this.timeout(FIRST_READY_MS + LOAD_CAP_MS + SETTLE_MS + LAG_SLACK_MS);
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            processModel: { shutdownTimeLimit: SHUTDOWN_TIME_LIMIT_MS },
            recycling: { periodicRestart: { requests: REQUESTS_LIMIT } },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', FIRST_READY_MS, 'a ready worker');

      // Load until two whole recycles (replacement ready, old worker gone) happened under it.
      const agent = new CountingAgent(CONNECTIONS);
      const load = await runClosedLoopUntil(
        CONNECTIONS,
        () => finishedRecycles(test.events) >= RECYCLES,
        LOAD_CAP_MS,
        () => `${test.url}/?sleep=1`,
        agent,
      );
      agent.isCounting = false;
      const outcomes = load.outcomes;
      assert.ok(load.isDone, `${RECYCLES} recycles finished within ${LOAD_CAP_MS} ms of load (saw ${finishedRecycles(test.events)})`);
      await waitForSettledPool(test, (requests) => requests >= REQUESTS_LIMIT);

      assert.deepEqual(Object.keys(tally(outcomes)), ['200'], `every request got 200: ${JSON.stringify(tally(outcomes))}`);
      const recycles = assertOverlappedRecycles(test.events, 'Requests');
      assert.ok(recycles >= RECYCLES, `at least ${RECYCLES} recycles (saw ${recycles})`);
      assert.equal(supervisor.restarts.Requests, recycles);
      for (const recycling of eventsOf(test.events, 'worker-recycling')) {
        const draining = eventsOf(test.events, 'worker-draining').find((e) => e.workerId === recycling.workerId)!;
        assert.ok(
          draining.requestsDispatched >= REQUESTS_LIMIT,
          `worker ${recycling.workerId} recycled after ${draining.requestsDispatched}`,
        );
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
    it('recycles it for PrivateMemory with overlap and fails no request', async function () {
      const PING_INTERVAL_MS = 200;
      const MAX_LEAKS = 6;
      /** From a leak's answer to a pong sent after it: the next ping, and its round trip. */
      const LEAK_SEEN_MS = PING_INTERVAL_MS + LAG_SLACK_MS;
      /** The leaks, then the recycle: one replacement boot, and the leaker's drain and exit. */
      const LOAD_CAP_MS = MAX_LEAKS * LEAK_SEEN_MS + BOOT_BUDGET_MS + LAG_SLACK_MS;
      this.timeout(FIRST_READY_MS + LOAD_CAP_MS + SETTLE_MS + LAG_SLACK_MS);
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            processModel: { pingInterval: PING_INTERVAL_MS, shutdownTimeLimit: SHUTDOWN_TIME_LIMIT_MS },
            recycling: { periodicRestart: { privateMemory: '120MB' } },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      const limitBytes = supervisor.settings.recycling.periodicRestart.privateMemoryBytes;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', FIRST_READY_MS, 'a ready worker');
      const leaker = supervisor.workers[0]!;

      // The load runs until the leaker's recycle has finished.
      const load = runClosedLoopUntil(
        10,
        () => finishedRecycles(test.events) >= 1,
        LOAD_CAP_MS,
        () => `${test.url}/?sleep=1`,
      );
      const leaks: HttpOutcome[] = [];
      // RSS reaches the supervisor only in a pong: the next leak goes out only once a pong sent after the
      // last one showed the worker still within the limit, so no leak overshoots the one that crossed it.
      while (leaker.figures.rssBytes <= limitBytes && leaks.length < MAX_LEAKS) {
        leaks.push(await request(`${test.url}/?leak=40`));
        const seq = leaker.pingSeq;
        await waitUntil(() => leaker.pingSeq > seq && leaker.pingSentAtMs === null, LEAK_SEEN_MS, 'a pong after the leak');
      }
      const { outcomes } = await load;
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
    it('stops the old worker before starting the new one, and the queue holds requests meanwhile', async function () {
      const REQUESTS_LIMIT = 100;
      const RECYCLES = 2;
      const LOAD_CAP_MS = requestsRecycleCapMs(RECYCLES, REQUESTS_LIMIT);
      this.timeout(FIRST_READY_MS + LOAD_CAP_MS + SETTLE_MS + LAG_SLACK_MS);
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            processModel: { shutdownTimeLimit: SHUTDOWN_TIME_LIMIT_MS },
            recycling: { periodicRestart: { requests: REQUESTS_LIMIT }, disallowOverlappingRotation: true },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', FIRST_READY_MS, 'a ready worker');

      let queuedWithoutWorker = 0;
      const sampler = setInterval(() => {
        if (supervisor.workers.every((w) => w.state !== 'ready') && dispatcher.queue.length > 0) queuedWithoutWorker++;
      }, 5);
      // Load until two whole recycles (old worker gone, new one ready) happened under it.
      const load = await runClosedLoopUntil(
        20,
        () => finishedRecycles(test.events) >= RECYCLES,
        LOAD_CAP_MS,
        () => `${test.url}/?sleep=1`,
      );
      clearInterval(sampler);
      const outcomes = load.outcomes;
      assert.ok(load.isDone, `${RECYCLES} recycles finished within ${LOAD_CAP_MS} ms of load (saw ${finishedRecycles(test.events)})`);
      await waitForSettledPool(test, (requests) => requests >= REQUESTS_LIMIT);

      assert.deepEqual(Object.keys(tally(outcomes)), ['200'], `every request got 200: ${JSON.stringify(tally(outcomes))}`);
      const events = test.events;
      const recycles = eventsOf(events, 'worker-recycling');
      assert.ok(recycles.length >= RECYCLES, `at least ${RECYCLES} recycles (saw ${recycles.length})`);
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
        pools: { web: { maxProcesses: 2, startMode: 'AlwaysRunning', processModel: { shutdownTimeLimit: SHUTDOWN_TIME_LIMIT_MS } } },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers.filter((w) => w.state === 'ready').length === 2, FIRST_READY_MS, 'two ready workers');
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
        eventsOf(test.events, 'worker-recycling')
          .map((e) => e.pid)
          .sort(),
        [...oldPids].sort(),
      );
      assert.equal(supervisor.restarts.OnDemand, 2);
      const served = await request(`${test.url}/`);
      assert.equal(served.status, 200);
      assert.ok(!oldPids.includes((JSON.parse(served.body) as { pid: number }).pid), 'a new worker answers');
    });
  });
});
