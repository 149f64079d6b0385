import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, tally } from '../../helpers/http-client.ts';
import { BOOT_BUDGET_MS, LAG_SLACK_MS, eventsOf, startTestServer, waitForEvent, type TestServer } from '../../helpers/test-server.ts';

const PING_INTERVAL_MS = 200;
/**
 * Above LAG_SLACK_MS, so that a stall of this process or a slow pong from the replacement on a loaded
 * machine is not a second ping_timeout: the test asserts the exact event sequence and one failure.
 */
const PING_RESPONSE_TIME_MS = 3_000;
/** The latest the frozen worker may be found unresponsive after SIGSTOP: the next ping, its limit, and the lag. */
const DETECT_BOUND_MS = PING_INTERVAL_MS + PING_RESPONSE_TIME_MS + LAG_SLACK_MS;
/** How long the orphanActionExe hook (touch) may take to be reported. */
const HOOK_WAIT_MS = 5_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('supervisor', () => {
  describe('when orphanWorkerProcess is on and a worker stops answering pings', () => {
    let test: TestServer;
    let hookDir: string;
    let frozenPid: number | null = null;

    afterEach(async () => {
      if (frozenPid !== null && isAlive(frozenPid)) {
        process.kill(frozenPid, 'SIGCONT');
        process.kill(frozenPid, 'SIGKILL');
      }
      frozenPid = null;
      await test.stop();
      rmSync(hookDir, { recursive: true, force: true });
    });

    it('sets it aside alive, runs orphanActionExe with its pid, serves from a replacement, and kills it at stop', async function () {
      // The first boot, the detection, the hook, the replacement's boot (its wait allows two).
      this.timeout(BOOT_BUDGET_MS + DETECT_BOUND_MS + HOOK_WAIT_MS + 2 * BOOT_BUDGET_MS);
      hookDir = mkdtempSync(join(tmpdir(), 'poolchaos-orphan-'));
      test = await startTestServer({
        pools: {
          web: {
            startMode: 'AlwaysRunning',
            processModel: { pingInterval: PING_INTERVAL_MS, pingResponseTime: PING_RESPONSE_TIME_MS },
            failure: {
              orphanWorkerProcess: true,
              orphanActionExe: '/usr/bin/touch',
              orphanActionParams: `${hookDir}/orphan-%1%`,
            },
          },
        },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const ready = await waitForEvent(test, 'worker-ready', (e) => e.pool === 'web', BOOT_BUDGET_MS);
      const pid = ready.pid;
      frozenPid = pid;
      const frozenAtMs = Date.now();
      process.kill(pid, 'SIGSTOP');

      const unresponsive = await waitForEvent(test, 'worker-unresponsive', (e) => e.pid === pid, DETECT_BOUND_MS);
      assert.equal(unresponsive.reason, 'ping_timeout');
      assert.ok(unresponsive.waitedMs >= PING_RESPONSE_TIME_MS, `waited ${unresponsive.waitedMs} ms`);
      const detectedAfterMs = unresponsive.time - frozenAtMs;
      assert.ok(
        detectedAfterMs <= DETECT_BOUND_MS,
        `unresponsive ${detectedAfterMs} ms after SIGSTOP (limit ${PING_INTERVAL_MS + PING_RESPONSE_TIME_MS} ms + ${LAG_SLACK_MS} ms)`,
      );
      const orphaned = await waitForEvent(test, 'worker-orphaned', (e) => e.pid === pid);
      assert.equal(orphaned.reason, 'ping_timeout');
      const hook = await waitForEvent(test, 'hook-ran', (e) => e.pool === 'web', HOOK_WAIT_MS);
      const hookFile = join(hookDir, `orphan-${pid}`);
      assert.deepEqual(
        { hook: hook.hook, command: hook.command, args: hook.args, exitCode: hook.exitCode, error: hook.error },
        { hook: 'orphanActionExe', command: '/usr/bin/touch', args: [hookFile], exitCode: 0, error: null },
      );
      assert.equal(existsSync(hookFile), true);

      const replacement = await waitForEvent(test, 'worker-spawned', (e) => e.pool === 'web' && e.workerId === 2);
      assert.equal(replacement.reason, 'ping_timeout');
      await waitForEvent(test, 'worker-ready', (e) => e.workerId === 2);

      const outcomes = await Promise.all(Array.from({ length: 10 }, () => request(`${test.url}/`)));
      assert.deepEqual(tally(outcomes), { '200': 10 });
      assert.deepEqual([...new Set(outcomes.map((o) => (JSON.parse(o.body) as { pid: number }).pid))], [replacement.pid]);
      assert.equal(isAlive(pid), true);

      const { supervisor } = test.server.pools.get('web')!;
      assert.equal(supervisor.workers.find((w) => w.pid === pid)!.requestsDispatched, 0);
      const status = JSON.parse((await request(`${test.adminUrl}/pools/web`)).body) as {
        workers: { id: number; pid: number; state: string }[];
        restarts: Record<string, number>;
        rapidFail: { failuresInWindow: number };
      };
      assert.deepEqual(
        status.workers.map((w) => [w.id, w.pid, w.state]),
        [
          [1, pid, 'orphaned'],
          [2, replacement.pid, 'ready'],
        ],
      );
      assert.equal(status.restarts['ping_timeout'], 1);
      assert.equal(status.rapidFail.failuresInWindow, 1);
      assert.deepEqual(
        test.events.filter((e) => e.pool === 'web' && e.type !== 'hook-ran').map((e) => e.type),
        [
          'pool-started',
          'worker-spawned',
          'worker-ready',
          'worker-unresponsive',
          'worker-orphaned',
          'failure-counted',
          'worker-spawned',
          'worker-ready',
        ],
      );

      await test.stop();
      assert.equal(isAlive(pid), false, 'stop() kills the orphan');
      const exited = eventsOf(test.events, 'worker-exited', 'web').find((e) => e.pid === pid)!;
      assert.deepEqual([exited.reason, exited.signal], ['killed', 'SIGKILL']);
      assert.deepEqual(
        eventsOf(test.events, 'worker-killed', 'web').map((e) => [e.pid, e.reason]),
        [[pid, 'server_stopped']],
      );
    });
  });
});
