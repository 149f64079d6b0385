import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REJECT_REASON_HEADER } from '../../../server/index.ts';
import { request } from '../../helpers/http-client.ts';
import { BOOT_BUDGET_MS, eventsOf, startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

const MAX_CRASHES = 3;
/**
 * One trip takes MAX_CRASHES serial worker starts: exit-at-start.ts exits after worker-main's imports,
 * so each is nearly a whole boot.
 */
const TRIP_WAIT_MS = MAX_CRASHES * BOOT_BUDGET_MS;
/** The healthy pool's demand start, the hook, and the 503 and final checks. */
const REST_OF_TEST_MS = 2 * BOOT_BUDGET_MS;

function post(url: string): ReturnType<typeof request> {
  return request(url, { method: 'POST' });
}

describe('supervisor', () => {
  describe('when a pool crashes at every start', () => {
    let test: TestServer;
    let hookDir: string;
    let hookFile: string;

    beforeEach(async () => {
      hookDir = mkdtempSync(join(tmpdir(), 'poolchaos-rapid-fail-'));
      hookFile = join(hookDir, 'auto-shutdown-ran');
      test = await startTestServer({
        pools: {
          crashy: {
            startMode: 'AlwaysRunning',
            failure: {
              rapidFailProtectionMaxCrashes: MAX_CRASHES,
              rapidFailProtectionInterval: '1m',
              autoShutdownExe: '/usr/bin/touch',
              autoShutdownParams: hookFile,
            },
          },
          healthy: {},
        },
        apps: [
          { path: '/crashy', pool: 'crashy', module: 'exit-at-start.ts' },
          { path: '/', pool: 'healthy', module: 'misbehave.ts' },
        ],
      });
    });

    afterEach(async () => {
      await test.stop();
      rmSync(hookDir, { recursive: true, force: true });
    });

    it('trips rapid-fail after maxCrashes, answers 503 AppOffline without spawning, runs autoShutdownExe and leaves other pools serving', async function () {
      this.timeout(TRIP_WAIT_MS + REST_OF_TEST_MS);
      assert.equal((await request(`${test.url}/`)).status, 200);
      await waitForEvent(test, 'pool-stopped', (e) => e.pool === 'crashy', TRIP_WAIT_MS);
      assert.equal((await request(`${test.url}/`)).status, 200);

      const spawned = eventsOf(test.events, 'worker-spawned', 'crashy');
      assert.deepEqual(
        spawned.map((e) => [e.workerId, e.reason]),
        [
          [1, 'AlwaysRunning'],
          [2, 'crash'],
          [3, 'crash'],
        ],
      );
      assert.deepEqual(
        eventsOf(test.events, 'worker-exited', 'crashy').map((e) => [e.workerId, e.reason, e.code]),
        [
          [1, 'crash', 3],
          [2, 'crash', 3],
          [3, 'crash', 3],
        ],
      );
      assert.deepEqual(
        eventsOf(test.events, 'failure-counted', 'crashy').map((e) => [e.reason, e.failuresInWindow, e.limit]),
        [
          ['crash', 1, MAX_CRASHES],
          ['crash', 2, MAX_CRASHES],
          ['crash', 3, MAX_CRASHES],
        ],
      );
      const tripped = eventsOf(test.events, 'rapid-fail-tripped', 'crashy');
      assert.deepEqual(
        tripped.map((e) => [e.failuresInWindow, e.intervalMs]),
        [[MAX_CRASHES, 60_000]],
      );
      assert.deepEqual(
        eventsOf(test.events, 'pool-stopped', 'crashy').map((e) => e.reason),
        ['RapidFail'],
      );
      const crashySequence = test.events.filter((e) => e.pool === 'crashy' && e.type !== 'hook-ran').map((e) => e.type);
      assert.deepEqual(crashySequence, [
        'pool-started',
        'worker-spawned',
        'worker-exited',
        'failure-counted',
        'worker-spawned',
        'worker-exited',
        'failure-counted',
        'worker-spawned',
        'worker-exited',
        'failure-counted',
        'rapid-fail-tripped',
        'pool-stopped',
      ]);

      const hook = await waitForEvent(test, 'hook-ran', (e) => e.pool === 'crashy', 5_000);
      assert.deepEqual(
        { hook: hook.hook, command: hook.command, args: hook.args, exitCode: hook.exitCode, error: hook.error },
        { hook: 'autoShutdownExe', command: '/usr/bin/touch', args: [hookFile], exitCode: 0, error: null },
      );
      assert.equal(existsSync(hookFile), true);

      const offline = await request(`${test.url}/crashy/x`);
      assert.equal(offline.status, 503);
      assert.equal(offline.headers[REJECT_REASON_HEADER], 'AppOffline');

      // No fourth worker, however long we wait.
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(eventsOf(test.events, 'worker-spawned', 'crashy').length, MAX_CRASHES);
      const { supervisor, dispatcher } = test.server.pools.get('crashy')!;
      assert.equal(supervisor.workers.length, 0);
      assert.equal(supervisor.state, 'Stopped');
      assert.equal(supervisor.stopReason, 'RapidFail');
      assert.equal(supervisor.restarts.crash, MAX_CRASHES);
      assert.equal(supervisor.rapidFailTrips, 1);
      assert.deepEqual(dispatcher.snapshot().rejected, { QueueFull: 0, AppOffline: 1, Disabled: 0 });

      const healthy = test.server.pools.get('healthy')!;
      assert.equal(healthy.supervisor.state, 'Started');
      assert.deepEqual(
        eventsOf(test.events, 'worker-spawned', 'healthy').map((e) => e.reason),
        ['demand'],
      );
      assert.equal(eventsOf(test.events, 'failure-counted', 'healthy').length, 0);
    });

    it('starts again on an admin start, which clears rapid-fail until it trips again', async function () {
      this.timeout(2 * TRIP_WAIT_MS + REST_OF_TEST_MS);
      await waitForEvent(test, 'pool-stopped', (e) => e.pool === 'crashy', TRIP_WAIT_MS);

      const started = await post(`${test.adminUrl}/pools/crashy/start`);
      assert.equal(started.status, 200);
      const status = JSON.parse(started.body) as { state: string; stopReason: string | null; rapidFail: { failuresInWindow: number } };
      assert.equal(status.state, 'Started');
      assert.equal(status.stopReason, null);
      assert.equal(status.rapidFail.failuresInWindow, 0);

      assert.deepEqual(
        eventsOf(test.events, 'pool-started', 'crashy').map((e) => e.reason),
        ['server_started', 'admin'],
      );
      const respawn = await waitForEvent(test, 'worker-spawned', (e) => e.pool === 'crashy' && e.workerId === MAX_CRASHES + 1);
      assert.equal(respawn.reason, 'AlwaysRunning');

      await waitUntil(() => eventsOf(test.events, 'pool-stopped', 'crashy').length === 2, TRIP_WAIT_MS, 'second trip');
      assert.equal(eventsOf(test.events, 'rapid-fail-tripped', 'crashy').length, 2);
      assert.equal(eventsOf(test.events, 'worker-spawned', 'crashy').length, 2 * MAX_CRASHES);
      assert.deepEqual(
        eventsOf(test.events, 'failure-counted', 'crashy').map((e) => e.failuresInWindow),
        [1, 2, 3, 1, 2, 3],
      );
    });

    it('answers 503 Disabled while an admin has stopped the other pool, and serves again after an admin start', async () => {
      assert.equal((await request(`${test.url}/`)).status, 200);

      const stopped = await post(`${test.adminUrl}/pools/healthy/stop`);
      assert.equal(stopped.status, 200);
      assert.equal((JSON.parse(stopped.body) as { state: string }).state, 'Stopped');
      await waitForEvent(test, 'worker-exited', (e) => e.pool === 'healthy');
      const disabled = await request(`${test.url}/`);
      assert.equal(disabled.status, 503);
      assert.equal(disabled.headers[REJECT_REASON_HEADER], 'Disabled');
      assert.equal(test.server.pools.get('healthy')!.supervisor.workers.length, 0);

      const started = await post(`${test.adminUrl}/pools/healthy/start`);
      assert.equal(started.status, 200);
      assert.equal((JSON.parse(started.body) as { state: string }).state, 'Started');
      assert.equal((await request(`${test.url}/`)).status, 200);

      assert.deepEqual(
        test.events
          .filter((e) => e.pool === 'healthy' && e.type !== 'worker-ready')
          .map((e) => ('reason' in e ? `${e.type}:${String(e.reason)}` : e.type)),
        [
          'pool-started:server_started',
          'worker-spawned:demand',
          'pool-stopped:Admin',
          'worker-draining:pool_stopped',
          'worker-exited:drained',
          'request-rejected:Disabled',
          'pool-started:admin',
          'worker-spawned:demand',
        ],
      );
      const { supervisor, dispatcher } = test.server.pools.get('healthy')!;
      assert.equal(supervisor.restarts.manual, 1);
      assert.deepEqual(dispatcher.snapshot().rejected, { QueueFull: 0, AppOffline: 0, Disabled: 1 });
    });
  });
});
