import assert from 'node:assert/strict';
import { REJECT_REASON_HEADER } from '../../../server/index.ts';
import { request } from '../../helpers/http-client.ts';
import { LAG_SLACK_MS, eventsOf, startTestServer, waitUntil, type TestServer } from '../../helpers/test-server.ts';

const STARTUP_TIME_LIMIT_MS = 500;
const MAX_CRASHES = 2;
const REJECT_BODY = 'HTTP Error 503. The service is unavailable.\n';

describe('supervisor', () => {
  describe('when workers never become ready', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('kills each at startupTimeLimit, counts the kills toward rapid-fail, and answers the queued request 503 AppOffline', async () => {
      test = await startTestServer({
        pools: {
          slow: {
            startMode: 'OnDemand',
            processModel: { startupTimeLimit: STARTUP_TIME_LIMIT_MS },
            failure: { rapidFailProtectionMaxCrashes: MAX_CRASHES },
            environmentVariables: { FIXTURE_START_DELAY_MS: '5000' },
          },
        },
        apps: [{ path: '/', pool: 'slow', module: 'slow-start.ts' }],
      });
      const startedAtMs = Date.now();

      const outcome = await request(`${test.url}/`);
      const elapsedMs = Date.now() - startedAtMs;

      assert.equal(outcome.status, 503);
      assert.equal(outcome.headers[REJECT_REASON_HEADER], 'AppOffline');
      assert.equal(outcome.body, REJECT_BODY);
      // The limits run one after the other (each kill spawns the next worker), and each kill may come late by the lag.
      assert.ok(
        elapsedMs >= MAX_CRASHES * STARTUP_TIME_LIMIT_MS && elapsedMs < MAX_CRASHES * (STARTUP_TIME_LIMIT_MS + LAG_SLACK_MS),
        `${MAX_CRASHES} startup limits of ${STARTUP_TIME_LIMIT_MS} ms passed first (took ${elapsedMs} ms)`,
      );

      assert.deepEqual(
        eventsOf(test.events, 'worker-killed', 'slow').map((e) => [e.workerId, e.reason]),
        [
          [1, 'startup_timeout'],
          [2, 'startup_timeout'],
        ],
      );
      assert.deepEqual(
        eventsOf(test.events, 'failure-counted', 'slow').map((e) => [e.workerId, e.reason, e.failuresInWindow, e.limit]),
        [
          [1, 'startup_timeout', 1, 2],
          [2, 'startup_timeout', 2, 2],
        ],
      );
      assert.deepEqual(
        eventsOf(test.events, 'rapid-fail-tripped', 'slow').map((e) => e.failuresInWindow),
        [2],
      );
      assert.deepEqual(
        eventsOf(test.events, 'pool-stopped', 'slow').map((e) => e.reason),
        ['RapidFail'],
      );
      assert.deepEqual(
        eventsOf(test.events, 'request-rejected', 'slow').map((e) => [e.reason, e.response]),
        [['AppOffline', '503']],
      );
      assert.equal(eventsOf(test.events, 'worker-ready', 'slow').length, 0);
      assert.deepEqual(
        eventsOf(test.events, 'worker-spawned', 'slow').map((e) => [e.workerId, e.reason]),
        [
          [1, 'demand'],
          [2, 'startup_timeout'],
        ],
      );
      await waitUntil(() => eventsOf(test.events, 'worker-exited', 'slow').length === 2, 5_000, 'both workers exited');
      assert.deepEqual(
        eventsOf(test.events, 'worker-exited', 'slow').map((e) => [e.workerId, e.reason, e.signal]),
        [
          [1, 'killed', 'SIGKILL'],
          [2, 'killed', 'SIGKILL'],
        ],
      );

      const { supervisor, dispatcher } = test.server.pools.get('slow')!;
      assert.equal(supervisor.restarts.startup_timeout, 2);
      assert.equal(supervisor.restarts.crash, 0);
      const counts = dispatcher.snapshot();
      assert.deepEqual(counts.rejected, { QueueFull: 0, AppOffline: 1, Disabled: 0 });
      assert.equal(counts.accepted, 0);
      assert.equal(counts.queued, 0);
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
    });
  });

  describe('when the handler module throws while loading', () => {
    let test: TestServer;
    afterEach(async () => test.stop());

    it('reports worker-startup-failed with the message, then the exit as a crash', async () => {
      test = await startTestServer({
        pools: { broken: { startMode: 'OnDemand', failure: { rapidFailProtectionMaxCrashes: 2 } } },
        apps: [{ path: '/', pool: 'broken', module: 'throw-at-start.ts' }],
      });

      const outcome = await request(`${test.url}/`);

      assert.equal(outcome.status, 503);
      assert.equal(outcome.headers[REJECT_REASON_HEADER], 'AppOffline');
      const sequence = test.events
        .filter((e) => e.pool === 'broken')
        .map((e) => ('reason' in e ? `${e.type}:${String(e.reason)}` : e.type));
      assert.deepEqual(sequence, [
        'pool-started:server_started',
        'worker-spawned:demand',
        'worker-startup-failed',
        'worker-exited:crash',
        'failure-counted:crash',
        'worker-spawned:crash',
        'worker-startup-failed',
        'worker-exited:crash',
        'failure-counted:crash',
        'rapid-fail-tripped',
        'pool-stopped:RapidFail',
        'request-rejected:AppOffline',
      ]);
      for (const failed of eventsOf(test.events, 'worker-startup-failed', 'broken')) {
        assert.equal(failed.message, 'fixture module failed to load');
      }
      assert.deepEqual(
        eventsOf(test.events, 'worker-exited', 'broken').map((e) => [e.workerId, e.code, e.signal, e.requestsDispatched]),
        [
          [1, 70, null, 0],
          [2, 70, null, 0],
        ],
      );
    });
  });
});
