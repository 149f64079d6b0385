import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../../../server/config/load-config.ts';
import { EventBus, type ServerEvent } from '../../../../server/events.ts';
import type { RejectReason } from '../../../../server/pool/reasons.ts';
import type { FrontLink } from '../../../../server/pool/pool-link.ts';
import { PoolSupervisor } from '../../../../server/supervisor/pool-supervisor.ts';
import type { HookResult } from '../../../../server/supervisor/run-hook.ts';
import type { SpawnRequest } from '../../../../server/supervisor/spawn-worker.ts';
import type { WorkerHandle, WorkerProcess } from '../../../../server/supervisor/worker-handle.ts';
import { WORKER_STATES, canTransition, type WorkerState } from '../../../../server/supervisor/worker-state.ts';

const HANDLERS = fileURLToPath(new URL('../../../fixtures/configs/handlers/', import.meta.url));
/** Never created: the supervisor only removes socket files there (with force). */
const SOCKET_DIR = path.join(tmpdir(), 'poolchaos-unit-pool-supervisor-no-such-dir');
const APPS = [{ path: '/', module: path.join(HANDLERS, 'hello.ts') }];
const PID_BASE = 1000;

/** A child process stand-in: records what the supervisor sends and kills, and exits or answers on cue. */
class FakeWorkerProcess extends EventEmitter implements WorkerProcess {
  readonly pid: number;
  readonly sent: unknown[] = [];
  readonly signals: NodeJS.Signals[] = [];
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;

  constructor(pid: number) {
    super();
    this.pid = pid;
  }

  send(message: unknown): boolean {
    this.sent.push(message);
    return true;
  }

  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    return true;
  }

  ready(): void {
    this.emit('message', { type: 'ready', pid: this.pid });
  }

  pong(seq: number, rssBytes = 0, virtualBytes = 0): void {
    this.emit('message', { type: 'pong', seq, rssBytes, heapUsedBytes: 1, virtualBytes, eventLoopDelayMs: 2 });
  }

  exit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
}

/** The dispatcher side, reduced to a call log. */
class FakeFront implements FrontLink {
  queuedRequests = 0;
  readonly calls: string[] = [];

  pump(): void {
    this.calls.push('pump');
  }

  detachWorker(worker: WorkerHandle): void {
    this.calls.push(`detach w${worker.id}`);
  }

  rejectQueued(reason: RejectReason): void {
    this.calls.push(`reject ${reason}`);
  }

  sweepTimeouts(nowMs: number): void {
    this.calls.push(`sweep ${nowMs}`);
  }

  /** Calls other than the routine pump and sweep. */
  get decisions(): string[] {
    return this.calls.filter((call) => call !== 'pump' && !call.startsWith('sweep'));
  }
}

type Settings = Record<string, unknown>;

function isPlainObject(value: unknown): value is Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: Settings, overrides: Settings): Settings {
  const result: Settings = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return result;
}

/** Short limits; pinging, idle shutdown, deadlock and time recycling off unless a case turns them on. */
const BASE_POOL: Settings = {
  startMode: 'AlwaysRunning',
  maxProcesses: 1,
  processModel: {
    pingingEnabled: false,
    pingInterval: 1000,
    pingResponseTime: 500,
    startupTimeLimit: 2000,
    shutdownTimeLimit: 3000,
    idleTimeout: 0,
  },
  responseDeadlockInterval: 0,
  recycling: { periodicRestart: { time: 0 } },
  failure: { rapidFailProtectionMaxCrashes: 3, rapidFailProtectionInterval: 10_000 },
};

class Harness {
  readonly clock = { ms: 0 };
  readonly front = new FakeFront();
  readonly processes: FakeWorkerProcess[] = [];
  readonly spawnRequests: SpawnRequest[] = [];
  readonly hooks: [string, readonly string[]][] = [];
  readonly events: ServerEvent[] = [];
  readonly supervisor: PoolSupervisor;
  #taken = 0;
  readonly #lastStates = new Map<number, WorkerState>();

  constructor(pool: Settings = {}, random: () => number = () => 0) {
    const raw = { pools: { p: merge(BASE_POOL, pool) }, apps: [{ path: '/', pool: 'p', module: 'hello.ts' }] };
    const settings = parseConfig(raw, { file: null, baseDir: HANDLERS }).pools['p']!;
    const events = new EventBus((error) => {
      throw error;
    });
    events.subscribe((event) => this.events.push(event));
    this.supervisor = new PoolSupervisor({
      settings,
      apps: APPS,
      isChaosEnabled: false,
      front: this.front,
      events,
      spawn: (request) => {
        this.spawnRequests.push(request);
        const child = new FakeWorkerProcess(PID_BASE + request.workerId);
        this.processes.push(child);
        return child;
      },
      runHook: (command, args): Promise<HookResult> => {
        this.hooks.push([command, args]);
        return Promise.resolve({ command, args, exitCode: 0, error: null });
      },
      now: () => this.clock.ms,
      random,
      socketDir: SOCKET_DIR,
      uid: null,
      gid: null,
    });
  }

