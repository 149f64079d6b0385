import assert from 'node:assert/strict';
import { request, tally } from '../../helpers/http-client.ts';
import {
  BOOT_BUDGET_MS,
  LAG_SLACK_MS,
  eventsOf,
  startTestServer,
  waitForEvent,
  waitUntil,
  type TestServer,
} from '../../helpers/test-server.ts';

const PING_INTERVAL_MS = 300;
/**
 * Above LAG_SLACK_MS: the split of the requests (in flight on the frozen worker, queued) can only be seen
 * until the kill replays them, at least this long after SIGSTOP; and a stall of this process must not
 * look like a second unanswered ping (the test asserts exactly one worker-unresponsive).
 */
const PING_RESPONSE_TIME_MS = 3_000;
/** The latest the frozen worker may be killed after SIGSTOP: the next ping, its limit, and the lag. */
const KILL_BOUND_MS = PING_INTERVAL_MS + PING_RESPONSE_TIME_MS + LAG_SLACK_MS;
const MAX_CONCURRENT = 4;
const REQUESTS = 10;

describe('supervisor', () => {
  describe('when the only worker is frozen with SIGSTOP while requests arrive', () => {
    let test: TestServer;
    let frozenPid = 0;
    afterEach(async () => {
      // A stopped process ignores everything but SIGKILL and SIGCONT; never leave one behind.
      if (frozenPid !== 0) {
        try {
          process.kill(frozenPid, 'SIGCONT');
        } catch {
          // already gone
        }
      }
      await test.stop();
    });

    it('kills it for ping_timeout within pingInterval + pingResponseTime and serves every request from the replacement', async function () {
      // The first worker's boot (its wait allows two), a first answered ping, the kill, the replacement's boot.
      this.timeout(2 * BOOT_BUDGET_MS + PING_INTERVAL_MS + LAG_SLACK_MS + KILL_BOUND_MS + BOOT_BUDGET_MS);
      test = await startTestServer({
        pools: {
          web: {
            maxProcesses: 1,
            startMode: 'AlwaysRunning',
            processModel: {
              pingInterval: PING_INTERVAL_MS,
              pingResponseTime: PING_RESPONSE_TIME_MS,
              maxConcurrentRequests: MAX_CONCURRENT,
              shutdownTimeLimit: '2s',
            },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', 2 * BOOT_BUDGET_MS, 'a ready worker');
      const victim = supervisor.workers[0]!;
      // Let a ping round-trip first, so the freeze is what the supervisor detects.
      await waitUntil(() => victim.lastPingAtMs !== null && victim.pingSentAtMs === null, 5_000, 'a first answered ping');

      frozenPid = victim.pid;
      process.kill(victim.pid, 'SIGSTOP');
      const frozenAtMs = Date.now();
      const pending = Array.from({ length: REQUESTS }, (_, i) => request(`${test.url}/?n=${i}`));
      // maxConcurrentRequests on the frozen worker, the rest in the queue.
      await waitUntil(
        () => victim.outstandingRequests === MAX_CONCURRENT && dispatcher.queue.length === REQUESTS - MAX_CONCURRENT,
        PING_RESPONSE_TIME_MS,
        `${MAX_CONCURRENT} requests in flight on the frozen worker and ${REQUESTS - MAX_CONCURRENT} queued`,
      );

      const killed = await waitForEvent(test, 'worker-killed', (e) => e.pid === victim.pid, KILL_BOUND_MS);
      const killedAfterMs = killed.time - frozenAtMs;
      const outcomes = await Promise.all(pending);

      assert.equal(killed.reason, 'ping_timeout');
      assert.ok(
        killedAfterMs <= KILL_BOUND_MS,
        `killed ${killedAfterMs} ms after SIGSTOP (limit ${PING_INTERVAL_MS + PING_RESPONSE_TIME_MS} ms + ${LAG_SLACK_MS} ms slack)`,
      );
      const unresponsive = eventsOf(test.events, 'worker-unresponsive');
      assert.equal(unresponsive.length, 1);
      assert.equal(unresponsive[0]!.pid, victim.pid);
      assert.equal(unresponsive[0]!.reason, 'ping_timeout');
      assert.ok(unresponsive[0]!.waitedMs >= PING_RESPONSE_TIME_MS, `waited ${unresponsive[0]!.waitedMs} ms for a pong`);

      assert.deepEqual(tally(outcomes), { '200': REQUESTS });
      const replacement = await waitForEvent(test, 'worker-spawned', (e) => e.reason === 'ping_timeout');
      const servedBy = new Set(outcomes.map((outcome) => (JSON.parse(outcome.body) as { pid: number }).pid));
      assert.deepEqual([...servedBy], [replacement.pid]);

      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pid === victim.pid);
      assert.equal(exited.reason, 'killed');
      assert.equal(exited.signal, 'SIGKILL');
      frozenPid = 0;

      const counts = dispatcher.snapshot();
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
      assert.equal(counts.served, REQUESTS);
      assert.equal(counts.retried, MAX_CONCURRENT, 'the in-flight requests were replayed, the queued ones were not');
      assert.equal(supervisor.restarts.ping_timeout, 1);
      assert.deepEqual(
        eventsOf(test.events, 'failure-counted').map((e) => [e.pid, e.reason, e.failuresInWindow]),
        [[victim.pid, 'ping_timeout', 1]],
      );
    });
  });
});
