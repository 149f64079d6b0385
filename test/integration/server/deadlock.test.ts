import assert from 'node:assert/strict';
import { request, tally } from '../../helpers/http-client.ts';
import { LAG_SLACK_MS, eventsOf, startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

// Every GET must reach the stuck worker before the interval runs out (they replay only if they do):
// 3 s is room for that on a loaded machine.
const DEADLOCK_INTERVAL_MS = 3_000;
const PING_INTERVAL_MS = 200;
/**
 * Far above anything this test waits for. Ping timeouts are not under test here: the pings only show
 * that the stuck worker's event loop stays free, so a slow pong on a loaded machine must not become a
 * ping_timeout (the test asserts there is none).
 */
const PING_RESPONSE_TIME_MS = 10_000;
const GETS = 5;

describe('supervisor', () => {
  describe('when a worker deadlocks while its event loop stays free', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('replaces it for deadlock, loses only the non-idempotent request that caused it, and does not count a rapid-fail failure', async () => {
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            responseDeadlockInterval: DEADLOCK_INTERVAL_MS,
            processModel: { pingInterval: PING_INTERVAL_MS, pingResponseTime: PING_RESPONSE_TIME_MS, shutdownTimeLimit: '2s' },
            failure: { rapidFailProtectionMaxCrashes: 1 },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', 10_000, 'a ready worker');
      const victim = supervisor.workers[0]!;

      const sentAtMs = Date.now();
      const poisoned = request(`${test.url}/?deadlock=1`, { method: 'POST' });
      await waitUntil(() => victim.outstandingRequests === 1, 2_000, 'the POST in flight');
      // From here the worker is stuck. The seq of the latest ping seen answered (a pong clears pingSentAtMs).
      const pingSeqBefore = victim.pingSeq;
      let answeredPingSeq = 0;
      const pingSampler = setInterval(() => {
        if (victim.pingSentAtMs === null) answeredPingSeq = victim.pingSeq;
      }, 5);
      const gets = Array.from({ length: GETS }, (_, i) => request(`${test.url}/?n=${i}`));
      const unresponsive = await (async () => {
        await waitUntil(() => victim.outstandingRequests === 1 + GETS, DEADLOCK_INTERVAL_MS, 'the GETs in flight on the stuck worker');
        return waitForEvent(test, 'worker-unresponsive', (e) => e.pid === victim.pid, DEADLOCK_INTERVAL_MS + LAG_SLACK_MS);
      })().finally(() => clearInterval(pingSampler));
      const [poisonedOutcome, getOutcomes] = await Promise.all([poisoned, Promise.all(gets)]);

      assert.equal(unresponsive.reason, 'deadlock');
      assert.ok(unresponsive.waitedMs >= DEADLOCK_INTERVAL_MS, `waited ${unresponsive.waitedMs} ms`);
      // The slack also covers the POST's way to the worker: the deadlock clock starts at its dispatch.
      assert.ok(
        unresponsive.time - sentAtMs <= DEADLOCK_INTERVAL_MS + LAG_SLACK_MS,
        `detected ${unresponsive.time - sentAtMs} ms after the POST (limit ${DEADLOCK_INTERVAL_MS} ms + ${LAG_SLACK_MS} ms slack)`,
      );
      assert.ok(answeredPingSeq > pingSeqBefore, 'the stuck worker kept answering pings');
      const killed = eventsOf(test.events, 'worker-killed');
      assert.deepEqual(
        killed.map((e) => [e.pid, e.reason]),
        [[victim.pid, 'deadlock']],
      );

      assert.equal(poisonedOutcome.status, null);
      assert.equal(poisonedOutcome.error, 'ECONNRESET');
      assert.deepEqual(tally(getOutcomes), { '200': GETS });
      const replacement = await waitForEvent(test, 'worker-spawned', (e) => e.reason === 'deadlock');
      for (const outcome of getOutcomes) assert.equal((JSON.parse(outcome.body) as { pid: number }).pid, replacement.pid);

      const counts = dispatcher.snapshot();
      assert.deepEqual(counts.lost, { worker_died: 1, truncated: 0, timeout: 0 });
      assert.equal(counts.served, GETS);
      assert.equal(counts.retried, GETS);
      assert.deepEqual(
        eventsOf(test.events, 'request-lost').map((e) => [e.workerId, e.reason]),
        [[victim.id, 'worker_died']],
      );
      assert.equal(supervisor.restarts.deadlock, 1);
      assert.equal(supervisor.restarts.ping_timeout, 0);
      // rapidFailProtectionMaxCrashes is 1: a counted deadlock would have stopped the pool.
      assert.deepEqual(eventsOf(test.events, 'failure-counted'), []);
      assert.equal(supervisor.state, 'Started');
      assert.equal(supervisor.failuresInWindow, 0);
    });
  });
});
