import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { request } from '../../helpers/http-client.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { loadScenario } from '../../../chaos/scenario/load-scenario.ts';
import { runScenario } from '../../../chaos/run/run-scenario.ts';
import type { Journal } from '../../../chaos/journal/journal.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/scenarios/${name}`, import.meta.url));

/** At least one answered request per connection per second: the load flowed (thousands a second do here). */
function servedFloor(journal: Journal): number {
  return Math.ceil((journal.load.connections * journal.load.durationMs) / 1000);
}

/** The run drained: nothing in flight at stop, and sent = served + rejected + lost exactly. */
function reconciles(journal: Journal): void {
  const { sent, served, rejected, lost, inFlightAtStop } = journal.requests;
  assert.equal(inFlightAtStop, 0);
  assert.equal(sent, served + rejected + lost);
  const perSecond = journal.timeline.reduce((total, second) => total + second.sent, 0);
  assert.equal(perSecond, sent);
}

describe('runScenario', function () {
  this.timeout(60_000);

  describe('when one worker of two is killed under load', () => {
    let journal: Journal;
    before(async () => {
      journal = await runScenario(await loadScenario(fixture('one-crash.yaml')), { toolVersion: 'test' });
    });

    it('passes every expectation and says so', () => {
      assert.equal(journal.error, null);
      assert.deepEqual(
        journal.expectations.map((result) => [result.expr, result.actual, result.passed]),
        [
          ['requests.lost == 0', 0, true],
          ['restarts{reason=crash} == 1', 1, true],
          ['faults.injected == 1', 1, true],
        ],
      );
      assert.equal(journal.status, 'passed');
    });

    it('records the fault with the worker it hit, and the server events it caused', () => {
      assert.equal(journal.faults.length, 1);
      const [fault] = journal.faults;
      assert.equal(fault?.error, null);
      assert.equal(fault?.affected.length, 1);
      const pid = fault?.affected[0]?.pid;
      const injected = journal.events.filter((event) => event.type === 'chaos-injected');
      assert.deepEqual(
        injected.map((event) => event['pids']),
        [[pid]],
      );
      const exits = journal.events.filter((event) => event.type === 'worker-exited' && event['pid'] === pid);
      assert.deepEqual(
        exits.map((event) => [event['reason'], event['signal']]),
        [['crash', 'SIGKILL']],
      );
      assert.equal(journal.recovery.replacementReadyMs.length, 1);
    });

    it('accounts for every request on the client, and the front agrees on what it served', () => {
      reconciles(journal);
      assert.equal(journal.requests.lost, 0);
      assert.ok(journal.requests.served >= servedFloor(journal), `served ${String(journal.requests.served)}`);
      assert.ok(journal.front !== null);
      assert.equal(journal.front.total.lost, 0);
      assert.equal(journal.front.total.rejected, 0);
      assert.equal(journal.front.total.served, journal.requests.served);
      assert.deepEqual(journal.disagreements, []);
    });

    it('samples workers and queue depth into the timeline', () => {
      assert.equal(journal.timeline.length, Math.ceil(journal.load.durationMs / 1000));
      assert.ok(journal.timeline.every((second) => second.workers !== null && second.queueDepth !== null));
    });
  });

  describe('when a burst overflows the queue', () => {
    let journal: Journal;
    before(async () => {
      journal = await runScenario(await loadScenario(fixture('queue-burst.yaml')), { toolVersion: 'test' });
    });

    it('counts the same rejections on the client as on the front, and fails the expectation that cannot hold', () => {
      reconciles(journal);
      assert.ok(journal.requests.rejected > 0);
      assert.deepEqual(journal.requests.rejectedByReason, { QueueFull: journal.requests.rejected });
      assert.equal(journal.front?.total.rejectedByReason['QueueFull'], journal.requests.rejected);
      assert.equal(journal.requests.lost, 0);
      assert.deepEqual(
        journal.expectations.map((result) => result.passed),
        [true, true, false],
      );
      assert.equal(journal.status, 'failed');
    });
  });

  describe('when attached to a server that is already running and has served traffic', () => {
    let test: TestServer;
    let dir = '';
    let journal: Journal;
    const EARLIER_REQUESTS = 25;
    before(async () => {
      test = await startTestServer({
        chaos: { enabled: true },
        pools: { web: { maxProcesses: 2, startMode: 'AlwaysRunning' } },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      for (let i = 0; i < EARLIER_REQUESTS; i++) assert.equal((await request(`${test.url}/`)).status, 200);
      dir = mkdtempSync(join(tmpdir(), 'poolchaos-attach-'));
      const file = join(dir, 'attach.yaml');
      writeFileSync(
        file,
        stringify({
          name: 'attach',
          target: { urls: { front: test.url, admin: test.adminUrl } },
          load: { connections: 4, duration: '3s', timeout: '10s' },
          steadyState: { before: '1s', after: '1s' },
          faults: [{ at: '1s', kind: 'crash', target: { pool: 'web', worker: 'newest' } }],
          expect: ['requests.lost == 0', 'restarts{reason=crash} == 1'],
        }),
      );
      journal = await runScenario(await loadScenario(file), { toolVersion: 'test' });
    });
    after(async () => {
      await test.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('injects through the running admin API and counts only this run on the front', () => {
      assert.equal(journal.status, 'passed', JSON.stringify(journal.expectations));
      assert.equal(journal.faults[0]?.affected.length, 1);
      reconciles(journal);
      const front = journal.front?.total;
      assert.ok(front !== undefined);
      // The 25 earlier requests are not this run's: the front's figures start from the run's first sample.
      assert.equal(front.served, journal.requests.served);
    });

    it('leaves the server it attached to running', async () => {
      assert.equal((await request(`${test.url}/`)).status, 200);
    });
  });
});
