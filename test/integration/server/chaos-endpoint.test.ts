import assert from 'node:assert/strict';
import { seededRandom, selectTargets } from '../../../faults/index.ts';
import { REJECT_REASON_HEADER, type ServerEvent } from '../../../server/index.ts';
import type { WorkerHandle } from '../../../server/supervisor/worker-handle.ts';
import { request, tally, type HttpOutcome } from '../../helpers/http-client.ts';
import {
  BOOT_BUDGET_MS,
  LAG_SLACK_MS,
  eventsOf,
  startTestServer,
  waitForEvent,
  waitUntil,
  type TestServer,
} from '../../helpers/test-server.ts';

const SHUTDOWN_TIME_LIMIT_MS = 1_000;
/** Node timers run on a truncated monotonic clock: one may fire a millisecond or two early by Date.now. */
const TIMER_SLACK_MS = 5;
/** readyWorkers' wait: up to two workers boot side by side on a 2-core machine. */
const READY_WAIT_MS = 2 * BOOT_BUDGET_MS;
/**
 * The ping limit of the tests that freeze or busy-loop a worker: above LAG_SLACK_MS, so that a stall of
 * this process or a slow pong from the replacement is not a second ping_timeout (they assert exact events).
 */
const PING_TEST_RESPONSE_TIME_MS = 3_000;
/**
 * The ping limit of the deadlock test: far above anything it waits for. Pings are not under test there,
 * only that they keep being answered, so a slow pong must not become a ping_timeout.
 */
const DEADLOCK_TEST_RESPONSE_TIME_MS = 10_000;
const ZERO_LOST = { worker_died: 0, truncated: 0, timeout: 0 };
const ZERO_REJECTED = { QueueFull: 0, AppOffline: 0, Disabled: 0 };

/** The body of a 200 from POST /chaos. */
interface InjectionBody {
  readonly faultId: number;
  readonly kind: string;
  readonly pool: string;
  readonly affected: readonly { readonly workerId: number; readonly pid: number }[];
  readonly injectedAtMs: number;
  readonly endsAtMs: number | null;
  readonly injectedAt: string;
  readonly endsAt: string | null;
}

function json<T>(body: string): T {
  return JSON.parse(body) as T;
}

