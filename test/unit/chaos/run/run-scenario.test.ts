import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../../../chaos/scenario/load-scenario.ts';
import { POOL_SAMPLE_INTERVAL_MS, runScenario } from '../../../../chaos/run/run-scenario.ts';
import type { Scenario } from '../../../../chaos/scenario/scenario.ts';
import { fakeWorld, type FakeWorldOptions } from './fake-world.ts';

const HELLO = fileURLToPath(new URL('../../../../examples/apps/hello.ts', import.meta.url));

function scenario(): Scenario {
  return parseScenario(
    {
      name: 'fake',
      seed: 3,
      target: {
        server: { pools: { web: { maxProcesses: 2, startMode: 'AlwaysRunning' } }, apps: [{ path: '/', pool: 'web', module: HELLO }] },
      },
      load: { connections: 2, duration: '6s' },
      steadyState: { before: '1s', after: '1s' },
      faults: [
        { at: '1500ms', kind: 'crash', target: { pool: 'web', worker: 'oldest' } },
        { at: '4s', kind: 'freeze', target: { pool: 'web' }, duration: '500ms' },
      ],
      expect: ['requests.lost == 0', 'faults.injected == 2', 'front.served == 600'],
    },
    { file: '/scenarios/fake.yaml', isBroken: false },
  );
}

async function run(options: FakeWorldOptions = {}) {
  const world = fakeWorld(options);
  const journal = await runScenario(scenario(), { toolVersion: 'test', seams: world.seams });
  return { world, journal };
}

describe('runScenario against a fake world', () => {
  describe('when everything works', () => {
    it('starts the server, follows its events, injects each fault at its offset on the load clock, and stops the server once', async () => {
      const { world, journal } = await run();
      assert.deepEqual(world.calls, ['startServer', 'followEvents', 'runLoad', 'stopEvents', 'stopServer']);
      assert.deepEqual(
        world.injected.map((injection) => [injection.atMs, injection.body['kind'], injection.body['worker']]),
        [
          [1500, 'crash', 'oldest'],
          [4000, 'freeze', 'random'],
        ],
      );
      assert.deepEqual(
        journal.faults.map((fault) => [
          fault.index,
          fault.kind,
          fault.injectedAtMs === null ? null : fault.injectedAtMs - journal.startedAtMs,
          fault.error,
        ]),
        [
          [0, 'crash', 1500, null],
          [1, 'freeze', 4000, null],
        ],
      );
    });

    it("judges the journal: the client's counts, the front's counts over the run, every expectation", async () => {
      const { journal } = await run();
      assert.equal(journal.status, 'passed', JSON.stringify(journal.expectations));
      assert.deepEqual([journal.requests.sent, journal.requests.served, journal.requests.lost], [600, 600, 0]);
      assert.equal(journal.front?.total.served, 600);
      assert.deepEqual(journal.disagreements, []);
      assert.deepEqual(
        journal.expectations.map((result) => [result.expr, result.actual, result.passed]),
        [
          ['requests.lost == 0', 0, true],
          ['faults.injected == 2', 2, true],
          ['front.served == 600', 600, true],
        ],
      );
      assert.deepEqual(
        journal.events.map((event) => event.type),
        ['pool-started'],
      );
    });

    it('samples the pools every POOL_SAMPLE_INTERVAL_MS, so every timeline second has its workers', async () => {
      const { journal } = await run();
      assert.equal(POOL_SAMPLE_INTERVAL_MS, 250);
      assert.deepEqual(
        journal.timeline.map((second) => [second.second, second.workers?.ready ?? null, second.queueDepth]),
        [
          [0, 2, 0],
          [1, 2, 0],
          [2, 2, 0],
          [3, 2, 0],
          [4, 2, 0],
          [5, 2, 0],
        ],
      );
    });
  });

  describe('when the server cannot start', () => {
    it('records status error with the message and never starts the load', async () => {
      const { world, journal } = await run({ serverFails: 'port in use' });
      assert.deepEqual(world.calls, ['startServer']);
      assert.equal(journal.status, 'error');
      assert.equal(journal.error, 'port in use');
      assert.deepEqual(journal.expectations, []);
    });
  });

  describe('when the load fails before every fault is due', () => {
    it('cancels the faults not yet due instead of waiting for them, stops the server and records the error', async () => {
      const { world, journal } = await run({ loadFailsAfterMs: [2000, 'the load driver child failed: boom'] });
      assert.deepEqual(world.calls, ['startServer', 'followEvents', 'runLoad', 'stopEvents', 'stopServer']);
      assert.deepEqual(
        world.injected.map((injection) => injection.atMs),
        [1500],
      );
      assert.equal(journal.status, 'error');
      assert.equal(journal.error, 'the load driver child failed: boom\nlast server output:\nfake server output');
    });
  });

  describe('when the admin API refuses an injection', () => {
    it('records each fault with the error, and the verdict fails on faults.injected', async () => {
      const { journal } = await run({ injectionFails: 'ERR_CHAOS_NO_TARGET: no worker' });
      assert.deepEqual(
        journal.faults.map((fault) => [fault.index, fault.injectedAtMs, fault.error]),
        [
          [0, null, 'ERR_CHAOS_NO_TARGET: no worker'],
          [1, null, 'ERR_CHAOS_NO_TARGET: no worker'],
        ],
      );
      assert.equal(journal.status, 'failed');
      assert.deepEqual(
        journal.expectations.find((result) => result.expr === 'faults.injected == 2'),
        { expr: 'faults.injected == 2', actual: 0, passed: false, message: null },
      );
    });
  });
});