  /** The fake process of worker `id` (ids count from 1 in spawn order). */
  process(id: number): FakeWorkerProcess {
    const child = this.processes[id - 1];
    assert.ok(child !== undefined, `worker ${id} was spawned`);
    return child;
  }

  /** The supervisor's handle of worker `id` while it is alive. */
  worker(id: number): WorkerHandle {
    const worker = this.supervisor.workers.find((candidate) => candidate.id === id);
    assert.ok(worker !== undefined, `worker ${id} is alive`);
    return worker;
  }

  at(ms: number): this {
    this.clock.ms = ms;
    return this;
  }

  tick(ms: number): void {
    this.at(ms).supervisor.tick();
  }

  /**
   * Events since the last call, without time, pool and pid (pid is always 1000 + workerId). Also checks
   * that every worker moved only along the state table since the last call.
   */
  take(): Record<string, unknown>[] {
    for (const worker of this.supervisor.workers) {
      const previous = this.#lastStates.get(worker.id) ?? 'starting';
      assert.ok(isReachable(previous, worker.state), `worker ${worker.id} moved from ${previous} to ${worker.state}`);
      this.#lastStates.set(worker.id, worker.state);
    }
    const fresh = this.events.slice(this.#taken);
    this.#taken = this.events.length;
    return fresh.map((event) => {
      const { time: _time, pool, ...rest } = event as ServerEvent & { pid?: number; workerId?: number };
      assert.equal(pool, 'p');
      if (rest.pid !== undefined) {
        assert.equal(rest.pid, PID_BASE + rest.workerId!);
        delete rest.pid;
      }
      return rest;
    });
  }

  /** Spawned ids as the live worker list orders them, with their states. */
  states(): string[] {
    return this.supervisor.workers.map((worker) => `w${worker.id} ${worker.state}`);
  }
}

/** Whether the state table leads from `from` to `to` in one or more steps (or none). */
function isReachable(from: WorkerState, to: WorkerState): boolean {
  const seen = new Set<WorkerState>([from]);
  const pending = [from];
  for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
    for (const next of WORKER_STATES) {
      if (canTransition(state, next) && !seen.has(next)) {
        seen.add(next);
        pending.push(next);
      }
    }
  }
  return seen.has(to);
}

/** Lets the hook promise callbacks run. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A started pool whose worker 1 became ready at `readyAtMs`; the events so far are taken. */
function readyPool(pool: Settings = {}, readyAtMs = 0): Harness {
  const harness = new Harness(pool);
  harness.supervisor.start('server_started');
  harness.at(readyAtMs).process(1).ready();
  harness.take();
  return harness;
}