function postChaos(test: TestServer, body: unknown): Promise<HttpOutcome> {
  return request(`${test.adminUrl}/chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Injects a fault that must be accepted. */
async function inject(test: TestServer, body: Record<string, unknown>): Promise<InjectionBody> {
  const outcome = await postChaos(test, body);
  assert.equal(outcome.status, 200, `POST /chaos answered ${String(outcome.status)}: ${outcome.body}`);
  return json<InjectionBody>(outcome.body);
}

/**
 * A config with chaos enabled and one pool `web` (AlwaysRunning) serving misbehave.ts at `/`. Pings are
 * frequent so that {@link whenAgentCaughtUp} is quick; their timeout stays at the default unless overridden.
 */
function chaosConfig(pool: Record<string, unknown> = {}, processModel: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    chaos: { enabled: true },
    pools: {
      web: {
        maxProcesses: 1,
        startMode: 'AlwaysRunning',
        ...pool,
        processModel: { pingInterval: 100, shutdownTimeLimit: SHUTDOWN_TIME_LIMIT_MS, ...processModel },
      },
    },
    apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
  };
}

/** Waits until pool `web` has `count` ready workers and returns them in id order. */
async function readyWorkers(test: TestServer, count: number): Promise<WorkerHandle[]> {
  const { supervisor } = test.server.pools.get('web')!;
  await waitUntil(
    () => supervisor.workers.length === count && supervisor.workers.every((worker) => worker.state === 'ready'),
    READY_WAIT_MS,
    `${count} ready workers`,
  );
  return [...supervisor.workers].sort((a, b) => a.id - b.id);
}

/**
 * Resolves once `worker` answered a ping sent after this call. IPC is ordered, so by then its chaos
 * agent has acted on every fault sent before (a request on the socket could otherwise overtake it).
 */
async function whenAgentCaughtUp(worker: WorkerHandle): Promise<void> {
  const seq = worker.pingSeq;
  await waitUntil(() => worker.pingSeq > seq && worker.pingSentAtMs === null, 5_000, `worker ${worker.id} to answer a later ping`);
}

function pidOf(outcome: HttpOutcome): number {
  return json<{ pid: number }>(outcome.body).pid;
}

/** `type:reason` (or `type`) of each event of pool `web` from `from` on, for exact sequences. */
function sequenceOf(events: readonly ServerEvent[], from: number): string[] {
  return events
    .slice(from)
    .filter((event) => event.pool === 'web')
    .map((event) => {
      if (event.type === 'chaos-injected' || event.type === 'chaos-ended') return `${event.type}:${event.kind}`;
      const worker = 'workerId' in event ? `#${event.workerId}` : '';
      return 'reason' in event ? `${event.type}${worker}:${String(event.reason)}` : `${event.type}${worker}`;
    });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('chaos endpoint', () => {
  let test: TestServer | null = null;
  /** Processes a test froze; resumed in afterEach so no stopped process outlives a failed test. */
  let frozenPids: number[] = [];

  afterEach(async () => {
    for (const pid of frozenPids) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    frozenPids = [];
    await test?.stop();
    test = null;
  });

  describe('when chaos is not enabled', () => {
    it('answers 404 ERR_CHAOS_DISABLED to every method on /chaos and injects nothing', async () => {
      test = await startTestServer({
        pools: { web: { startMode: 'AlwaysRunning' } },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const [worker] = await readyWorkers(test, 1);
      const disabled = {
        error: { code: 'ERR_CHAOS_DISABLED', message: 'chaos is not enabled on this server; set chaos.enabled: true in its config' },
      };

      const posted = await postChaos(test, { kind: 'crash', pool: 'web' });
      const got = await request(`${test.adminUrl}/chaos`);

      assert.equal(posted.status, 404);
      assert.deepEqual(json(posted.body), disabled);
      assert.equal(got.status, 404);
      assert.deepEqual(json(got.body), disabled);
      await sleep(200);
      assert.deepEqual(eventsOf(test.events, 'chaos-injected'), []);
      assert.deepEqual(eventsOf(test.events, 'worker-exited'), []);
      assert.equal(worker!.state, 'ready');
    });
  });

  describe('with chaos enabled, for a request it refuses', () => {
    beforeEach(async () => {
      test = await startTestServer({
        chaos: { enabled: true },
        pools: { web: { maxProcesses: 2, startMode: 'AlwaysRunning' }, lazy: {} },
        apps: [
          { path: '/lazy', pool: 'lazy', module: 'misbehave.ts' },
          { path: '/', pool: 'web', module: 'misbehave.ts' },
        ],
      });
    });

    async function assertRefused(body: unknown, status: number, code: string, message: string): Promise<void> {
      const outcome = await postChaos(test!, body);
      assert.equal(outcome.status, status, outcome.body);
      assert.deepEqual(json(outcome.body), { error: { code, message } });
    }

    it('answers 400 ERR_CHAOS_INVALID with the issue lines for a body that is not a valid fault', async () => {
      let notJson = '';
      try {
        JSON.parse('not json');
      } catch (error) {
        notJson = (error as Error).message;
      }
      await assertRefused('not json', 400, 'ERR_CHAOS_INVALID', `not a valid fault:\n(body): not JSON: ${notJson}`);
      await assertRefused('', 400, 'ERR_CHAOS_INVALID', 'not a valid fault:\n(body): Invalid input: expected object, received null');
      await assertRefused(
        { kind: 'meltdown', pool: 'web' },
        400,
        'ERR_CHAOS_INVALID',
        "not a valid fault:\nkind: Invalid discriminator value. Expected 'crash' | 'freeze' | 'busy-loop' | 'deadlock' | 'leak' | " +
          "'slow-start' | 'crash-loop' | 'slow-responses' | 'ignore-shutdown' | 'error-responses'",
      );
      await assertRefused(
        { kind: 'freeze', pool: 'web', params: { hard: true } },
        400,
        'ERR_CHAOS_INVALID',
        'not a valid fault:\nparams: Unrecognized key: "hard"\ndurationMs: freeze needs durationMs (how long it lasts)',
      );
      await assertRefused(
        { kind: 'crash', pool: 'web', durationMs: 100 },
        400,
        'ERR_CHAOS_INVALID',
        'not a valid fault:\ndurationMs: crash takes no durationMs',
      );
      assert.deepEqual(eventsOf(test!.events, 'chaos-injected'), []);
    });

    it('answers 404 ERR_POOL_NOT_FOUND for an unknown pool', async () => {
      await assertRefused({ kind: 'crash', pool: 'nope' }, 404, 'ERR_POOL_NOT_FOUND', 'no pool named nope (pools: web, lazy)');
    });

    it('answers 409 ERR_CHAOS_NO_TARGET for an index or pid that matches no ready worker, or a pool without one', async () => {
      await readyWorkers(test!, 2);
      await assertRefused(
        { kind: 'crash', pool: 'web', worker: 5 },
        409,
        'ERR_CHAOS_NO_TARGET',
        'pool web: no worker to inject crash into: worker index 5 is out of range (2 ready)',
      );
      await assertRefused(
        { kind: 'deadlock', pool: 'web', worker: { pid: 1 } },
        409,
        'ERR_CHAOS_NO_TARGET',
        'pool web: no worker to inject deadlock into: no ready worker has pid 1',
      );
      await assertRefused(
        { kind: 'freeze', pool: 'lazy', durationMs: 100 },
        409,
        'ERR_CHAOS_NO_TARGET',
        'pool lazy: no worker to inject freeze into: the pool has no ready worker',
      );
    });

    it('injects nothing for a refused request, and the next fault gets id 1', async () => {
      const workers = await readyWorkers(test!, 2);
      await assertRefused(
        { kind: 'crash', pool: 'web', worker: 2 },
        409,
        'ERR_CHAOS_NO_TARGET',
        'pool web: no worker to inject crash into: worker index 2 is out of range (2 ready)',
      );
      await assertRefused({ kind: 'crash', pool: 'nope' }, 404, 'ERR_POOL_NOT_FOUND', 'no pool named nope (pools: web, lazy)');
      await sleep(200);
      assert.deepEqual(eventsOf(test!.events, 'chaos-injected'), []);
      assert.deepEqual(eventsOf(test!.events, 'worker-exited'), []);

      const injected = await inject(test!, { kind: 'slow-responses', pool: 'web', worker: 1, params: { delayMs: 1 } });
      assert.equal(injected.faultId, 1);
      assert.deepEqual(injected.affected, [{ workerId: workers[1]!.id, pid: workers[1]!.pid }]);
    });

    it('answers 405 ERR_ADMIN_METHOD_NOT_ALLOWED to GET /chaos', async () => {
      const outcome = await request(`${test!.adminUrl}/chaos`);
      assert.equal(outcome.status, 405);
      assert.deepEqual(json(outcome.body), {
        error: { code: 'ERR_ADMIN_METHOD_NOT_ALLOWED', message: 'GET is not allowed on /chaos (allowed: POST)' },
      });
    });
  });

  describe('with chaos enabled, for a fault it accepts', () => {
    it('answers the injection (faultId, kind, pool, affected, times), announces it and ends it after durationMs', async function () {
      // Long enough that the six "during" requests reach the workers inside the window on a loaded
      // machine: it opens when an agent gets the fault, before the caught-up ping below is even sent.
      const DURATION_MS = 3_000;
      // Two boots, the caught-up ping (its wait is 5 s), then the window twice: the chaos-ended wait and the sleep.
      this.timeout(READY_WAIT_MS + 5_000 + 2 * (DURATION_MS + LAG_SLACK_MS));
      test = await startTestServer(chaosConfig({ maxProcesses: 2 }));
      const workers = await readyWorkers(test, 2);

      const body = await inject(test, {
        kind: 'error-responses',
        pool: 'web',
        worker: 'all',
        durationMs: DURATION_MS,
        params: { status: 502 },
      });
      await Promise.all(workers.map(whenAgentCaughtUp));
      // Both agents started their window before they answered that ping, so it ends by now + durationMs.
      const agentsEndByMs = Date.now() + DURATION_MS;

      assert.deepEqual(Object.keys(body).sort(), [
        'affected',
        'endsAt',
        'endsAtMs',
        'faultId',
        'injectedAt',
        'injectedAtMs',
        'kind',
        'pool',
      ]);
      assert.deepEqual(
        [body.faultId, body.kind, body.pool, body.affected],
        [1, 'error-responses', 'web', workers.map((worker) => ({ workerId: worker.id, pid: worker.pid }))],
      );
      assert.equal(body.endsAtMs, body.injectedAtMs + DURATION_MS);
      assert.equal(body.injectedAt, new Date(body.injectedAtMs).toISOString());
      assert.equal(body.endsAt, new Date(body.injectedAtMs + DURATION_MS).toISOString());
      assert.deepEqual(eventsOf(test.events, 'chaos-injected'), [
        {
          type: 'chaos-injected',
          time: body.injectedAtMs,
          pool: 'web',
          faultId: 1,
          kind: 'error-responses',
          workerIds: workers.map((worker) => worker.id),
          pids: workers.map((worker) => worker.pid),
          durationMs: DURATION_MS,
        },
      ]);

      const during = await Promise.all(Array.from({ length: 6 }, () => request(`${test!.url}/`)));
      assert.deepEqual(tally(during), { '502': 6 });

      const ended = await waitForEvent(test, 'chaos-ended', (e) => e.faultId === 1, DURATION_MS + LAG_SLACK_MS);
      assert.deepEqual([ended.kind, ended.pool], ['error-responses', 'web']);
      const endedAfterMs = ended.time - body.injectedAtMs;
      assert.ok(
        endedAfterMs >= DURATION_MS - TIMER_SLACK_MS && endedAfterMs <= DURATION_MS + LAG_SLACK_MS,
        `ended ${endedAfterMs} ms after injection`,
      );
      await sleep(agentsEndByMs + TIMER_SLACK_MS - Date.now());
      const after = await Promise.all(Array.from({ length: 6 }, () => request(`${test!.url}/`)));
      assert.deepEqual(tally(after), { '200': 6 });
      assert.equal(eventsOf(test.events, 'chaos-ended').length, 1);
    });
  });

  describe('crash', () => {
    it('with a signal SIGKILLs exactly the worker the seed picks, counts a crash and starts a replacement', async () => {
      const SEED = 11;
      test = await startTestServer(chaosConfig({ maxProcesses: 2 }));
      const workers = await readyWorkers(test, 2);
      const expected = selectTargets(workers, 'random', 1, seededRandom(SEED));
      assert.ok(expected.ok);
      const victim = expected.targets[0]!;
      const survivor = workers.find((worker) => worker !== victim)!;
      const from = test.events.length;

      const body = await inject(test, { kind: 'crash', pool: 'web', seed: SEED });
      await waitForEvent(test, 'worker-ready', (e) => e.workerId === 3, 10_000);

      assert.deepEqual(body.affected, [{ workerId: victim.id, pid: victim.pid }]);
      assert.equal(body.endsAtMs, null);
      const exited = eventsOf(test.events, 'worker-exited');
      assert.deepEqual(
        exited.map((e) => [e.pid, e.reason, e.code, e.signal]),
        [[victim.pid, 'crash', null, 'SIGKILL']],
      );
      assert.deepEqual(sequenceOf(test.events, from), [
        'chaos-injected:crash',
        `worker-exited#${victim.id}:crash`,
        `failure-counted#${victim.id}:crash`,
        'worker-spawned#3:crash',
        'worker-ready#3',
      ]);
      const injected = eventsOf(test.events, 'chaos-injected')[0]!;
      assert.deepEqual([injected.workerIds, injected.pids, injected.durationMs], [[victim.id], [victim.pid], null]);
      assert.equal(survivor.state, 'ready');
      assert.ok(isAlive(survivor.pid));
      assert.equal(test.server.pools.get('web')!.supervisor.restarts.crash, 1);
    });

    it('with method exit ends the worker with that exit code', async () => {
      test = await startTestServer(chaosConfig());
      const [victim] = await readyWorkers(test, 1);

      await inject(test, { kind: 'crash', pool: 'web', params: { method: 'exit', exitCode: 3 } });
      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pid === victim!.pid, 5_000);
      await waitForEvent(test, 'worker-ready', (e) => e.workerId === 2, 10_000);

      assert.deepEqual([exited.reason, exited.code, exited.signal], ['crash', 3, null]);
      assert.deepEqual(
        eventsOf(test.events, 'failure-counted').map((e) => [e.pid, e.reason]),
        [[victim!.pid, 'crash']],
      );
      assert.equal(eventsOf(test.events, 'worker-spawned').find((e) => e.workerId === 2)!.reason, 'crash');
    });

    it('with method uncaught ends the worker as a crash with exit code 1', async () => {
      test = await startTestServer(chaosConfig());
      const [victim] = await readyWorkers(test, 1);

      await inject(test, { kind: 'crash', pool: 'web', params: { method: 'uncaught' } });
      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pid === victim!.pid, 5_000);
      await waitForEvent(test, 'worker-ready', (e) => e.workerId === 2, 10_000);

      assert.deepEqual([exited.reason, exited.code, exited.signal], ['crash', 1, null]);
      assert.deepEqual(eventsOf(test.events, 'worker-startup-failed'), []);
      assert.equal(eventsOf(test.events, 'worker-spawned').find((e) => e.workerId === 2)!.reason, 'crash');
    });
  });

  describe('freeze', () => {
    it('longer than the ping limits: the worker is killed for ping_timeout and replaced', async function () {
      const PING_INTERVAL_MS = 200;
      const PING_RESPONSE_TIME_MS = PING_TEST_RESPONSE_TIME_MS;
      /** The latest the kill may come after the freeze: the next ping, its limit, and the lag. */
      const KILL_BOUND_MS = PING_INTERVAL_MS + PING_RESPONSE_TIME_MS + LAG_SLACK_MS;
      /** Outlasts the kill, the replacement's boot and the checks several times over; stop() ends it. */
      const FREEZE_MS = 30_000;
      this.timeout(READY_WAIT_MS + KILL_BOUND_MS + BOOT_BUDGET_MS + LAG_SLACK_MS);
      test = await startTestServer(chaosConfig({}, { pingInterval: PING_INTERVAL_MS, pingResponseTime: PING_RESPONSE_TIME_MS }));
      const [victim] = await readyWorkers(test, 1);
      frozenPids.push(victim!.pid);

      const body = await inject(test, { kind: 'freeze', pool: 'web', durationMs: FREEZE_MS });
      const killed = await waitForEvent(test, 'worker-killed', (e) => e.pid === victim!.pid, KILL_BOUND_MS);
      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pid === victim!.pid, 5_000);
      await waitForEvent(test, 'worker-ready', (e) => e.workerId === 2, 10_000);

      assert.deepEqual(body.affected, [{ workerId: victim!.id, pid: victim!.pid }]);
      assert.equal(killed.reason, 'ping_timeout');
      const unresponsive = eventsOf(test.events, 'worker-unresponsive');
      assert.deepEqual(
        unresponsive.map((e) => [e.pid, e.reason]),
        [[victim!.pid, 'ping_timeout']],
      );
      assert.ok(unresponsive[0]!.waitedMs >= PING_RESPONSE_TIME_MS, `waited ${unresponsive[0]!.waitedMs} ms`);
      const killedAfterMs = killed.time - body.injectedAtMs;
      assert.ok(
        killedAfterMs <= KILL_BOUND_MS,
        `killed ${killedAfterMs} ms after the freeze (limit ${PING_INTERVAL_MS + PING_RESPONSE_TIME_MS} ms + ${LAG_SLACK_MS} ms slack)`,
      );
      assert.deepEqual([exited.reason, exited.signal], ['killed', 'SIGKILL']);
      assert.equal(eventsOf(test.events, 'worker-spawned').find((e) => e.workerId === 2)!.reason, 'ping_timeout');
      assert.deepEqual(eventsOf(test.events, 'chaos-ended'), [], 'the freeze has not reached its end yet');
      const served = await request(`${test.url}/`);
      assert.equal(served.status, 200);
      assert.equal(pidOf(served), eventsOf(test.events, 'worker-ready').find((e) => e.workerId === 2)!.pid);
    });

    it('shorter than the ping limits: the worker resumes at chaos-ended and keeps serving', async () => {
      const DURATION_MS = 400;
      test = await startTestServer(chaosConfig({}, { pingInterval: 100, pingResponseTime: '5s' }));
      const [victim] = await readyWorkers(test, 1);
      frozenPids.push(victim!.pid);

      const body = await inject(test, { kind: 'freeze', pool: 'web', durationMs: DURATION_MS });
      const sentDuringFreeze = await request(`${test.url}/?during=1`);
      const answeredAfterMs = Date.now() - body.injectedAtMs;
      const ended = await waitForEvent(test, 'chaos-ended', (e) => e.faultId === body.faultId, 5_000);
      const after = await request(`${test.url}/?after=1`);

      assert.equal(sentDuringFreeze.status, 200);
      assert.ok(answeredAfterMs >= DURATION_MS - TIMER_SLACK_MS, `a request sent during the freeze answered after ${answeredAfterMs} ms`);
      const endedAfterMs = ended.time - body.injectedAtMs;
      assert.ok(
        endedAfterMs >= DURATION_MS - TIMER_SLACK_MS && endedAfterMs <= DURATION_MS + LAG_SLACK_MS,
        `ended ${endedAfterMs} ms after injection`,
      );
      assert.equal(ended.kind, 'freeze');
      assert.deepEqual([pidOf(sentDuringFreeze), after.status, pidOf(after)], [victim!.pid, 200, victim!.pid]);
      await sleep(300);
      assert.deepEqual(eventsOf(test.events, 'worker-unresponsive'), []);
      assert.deepEqual(eventsOf(test.events, 'worker-exited'), []);
      assert.equal(victim!.state, 'ready');
      // Pings are answered again: one sent from now on gets its pong.
      await whenAgentCaughtUp(victim!);
    });
  });

  describe('busy-loop', () => {
    it('blocks the event loop so pings go unanswered: the worker is killed for ping_timeout and replaced', async function () {
      const PING_INTERVAL_MS = 200;
      const PING_RESPONSE_TIME_MS = PING_TEST_RESPONSE_TIME_MS;
      /** The latest the kill may come after the injection: the next ping, its limit, and the lag. */
      const KILL_BOUND_MS = PING_INTERVAL_MS + PING_RESPONSE_TIME_MS + LAG_SLACK_MS;
      this.timeout(READY_WAIT_MS + KILL_BOUND_MS + BOOT_BUDGET_MS + LAG_SLACK_MS);
      test = await startTestServer(chaosConfig({}, { pingInterval: PING_INTERVAL_MS, pingResponseTime: PING_RESPONSE_TIME_MS }));
      const [victim] = await readyWorkers(test, 1);
      const from = test.events.length;

      // The loop outlasts the kill twice over, so only the kill ends it.
      const body = await inject(test, { kind: 'busy-loop', pool: 'web', durationMs: 2 * KILL_BOUND_MS });
      await waitForEvent(test, 'worker-ready', (e) => e.workerId === 2, KILL_BOUND_MS + BOOT_BUDGET_MS);
      await waitForEvent(test, 'worker-exited', (e) => e.workerId === 1, 5_000);

      assert.deepEqual(body.affected, [{ workerId: victim!.id, pid: victim!.pid }]);
      const sequence = sequenceOf(test.events, from);
      // The kill and the exit of the busy worker race the replacement's start; the order up to the spawn is fixed.
      assert.deepEqual(sequence.slice(0, 5), [
        'chaos-injected:busy-loop',
        'worker-unresponsive#1:ping_timeout',
        'worker-killed#1:ping_timeout',
        'failure-counted#1:ping_timeout',
        'worker-spawned#2:ping_timeout',
      ]);
      assert.deepEqual([...sequence.slice(5)].sort(), ['worker-exited#1:killed', 'worker-ready#2']);
      const served = await request(`${test.url}/`);
      assert.deepEqual([served.status, pidOf(served)], [200, eventsOf(test.events, 'worker-ready')[1]!.pid]);
    });
  });

  describe('deadlock', () => {
    it('holds requests sent during it while pings succeed; the worker is replaced for deadlock, the GETs retried and served', async () => {
      // The GETs must all reach the held worker within the interval: room for that on a loaded machine.
      const DEADLOCK_INTERVAL_MS = 3_000;
      const PING_INTERVAL_MS = 200;
      const GETS = 3;
      test = await startTestServer(
        chaosConfig(
          { responseDeadlockInterval: DEADLOCK_INTERVAL_MS, failure: { rapidFailProtectionMaxCrashes: 1 } },
          { pingInterval: PING_INTERVAL_MS, pingResponseTime: DEADLOCK_TEST_RESPONSE_TIME_MS },
        ),
      );
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      const [victim] = await readyWorkers(test, 1);

      const body = await inject(test, { kind: 'deadlock', pool: 'web' });
      await whenAgentCaughtUp(victim!);
      // From here the agent holds every request. The seq of the latest ping seen answered (a pong clears pingSentAtMs).
      const pingSeqBefore = victim!.pingSeq;
      let answeredPingSeq = 0;
      const pingSampler = setInterval(() => {
        if (victim!.pingSentAtMs === null) answeredPingSeq = victim!.pingSeq;
      }, 5);
      const gets = Array.from({ length: GETS }, (_, i) => request(`${test!.url}/?n=${i}`));
      const unresponsive = await (async () => {
        await waitUntil(() => victim!.outstandingRequests === GETS, DEADLOCK_INTERVAL_MS, 'the GETs in flight on the deadlocked worker');
        return waitForEvent(
          test,
          'worker-unresponsive',
          (e) => e.pid === victim!.pid,
          DEADLOCK_INTERVAL_MS + PING_INTERVAL_MS + LAG_SLACK_MS,
        );
      })().finally(() => clearInterval(pingSampler));
      const outcomes = await Promise.all(gets);

      assert.deepEqual(body.affected, [{ workerId: victim!.id, pid: victim!.pid }]);
      assert.equal(unresponsive.reason, 'deadlock');
      const detectedAfterMs = unresponsive.time - body.injectedAtMs;
      // The deadlock clock starts when the first GET reaches the worker, after the caught-up ping (up to a
      // ping interval away); the slack covers that ping's round trip, the GET's way and the tick.
      assert.ok(
        detectedAfterMs >= DEADLOCK_INTERVAL_MS && detectedAfterMs <= DEADLOCK_INTERVAL_MS + PING_INTERVAL_MS + LAG_SLACK_MS,
        `detected ${detectedAfterMs} ms after injection (limit ${DEADLOCK_INTERVAL_MS + PING_INTERVAL_MS} ms + ${LAG_SLACK_MS} ms slack)`,
      );
      assert.ok(answeredPingSeq > pingSeqBefore, 'the deadlocked worker kept answering pings');
      assert.deepEqual(
        eventsOf(test.events, 'worker-killed').map((e) => [e.pid, e.reason]),
        [[victim!.pid, 'deadlock']],
      );
      assert.deepEqual(tally(outcomes), { '200': GETS });
      const replacement = await waitForEvent(test, 'worker-spawned', (e) => e.reason === 'deadlock');
      for (const outcome of outcomes) assert.equal(pidOf(outcome), replacement.pid);
      assert.deepEqual(
        eventsOf(test.events, 'request-retried').map((e) => [e.workerId, e.attempt]),
        Array.from({ length: GETS }, () => [victim!.id, 2]),
      );
      const counts = dispatcher.snapshot();
      assert.deepEqual([counts.served, counts.retried, counts.lost], [GETS, GETS, ZERO_LOST]);
      assert.deepEqual([supervisor.restarts.deadlock, supervisor.restarts.ping_timeout], [1, 0]);
      // rapidFailProtectionMaxCrashes is 1: a counted deadlock would have stopped the pool.
      assert.deepEqual(eventsOf(test.events, 'failure-counted'), []);
      assert.equal(supervisor.state, 'Started');
    });
  });

  describe('leak', () => {
    it('grows the worker past privateMemory, so it is recycled for PrivateMemory with overlap', async () => {
      const LIMIT_BYTES = 200 * 1024 * 1024;
      test = await startTestServer(
        chaosConfig({ recycling: { periodicRestart: { privateMemory: '200MB' } } }, { pingInterval: 100, pingResponseTime: '5s' }),
      );
      const [victim] = await readyWorkers(test, 1);
      await waitUntil(() => victim!.figures.rssBytes > 0, 5_000, 'a first pong with figures');
      assert.ok(victim!.figures.rssBytes < LIMIT_BYTES, `the worker starts below the limit (${victim!.figures.rssBytes} bytes)`);

      const body = await inject(test, {
        kind: 'leak',
        pool: 'web',
        params: { rateBytesPerSecond: 512 * 1024 * 1024, capBytes: 256 * 1024 * 1024 },
      });
      const recycling = await waitForEvent(test, 'worker-recycling', (e) => e.pid === victim!.pid, 10_000);
      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pid === victim!.pid, 10_000);

      assert.deepEqual(body.affected, [{ workerId: victim!.id, pid: victim!.pid }]);
      assert.deepEqual([recycling.reason, recycling.isOverlapped], ['PrivateMemory', true]);
      assert.ok(victim!.figures.rssBytes > LIMIT_BYTES, `rss ${victim!.figures.rssBytes} bytes at the recycle`);
      assert.deepEqual([exited.reason, exited.code], ['drained', 0]);
      assert.deepEqual(
        eventsOf(test.events, 'worker-spawned').map((e) => [e.workerId, e.reason]),
        [
          [1, 'AlwaysRunning'],
          [2, 'PrivateMemory'],
        ],
      );
      assert.deepEqual(eventsOf(test.events, 'failure-counted'), []);
      assert.equal(test.server.pools.get('web')!.supervisor.restarts.PrivateMemory, 1);
    });
  });

  describe('slow-start', () => {
    it('longer than startupTimeLimit: the next worker is killed for startup_timeout and counted, the one after starts', async function () {
      // The limit is also what worker 3 (and worker 1) must boot within: a plain boot fits in a budget.
      const STARTUP_TIME_LIMIT_MS = BOOT_BUDGET_MS;
      // Any delay past the limit makes worker 2 miss it; twice the limit leaves no doubt.
      const SLOW_START_DELAY_MS = 2 * STARTUP_TIME_LIMIT_MS;
      // Worker 2 waits out the limit (plus the lag), then worker 3 boots.
      const READY_3_WAIT_MS = STARTUP_TIME_LIMIT_MS + LAG_SLACK_MS + BOOT_BUDGET_MS;
      this.timeout(READY_WAIT_MS + READY_3_WAIT_MS + BOOT_BUDGET_MS);
      test = await startTestServer(chaosConfig({}, { startupTimeLimit: STARTUP_TIME_LIMIT_MS }));
      const [victim] = await readyWorkers(test, 1);
      const from = test.events.length;

      const slow = await inject(test, { kind: 'slow-start', pool: 'web', params: { delayMs: SLOW_START_DELAY_MS } });
      await sleep(200);
      assert.deepEqual(eventsOf(test.events, 'worker-exited'), [], 'a startup fault leaves running workers alone');
      await inject(test, { kind: 'crash', pool: 'web' });
      const ready = await waitForEvent(test, 'worker-ready', (e) => e.workerId === 3, READY_3_WAIT_MS);
      await waitForEvent(test, 'worker-exited', (e) => e.workerId === 2, 5_000);

      assert.deepEqual([slow.affected, slow.endsAtMs], [[], null]);
      const injected = eventsOf(test.events, 'chaos-injected')[0]!;
      assert.deepEqual([injected.kind, injected.workerIds, injected.pids], ['slow-start', [], []]);
      const sequence = sequenceOf(test.events, from);
      assert.deepEqual(sequence.slice(0, 8), [
        'chaos-injected:slow-start',
        'chaos-injected:crash',
        `worker-exited#${victim!.id}:crash`,
        `failure-counted#${victim!.id}:crash`,
        'worker-spawned#2:crash',
        'worker-killed#2:startup_timeout',
        'failure-counted#2:startup_timeout',
        'worker-spawned#3:startup_timeout',
      ]);
      // The killed worker's exit races the next one's start.
      assert.deepEqual(sequence.slice(8).sort(), ['worker-exited#2:killed', 'worker-ready#3']);
      const spawned2 = eventsOf(test.events, 'worker-spawned').find((e) => e.workerId === 2)!;
      const killed2 = eventsOf(test.events, 'worker-killed').find((e) => e.workerId === 2)!;
      const waitedMs = killed2.time - spawned2.time;
      assert.ok(
        waitedMs >= STARTUP_TIME_LIMIT_MS && waitedMs <= STARTUP_TIME_LIMIT_MS + LAG_SLACK_MS,
        `killed ${waitedMs} ms after its spawn (limit ${STARTUP_TIME_LIMIT_MS} ms + ${LAG_SLACK_MS} ms slack)`,
      );
      assert.deepEqual(eventsOf(test.events, 'worker-startup-failed'), []);
      assert.ok(
        ready.startupMs < STARTUP_TIME_LIMIT_MS,
        `the worker after the slow one starts normally (ready after ${ready.startupMs} ms)`,
      );
    });

    it('shorter than startupTimeLimit: the next worker reports ready only after delayMs', async function () {
      // A plain boot fits in a budget, so worker 3 (no fault left) is ready in less than this; worker 2
      // waits it out on top of its boot. The default startupTimeLimit (90 s) is far above both.
      const DELAY_MS = BOOT_BUDGET_MS;
      const READY_AFTER_CRASH_MS = DELAY_MS + BOOT_BUDGET_MS;
      this.timeout(READY_WAIT_MS + 2 * READY_AFTER_CRASH_MS);
      test = await startTestServer(chaosConfig());
      await readyWorkers(test, 1);

      await inject(test, { kind: 'slow-start', pool: 'web', params: { delayMs: DELAY_MS } });
      await inject(test, { kind: 'crash', pool: 'web' });
      const ready = await waitForEvent(test, 'worker-ready', (e) => e.workerId === 2, READY_AFTER_CRASH_MS);
      await inject(test, { kind: 'crash', pool: 'web' });
      const readyAfter = await waitForEvent(test, 'worker-ready', (e) => e.workerId === 3, READY_AFTER_CRASH_MS);

      assert.ok(ready.startupMs >= DELAY_MS, `worker 2 ready after ${ready.startupMs} ms`);
      assert.ok(readyAfter.startupMs < DELAY_MS, `worker 3 (no fault left) ready after ${readyAfter.startupMs} ms`);
      assert.deepEqual(eventsOf(test.events, 'worker-killed'), []);
    });
  });

  describe('crash-loop', () => {
    it('makes the next count workers exit during startup; the one after becomes ready', async function () {
      const COUNT = 3;
      // Serial starts: COUNT crash-loop workers (each exits after worker-main's imports, nearly a whole boot), then a normal one.
      const READY_5_WAIT_MS = (COUNT + 1) * BOOT_BUDGET_MS;
      this.timeout(READY_WAIT_MS + READY_5_WAIT_MS + LAG_SLACK_MS);
      test = await startTestServer(chaosConfig({ failure: { rapidFailProtectionMaxCrashes: 10 } }));
      const [victim] = await readyWorkers(test, 1);
      const from = test.events.length;

      const loop = await inject(test, { kind: 'crash-loop', pool: 'web', params: { count: COUNT, exitCode: 7 } });
      await inject(test, { kind: 'crash', pool: 'web' });
      await waitForEvent(test, 'worker-ready', (e) => e.workerId === COUNT + 2, READY_5_WAIT_MS);

      assert.deepEqual(loop.affected, []);
      assert.deepEqual(sequenceOf(test.events, from), [
        'chaos-injected:crash-loop',
        'chaos-injected:crash',
        `worker-exited#${victim!.id}:crash`,
        `failure-counted#${victim!.id}:crash`,
        'worker-spawned#2:crash',
        'worker-exited#2:crash',
        'failure-counted#2:crash',
        'worker-spawned#3:crash',
        'worker-exited#3:crash',
        'failure-counted#3:crash',
        'worker-spawned#4:crash',
        'worker-exited#4:crash',
        'failure-counted#4:crash',
        'worker-spawned#5:crash',
        'worker-ready#5',
      ]);
      assert.deepEqual(
        eventsOf(test.events, 'worker-exited').map((e) => [e.workerId, e.code, e.signal, e.requestsDispatched]),
        [
          [1, null, 'SIGKILL', 0],
          [2, 7, null, 0],
          [3, 7, null, 0],
          [4, 7, null, 0],
        ],
      );
      assert.deepEqual(
        eventsOf(test.events, 'failure-counted').map((e) => e.failuresInWindow),
        [1, 2, 3, 4],
      );
      assert.equal(test.server.pools.get('web')!.supervisor.state, 'Started');
    });
  });

  describe('slow-responses', () => {
    it('with delayMs 300 and share 1 makes every request take at least 300 ms', async () => {
      const DELAY_MS = 300;
      test = await startTestServer(chaosConfig());
      const [victim] = await readyWorkers(test, 1);

      await inject(test, { kind: 'slow-responses', pool: 'web', params: { delayMs: DELAY_MS, share: 1 } });
      await whenAgentCaughtUp(victim!);
      const timed = await Promise.all(
        Array.from({ length: 3 }, async () => {
          const startedAt = Date.now();
          const outcome = await request(`${test!.url}/`);
          return { outcome, tookMs: Date.now() - startedAt };
        }),
      );

      for (const { outcome, tookMs } of timed) {
        assert.deepEqual([outcome.status, pidOf(outcome)], [200, victim!.pid]);
        assert.ok(tookMs >= DELAY_MS - TIMER_SLACK_MS && tookMs < DELAY_MS + LAG_SLACK_MS, `took ${tookMs} ms`);
      }
    });
  });

  describe('error-responses', () => {
    it('with share 1 and status 503 answers 503 with x-poolchaos-fault, counted as served, not rejected', async () => {
      test = await startTestServer(chaosConfig());
      const [worker] = await readyWorkers(test, 1);

      await inject(test, { kind: 'error-responses', pool: 'web', params: { share: 1, status: 503 } });
      await whenAgentCaughtUp(worker!);
      const outcome = await request(`${test.url}/`);

      assert.equal(outcome.status, 503);
      assert.equal(outcome.headers['x-poolchaos-fault'], 'error-responses');
      assert.equal(outcome.headers[REJECT_REASON_HEADER], undefined);
      assert.equal(outcome.body, 'fault: error-responses (503)\n');
      const { dispatcher } = test.server.pools.get('web')!;
      await waitUntil(() => dispatcher.snapshot().served === 1, 2_000, 'the 503 counted as served');
      const counts = dispatcher.snapshot();
      assert.deepEqual([counts.rejected, counts.lost], [ZERO_REJECTED, ZERO_LOST]);
      assert.deepEqual(eventsOf(test.events, 'request-rejected'), []);
    });
  });

  describe('ignore-shutdown', () => {
    it('makes the worker ignore SIGTERM and its drain, so a recycle kills it for shutdown_timeout', async () => {
      test = await startTestServer(chaosConfig());
      const [old] = await readyWorkers(test, 1);

      const body = await inject(test, { kind: 'ignore-shutdown', pool: 'web' });
      assert.deepEqual([body.affected, body.endsAtMs], [[{ workerId: old!.id, pid: old!.pid }], null]);
      await whenAgentCaughtUp(old!);
      process.kill(old!.pid, 'SIGTERM');
      await sleep(300);
      assert.ok(isAlive(old!.pid), 'the worker survived SIGTERM');
      assert.deepEqual(eventsOf(test.events, 'worker-exited'), []);

      const recycled = await request(`${test.adminUrl}/pools/web/recycle`, { method: 'POST' });
      assert.equal(recycled.status, 200);
      const draining = await waitForEvent(test, 'worker-draining', (e) => e.pid === old!.pid, 10_000);
      const killed = await waitForEvent(test, 'worker-killed', (e) => e.pid === old!.pid, 5_000);
      const exited = await waitForEvent(test, 'worker-exited', (e) => e.pid === old!.pid, 5_000);

      assert.equal(draining.reason, 'OnDemand');
      assert.equal(killed.reason, 'shutdown_timeout');
      const drainedForMs = killed.time - draining.time;
      assert.ok(
        drainedForMs >= SHUTDOWN_TIME_LIMIT_MS && drainedForMs <= SHUTDOWN_TIME_LIMIT_MS + LAG_SLACK_MS,
        `killed ${drainedForMs} ms after the drain began (limit ${SHUTDOWN_TIME_LIMIT_MS} ms + ${LAG_SLACK_MS} ms slack)`,
      );
      assert.deepEqual([exited.reason, exited.signal], ['killed', 'SIGKILL']);
      const replacement = eventsOf(test.events, 'worker-ready').find((e) => e.workerId === 2)!;
      const served = await request(`${test.url}/`);
      assert.deepEqual([served.status, pidOf(served)], [200, replacement.pid]);
      assert.deepEqual(eventsOf(test.events, 'failure-counted'), []);
    });
  });
});