describe('PoolSupervisor', () => {
  describe('when an AlwaysRunning pool starts', () => {
    it('spawns maxProcesses workers at once', () => {
      const harness = new Harness({ maxProcesses: 3 });
      harness.supervisor.start('server_started');
      assert.deepEqual(harness.take(), [
        { type: 'pool-started', reason: 'server_started' },
        { type: 'worker-spawned', workerId: 1, reason: 'AlwaysRunning' },
        { type: 'worker-spawned', workerId: 2, reason: 'AlwaysRunning' },
        { type: 'worker-spawned', workerId: 3, reason: 'AlwaysRunning' },
      ]);
      assert.deepEqual(harness.states(), ['w1 starting', 'w2 starting', 'w3 starting']);
      assert.deepEqual([harness.supervisor.state, harness.supervisor.stopReason], ['Started', null]);
    });

    it('hands each spawn the pool, id, socket path, apps and identity', () => {
      const harness = new Harness({ maxProcesses: 2, environmentVariables: { NODE_ENV: 'production' } });
      harness.supervisor.start('server_started');
      assert.deepEqual(
        harness.spawnRequests,
        [1, 2].map((workerId) => ({
          pool: 'p',
          workerId,
          socketPath: path.join(SOCKET_DIR, `w${workerId}.sock`),
          apps: APPS,
          isChaosEnabled: false,
          startupFault: null,
          isTracingEnabled: false,
          environmentVariables: { NODE_ENV: 'production' },
          uid: null,
          gid: null,
        })),
      );
    });

    it('gives garden members random jitter and a single worker none', () => {
      const garden = new Harness({ maxProcesses: 2 }, () => 0.5);
      garden.supervisor.start('server_started');
      assert.deepEqual(
        garden.supervisor.workers.map((worker) => worker.jitterFraction),
        [0.05, 0.05],
      );
      const single = new Harness({ maxProcesses: 1 }, () => 0.5);
      single.supervisor.start('server_started');
      assert.equal(single.worker(1).jitterFraction, 0);
    });

    it('does nothing on a second start or on a tick while the garden is full', () => {
      const harness = new Harness({ maxProcesses: 2 });
      harness.supervisor.start('server_started');
      harness.take();
      harness.supervisor.start('admin');
      harness.tick(100);
      assert.deepEqual(harness.take(), []);
      assert.equal(harness.spawnRequests.length, 2);
      assert.deepEqual(harness.front.calls, ['sweep 100']);
    });
  });

  describe('when an OnDemand pool starts', () => {
    it('spawns nothing until a request arrives, then one worker', () => {
      const harness = new Harness({ startMode: 'OnDemand' });
      harness.supervisor.start('server_started');
      assert.deepEqual(harness.take(), [{ type: 'pool-started', reason: 'server_started' }]);
      harness.supervisor.onRequestArrived();
      harness.supervisor.onRequestArrived();
      harness.front.queuedRequests = 3;
      harness.tick(10);
      assert.deepEqual(harness.take(), [{ type: 'worker-spawned', workerId: 1, reason: 'demand' }]);
    });
  });

  describe('when a worker reports ready', () => {
    it('emits worker-ready with its startup time and pumps the queue', () => {
      const harness = new Harness();
      harness.supervisor.start('server_started');
      harness.take();
      harness.at(250).process(1).ready();
      assert.deepEqual(harness.events.at(-1), { type: 'worker-ready', time: 250, pool: 'p', workerId: 1, pid: 1001, startupMs: 250 });
      assert.deepEqual(harness.take(), [{ type: 'worker-ready', workerId: 1, startupMs: 250 }]);
      const worker = harness.worker(1);
      assert.deepEqual([worker.state, worker.readyAtMs, worker.lastActivityAtMs, worker.isDispatchable], ['ready', 250, 250, true]);
      assert.deepEqual(harness.front.calls, ['pump']);
    });

    it('ignores a second ready and messages outside the protocol', () => {
      const harness = readyPool();
      harness.at(500).process(1).ready();
      harness.process(1).emit('message', { type: 'bogus' });
      harness.process(1).emit('message', 'ready');
      assert.deepEqual(harness.take(), []);
      assert.equal(harness.worker(1).readyAtMs, 0);
    });
  });

  describe('when pinging is enabled', () => {
    const pinging = { processModel: { pingingEnabled: true } };

    it('pings at once, then every pingInterval after the last ping, and records the pong figures', () => {
      const harness = readyPool(pinging);
      harness.tick(0);
      assert.deepEqual(harness.process(1).sent, [{ type: 'ping', seq: 1 }]);
      harness.at(10).process(1).pong(1, 5_000_000, 9_000_000);
      assert.deepEqual(harness.worker(1).figures, { rssBytes: 5_000_000, heapUsedBytes: 1, virtualBytes: 9_000_000, eventLoopDelayMs: 2 });
      harness.tick(999);
      assert.equal(harness.process(1).sent.length, 1);
      harness.tick(1000);
      assert.deepEqual(harness.process(1).sent, [
        { type: 'ping', seq: 1 },
        { type: 'ping', seq: 2 },
      ]);
      assert.deepEqual(harness.take(), []);
    });

    it('kills a worker that does not answer within pingResponseTime and counts a failure', () => {
      const harness = readyPool(pinging);
      harness.tick(0);
      harness.at(10).process(1).pong(1);
      harness.tick(1000);
      harness.at(1100).process(1).pong(1); // stale sequence number: does not count as an answer
      harness.tick(1499);
      assert.deepEqual(harness.take(), []);
      harness.front.calls.length = 0;

      harness.tick(1500);
      assert.deepEqual(harness.take(), [
        { type: 'worker-unresponsive', workerId: 1, reason: 'ping_timeout', waitedMs: 500 },
        { type: 'worker-killed', workerId: 1, reason: 'ping_timeout' },
        { type: 'failure-counted', workerId: 1, reason: 'ping_timeout', failuresInWindow: 1, limit: 3 },
        { type: 'worker-spawned', workerId: 2, reason: 'ping_timeout' },
      ]);
      assert.deepEqual(harness.process(1).signals, ['SIGKILL']);
      assert.deepEqual(harness.front.decisions, ['detach w1']);
      assert.deepEqual(harness.states(), ['w1 unresponsive', 'w2 starting']);
      assert.equal(harness.supervisor.restarts.ping_timeout, 1);

      harness.at(1600).process(1).exit(null, 'SIGKILL');
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: null, signal: 'SIGKILL', reason: 'killed', requestsDispatched: 0 },
      ]);
      assert.deepEqual(harness.states(), ['w2 starting']);
    });
  });

  describe('when a worker does not become ready in time', () => {
    it('kills it at exactly startupTimeLimit, counts a failure and starts a replacement', () => {
      const harness = new Harness();
      harness.supervisor.start('server_started');
      harness.take();
      harness.tick(1999);
      assert.deepEqual(harness.take(), []);

      harness.tick(2000);
      assert.deepEqual(harness.take(), [
        { type: 'worker-killed', workerId: 1, reason: 'startup_timeout' },
        { type: 'failure-counted', workerId: 1, reason: 'startup_timeout', failuresInWindow: 1, limit: 3 },
        { type: 'worker-spawned', workerId: 2, reason: 'startup_timeout' },
      ]);
      assert.deepEqual(harness.process(1).signals, ['SIGKILL']);
      assert.equal(harness.supervisor.restarts.startup_timeout, 1);

      harness.at(2100).process(1).ready(); // too late: the kill stands
      harness.process(1).exit(null, 'SIGKILL');
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: null, signal: 'SIGKILL', reason: 'killed', requestsDispatched: 0 },
      ]);
      assert.deepEqual(harness.states(), ['w2 starting']);
    });
  });

  describe('when a worker exits unasked', () => {
    it('reports a crash, counts a failure and respawns with reason crash', () => {
      const harness = readyPool();
      harness.worker(1).load.requestsDispatched = 7;
      harness.front.calls.length = 0;
      harness.at(500).process(1).exit(1, null);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: 1, signal: null, reason: 'crash', requestsDispatched: 7 },
        { type: 'failure-counted', workerId: 1, reason: 'crash', failuresInWindow: 1, limit: 3 },
        { type: 'worker-spawned', workerId: 2, reason: 'crash' },
      ]);
      assert.deepEqual(harness.front.calls, ['detach w1', 'pump']);
      assert.equal(harness.supervisor.restarts.crash, 1);
      assert.deepEqual(harness.states(), ['w2 starting']);
    });

    it('treats a worker that dies before ready the same way', () => {
      const harness = new Harness();
      harness.supervisor.start('server_started');
      harness.take();
      harness.at(30).process(1).exit(null, 'SIGSEGV');
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: null, signal: 'SIGSEGV', reason: 'crash', requestsDispatched: 0 },
        { type: 'failure-counted', workerId: 1, reason: 'crash', failuresInWindow: 1, limit: 3 },
        { type: 'worker-spawned', workerId: 2, reason: 'crash' },
      ]);
    });

    it('ignores a second exit of the same process', () => {
      const harness = readyPool();
      harness.process(1).exit(1, null);
      harness.take();
      harness.process(1).exit(1, null);
      assert.deepEqual(harness.take(), []);
    });
  });

  describe('when failures reach rapidFailProtectionMaxCrashes', () => {
    const hooked = { failure: { autoShutdownExe: '/usr/local/bin/page-oncall', autoShutdownParams: '--pool p  --severity high' } };

    it('does not trip one failure short of the limit', () => {
      const harness = new Harness(hooked);
      harness.supervisor.start('server_started');
      harness.at(100).process(1).exit(1, null);
      harness.at(200).process(2).exit(1, null);
      assert.equal(harness.supervisor.state, 'Started');
      assert.equal(harness.supervisor.failuresInWindow, 2);
      assert.deepEqual(harness.states(), ['w3 starting']);
    });

    it('trips on exactly the limit: stops the pool, rejects the queue with AppOffline, runs autoShutdownExe', async () => {
      const harness = new Harness(hooked);
      harness.front.queuedRequests = 4;
      harness.supervisor.start('server_started');
      harness.at(100).process(1).exit(1, null);
      harness.at(200).process(2).exit(1, null);
      harness.take();
      harness.front.calls.length = 0;

      harness.at(300).process(3).exit(1, null);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 3, code: 1, signal: null, reason: 'crash', requestsDispatched: 0 },
        { type: 'failure-counted', workerId: 3, reason: 'crash', failuresInWindow: 3, limit: 3 },
        { type: 'rapid-fail-tripped', failuresInWindow: 3, intervalMs: 10_000 },
        { type: 'pool-stopped', reason: 'RapidFail' },
      ]);
      assert.deepEqual(harness.front.decisions, ['detach w3', 'reject AppOffline']);
      assert.deepEqual(harness.hooks, [['/usr/local/bin/page-oncall', ['--pool', 'p', '--severity', 'high']]]);
      assert.deepEqual(
        [harness.supervisor.state, harness.supervisor.stopReason, harness.supervisor.rapidFailTrips, harness.supervisor.workers.length],
        ['Stopped', 'RapidFail', 1, 0],
      );

      await flush();
      assert.deepEqual(harness.take(), [
        {
          type: 'hook-ran',
          hook: 'autoShutdownExe',
          command: '/usr/local/bin/page-oncall',
          args: ['--pool', 'p', '--severity', 'high'],
          exitCode: 0,
          error: null,
        },
      ]);

      harness.tick(400);
      harness.supervisor.onRequestArrived();
      assert.deepEqual(harness.take(), []);
      assert.equal(harness.spawnRequests.length, 3);
    });

    it('runs no hook when autoShutdownExe is not set', async () => {
      const harness = new Harness();
      harness.supervisor.start('server_started');
      for (const id of [1, 2, 3])
        harness
          .at(id * 100)
          .process(id)
          .exit(1, null);
      await flush();
      assert.equal(harness.supervisor.state, 'Stopped');
      assert.deepEqual(harness.hooks, []);
      assert.equal(
        harness.events.some((event) => event.type === 'hook-ran'),
        false,
      );
    });

    it('does not count a failure exactly rapidFailProtectionInterval old', () => {
      const harness = new Harness();
      harness.supervisor.start('server_started');
      harness.at(1000).process(1).exit(1, null);
      harness.at(2000).process(2).exit(1, null);
      harness.take();
      harness.at(11_000).process(3).exit(1, null);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 3, code: 1, signal: null, reason: 'crash', requestsDispatched: 0 },
        { type: 'failure-counted', workerId: 3, reason: 'crash', failuresInWindow: 2, limit: 3 },
        { type: 'worker-spawned', workerId: 4, reason: 'crash' },
      ]);
      assert.equal(harness.supervisor.state, 'Started');
    });

    it('clears the window on an admin start', () => {
      const harness = new Harness();
      harness.supervisor.start('server_started');
      for (const id of [1, 2, 3])
        harness
          .at(id * 100)
          .process(id)
          .exit(1, null);
      harness.take();

      harness.at(500).supervisor.start('admin');
      assert.deepEqual(harness.take(), [
        { type: 'pool-started', reason: 'admin' },
        { type: 'worker-spawned', workerId: 4, reason: 'AlwaysRunning' },
      ]);
      assert.equal(harness.supervisor.failuresInWindow, 0);

      harness.at(600).process(4).exit(1, null);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 4, code: 1, signal: null, reason: 'crash', requestsDispatched: 0 },
        { type: 'failure-counted', workerId: 4, reason: 'crash', failuresInWindow: 1, limit: 3 },
        { type: 'worker-spawned', workerId: 5, reason: 'crash' },
      ]);
      assert.equal(harness.supervisor.state, 'Started');
    });
  });

  describe('when a worker reaches its Requests limit (overlapped recycle)', () => {
    it('starts a replacement, drains the old one once the replacement is ready, and kills it at shutdownTimeLimit', () => {
      const harness = readyPool({ recycling: { periodicRestart: { requests: 10 } } }, 100);
      const old = harness.worker(1);
      old.load.requestsDispatched = 10;
      old.load.outstandingRequests = 2;

      harness.tick(200);
      assert.deepEqual(harness.take(), [
        { type: 'worker-recycling', workerId: 1, reason: 'Requests', isOverlapped: true },
        { type: 'worker-spawned', workerId: 2, reason: 'Requests' },
      ]);
      assert.equal(harness.supervisor.restarts.Requests, 1);
      assert.deepEqual([old.state, old.isDispatchable, old.replacement?.id, harness.worker(2).replaces?.id], ['ready', true, 2, 1]);

      harness.tick(300);
      assert.deepEqual(harness.take(), [], 'one recycle at a time: no second replacement');

      harness.front.calls.length = 0;
      harness.at(400).process(2).ready();
      assert.deepEqual(harness.take(), [
        { type: 'worker-ready', workerId: 2, startupMs: 200 },
        { type: 'worker-draining', workerId: 1, reason: 'Requests', requestsDispatched: 10 },
      ]);
      assert.deepEqual([old.state, old.isDispatchable, old.drainStartedAtMs, old.replacement], ['draining', false, 400, null]);
      assert.deepEqual(harness.process(1).sent, [], 'no drain while requests are outstanding');
      assert.deepEqual(harness.front.decisions, []);

      old.load.outstandingRequests = 0;
      harness.supervisor.onWorkerIdle(old);
      assert.deepEqual(harness.process(1).sent, [{ type: 'drain' }]);
      assert.deepEqual(harness.front.decisions, ['detach w1']);

      harness.tick(3399);
      assert.deepEqual(harness.take(), []);
      harness.tick(3400);
      assert.deepEqual(harness.take(), [{ type: 'worker-killed', workerId: 1, reason: 'shutdown_timeout' }]);
      assert.deepEqual(harness.process(1).signals, ['SIGKILL']);

      harness.at(3410).process(1).exit(null, 'SIGKILL');
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: null, signal: 'SIGKILL', reason: 'killed', requestsDispatched: 10 },
      ]);
      assert.deepEqual(harness.states(), ['w2 ready']);
    });

    it('leaves the replacement an ordinary worker when the old one crashes before it is ready', () => {
      const harness = readyPool({ recycling: { periodicRestart: { requests: 10 } } }, 100);
      harness.worker(1).load.requestsDispatched = 10;
      harness.tick(200);
      harness.take();
      harness.at(250).process(1).exit(1, null);
      harness.take();
      harness.front.calls.length = 0;
      harness.at(400).process(2).ready();
      assert.deepEqual(harness.take(), [{ type: 'worker-ready', workerId: 2, startupMs: 200 }]);
      assert.deepEqual(harness.process(1).sent, [], 'nothing is sent to the dead process');
      assert.deepEqual(harness.front.decisions, []);
      assert.deepEqual(harness.states(), ['w2 ready']);
    });

    it('sends drain at once when the old worker is idle, and a clean exit reports drained', () => {
      const harness = readyPool({ recycling: { periodicRestart: { requests: 10 } } });
      harness.worker(1).load.requestsDispatched = 12;
      harness.tick(100);
      harness.at(150).process(2).ready();
      assert.deepEqual(harness.process(1).sent, [{ type: 'drain' }]);
      harness.take();
      harness.at(160).process(1).exit(0, null);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: 0, signal: null, reason: 'drained', requestsDispatched: 12 },
      ]);
      assert.deepEqual(harness.states(), ['w2 ready']);
    });
  });

  describe('when disallowOverlappingRotation is set', () => {
    it('drains the old worker first and spawns the replacement only after it exits', () => {
      const harness = readyPool({ recycling: { periodicRestart: { requests: 10 }, disallowOverlappingRotation: true } }, 100);
      harness.worker(1).load.requestsDispatched = 10;

      harness.tick(200);
      assert.deepEqual(harness.take(), [
        { type: 'worker-recycling', workerId: 1, reason: 'Requests', isOverlapped: false },
        { type: 'worker-draining', workerId: 1, reason: 'Requests', requestsDispatched: 10 },
      ]);
      assert.deepEqual(harness.process(1).sent, [{ type: 'drain' }]);
      assert.equal(harness.worker(1).isHoldingSlot, true);

      harness.tick(300);
      assert.deepEqual(harness.take(), []);
      assert.equal(harness.spawnRequests.length, 1);

      harness.at(400).process(1).exit(0, null);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: 0, signal: null, reason: 'drained', requestsDispatched: 10 },
        { type: 'worker-spawned', workerId: 2, reason: 'Requests' },
      ]);
    });
  });

  describe('when every member of a web garden is due for a recycle', () => {
    function gardenAtLimit(disallowOverlappingRotation: boolean): Harness {
      const harness = readyPool({ maxProcesses: 2, recycling: { periodicRestart: { requests: 10 }, disallowOverlappingRotation } });
      harness.process(2).ready();
      for (const worker of harness.supervisor.workers) worker.load.requestsDispatched = 10;
      harness.take();
      return harness;
    }

    it('recycles one member at a time with overlap', () => {
      const harness = gardenAtLimit(false);
      harness.tick(100);
      harness.tick(200);
      assert.deepEqual(harness.take(), [
        { type: 'worker-recycling', workerId: 1, reason: 'Requests', isOverlapped: true },
        { type: 'worker-spawned', workerId: 3, reason: 'Requests' },
      ]);
      harness.at(300).process(3).ready();
      harness.tick(400);
      assert.deepEqual(harness.take(), [
        { type: 'worker-ready', workerId: 3, startupMs: 200 },
        { type: 'worker-draining', workerId: 1, reason: 'Requests', requestsDispatched: 10 },
        { type: 'worker-recycling', workerId: 2, reason: 'Requests', isOverlapped: true },
        { type: 'worker-spawned', workerId: 4, reason: 'Requests' },
      ]);
    });

    it("recycles the next member only once the first one's replacement is ready, without overlap", () => {
      const harness = gardenAtLimit(true);
      harness.tick(100);
      harness.tick(200);
      assert.deepEqual(harness.take(), [
        { type: 'worker-recycling', workerId: 1, reason: 'Requests', isOverlapped: false },
        { type: 'worker-draining', workerId: 1, reason: 'Requests', requestsDispatched: 10 },
      ]);
      harness.at(300).process(1).exit(0, null);
      harness.tick(400);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: 0, signal: null, reason: 'drained', requestsDispatched: 10 },
        { type: 'worker-spawned', workerId: 3, reason: 'Requests' },
      ]);
      harness.at(500).process(3).ready();
      harness.tick(600);
      assert.deepEqual(harness.take(), [
        { type: 'worker-ready', workerId: 3, startupMs: 200 },
        { type: 'worker-recycling', workerId: 2, reason: 'Requests', isOverlapped: false },
        { type: 'worker-draining', workerId: 2, reason: 'Requests', requestsDispatched: 10 },
      ]);
    });
  });

  describe('when orphanWorkerProcess is set', () => {
    const orphaning = {
      processModel: { pingingEnabled: true },
      failure: { orphanWorkerProcess: true, orphanActionExe: '/usr/bin/gcore', orphanActionParams: '-o /tmp/core.%1%  %1%' },
    };

    it('sets an unresponsive worker aside, runs orphanActionExe with its pid, and never kills it', async () => {
      const harness = readyPool(orphaning);
      harness.tick(0);
      harness.front.calls.length = 0;

      harness.tick(500);
      assert.deepEqual(harness.take(), [
        { type: 'worker-unresponsive', workerId: 1, reason: 'ping_timeout', waitedMs: 500 },
        { type: 'worker-orphaned', workerId: 1, reason: 'ping_timeout' },
        { type: 'failure-counted', workerId: 1, reason: 'ping_timeout', failuresInWindow: 1, limit: 3 },
        { type: 'worker-spawned', workerId: 2, reason: 'ping_timeout' },
      ]);
      assert.deepEqual(harness.hooks, [['/usr/bin/gcore', ['-o', '/tmp/core.1001', '1001']]]);
      assert.deepEqual(harness.front.decisions, ['detach w1']);
      assert.deepEqual(harness.states(), ['w1 orphaned', 'w2 starting']);

      await flush();
      assert.deepEqual(harness.take(), [
        {
          type: 'hook-ran',
          hook: 'orphanActionExe',
          command: '/usr/bin/gcore',
          args: ['-o', '/tmp/core.1001', '1001'],
          exitCode: 0,
          error: null,
        },
      ]);

      harness.at(600).process(2).ready();
      harness.tick(100_000);
      harness.at(100_001).supervisor.stop('Admin');
      assert.deepEqual(harness.process(1).signals, []);
      assert.deepEqual(harness.process(1).sent, [{ type: 'ping', seq: 1 }]);
      assert.equal(harness.worker(1).state, 'orphaned');

      harness.take();
      harness.process(1).exit(0, null);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: 0, signal: null, reason: 'crash', requestsDispatched: 0 },
      ]);
      assert.equal(harness.supervisor.restarts.crash, 0);
    });
  });

  describe('when a worker deadlocks', () => {
    it('kills it at responseDeadlockInterval without counting a rapid-fail failure', () => {
      const harness = readyPool({ responseDeadlockInterval: 1000 });
      harness.worker(1).load.outstandingRequests = 1;
      harness.tick(999);
      assert.deepEqual(harness.take(), []);
      harness.tick(1000);
      assert.deepEqual(harness.take(), [
        { type: 'worker-unresponsive', workerId: 1, reason: 'deadlock', waitedMs: 1000 },
        { type: 'worker-killed', workerId: 1, reason: 'deadlock' },
        { type: 'worker-spawned', workerId: 2, reason: 'deadlock' },
      ]);
      assert.deepEqual([harness.supervisor.restarts.deadlock, harness.supervisor.failuresInWindow], [1, 0]);
    });
  });

  describe('when an OnDemand worker stays idle', () => {
    const onDemand = { startMode: 'OnDemand', processModel: { idleTimeout: 5000 } };

    function demandPool(): Harness {
      const harness = new Harness(onDemand);
      harness.supervisor.start('server_started');
      harness.supervisor.onRequestArrived();
      harness.at(100).process(1).ready();
      harness.take();
      return harness;
    }

    it('drains it at exactly idleTimeout and starts no replacement', () => {
      const harness = demandPool();
      harness.tick(5099);
      assert.deepEqual(harness.take(), []);
      harness.tick(5100);
      assert.deepEqual(harness.take(), [
        { type: 'worker-idle-expired', workerId: 1, idleMs: 5000 },
        { type: 'worker-draining', workerId: 1, reason: 'idle', requestsDispatched: 0 },
      ]);
      assert.deepEqual(harness.process(1).sent, [{ type: 'drain' }]);
      harness.at(5200).process(1).exit(0, null);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: 0, signal: null, reason: 'drained', requestsDispatched: 0 },
      ]);
      assert.deepEqual(harness.states(), []);
    });

    it('keeps it while requests wait in the queue or are outstanding', () => {
      const harness = demandPool();
      harness.front.queuedRequests = 1;
      harness.tick(6000);
      harness.front.queuedRequests = 0;
      harness.worker(1).load.outstandingRequests = 1;
      harness.tick(7000);
      assert.deepEqual(harness.take(), []);
      assert.deepEqual(harness.states(), ['w1 ready']);
    });
  });

  describe('when an admin stops the pool', () => {
    it('rejects the queue with Disabled, drains ready workers and kills starting ones', () => {
      const harness = new Harness({ maxProcesses: 3 });
      harness.supervisor.start('server_started');
      harness.at(10).process(1).ready();
      harness.process(2).ready();
      harness.worker(2).load.outstandingRequests = 1;
      harness.take();
      harness.front.calls.length = 0;

      harness.at(50).supervisor.stop('Admin');
      assert.deepEqual(harness.take(), [
        { type: 'pool-stopped', reason: 'Admin' },
        { type: 'worker-draining', workerId: 1, reason: 'pool_stopped', requestsDispatched: 0 },
        { type: 'worker-draining', workerId: 2, reason: 'pool_stopped', requestsDispatched: 0 },
        { type: 'worker-killed', workerId: 3, reason: 'pool_stopped' },
      ]);
      assert.deepEqual(harness.front.decisions, ['reject Disabled', 'detach w1', 'detach w3']);
      assert.deepEqual(
        [1, 2, 3].map((id) => [harness.process(id).sent, harness.process(id).signals]),
        [
          [[{ type: 'drain' }], []],
          [[], []],
          [[], ['SIGKILL']],
        ],
      );
      assert.deepEqual(
        [harness.supervisor.state, harness.supervisor.stopReason, harness.supervisor.restarts.manual],
        ['Stopped', 'Admin', 3],
      );

      harness.supervisor.stop('Admin');
      harness.at(60).process(1).exit(0, null);
      harness.process(3).exit(null, 'SIGKILL');
      harness.tick(70);
      assert.deepEqual(harness.take(), [
        { type: 'worker-exited', workerId: 1, code: 0, signal: null, reason: 'drained', requestsDispatched: 0 },
        { type: 'worker-exited', workerId: 3, code: null, signal: 'SIGKILL', reason: 'killed', requestsDispatched: 0 },
      ]);
      assert.deepEqual(harness.states(), ['w2 draining']);
      assert.equal(harness.spawnRequests.length, 3);
    });
  });

  describe('when the server shuts down', () => {
    it('drains ready workers, kills starting ones, and resolves once every worker has exited', async () => {
      const harness = new Harness({ maxProcesses: 2 });
      harness.supervisor.start('server_started');
      harness.process(1).ready();
      harness.take();
      let isDone = false;
      const done = harness.supervisor.shutdown().then(() => {
        isDone = true;
      });
      assert.deepEqual(harness.take(), [
        { type: 'worker-draining', workerId: 1, reason: 'server_stopped', requestsDispatched: 0 },
        { type: 'worker-killed', workerId: 2, reason: 'server_stopped' },
      ]);
      harness.process(2).exit(null, 'SIGKILL');
      await flush();
      assert.equal(isDone, false);
      harness.process(1).exit(0, null);
      await done;
      assert.deepEqual(harness.states(), []);
      assert.equal(harness.spawnRequests.length, 2);
    });
  });
});
