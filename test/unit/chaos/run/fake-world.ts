/**
 * A fake world for runScenario's unit tests: a virtual clock whose timers fire in due order (one per
 * turn of the real event loop, so promises settle in between) and never wait, a fake server, a fake
 * admin API over one pool, and a fake load generator that answers every request.
 */
import type { PoolStatus } from '../../../../server/index.ts';
import type { JournalEvent } from '../../../../chaos/journal/journal.ts';
import type { LoadPlan, LoadResult } from '../../../../chaos/load/load-types.ts';
import type { InjectionAnswer } from '../../../../chaos/run/admin-api.ts';
import type { RunSeams } from '../../../../chaos/run/run-seams.ts';

interface FakeTimer {
  readonly dueMs: number;
  readonly callback: () => void;
  readonly intervalMs: number | null;
}

/** Virtual time: `now` only moves when the earliest timer fires. */
export class FakeClock {
  nowMs = 1_800_000_000_000;
  readonly #timers = new Map<number, FakeTimer>();
  #nextId = 1;
  #isScheduled = false;

  setTimer(callback: () => void, delayMs: number, intervalMs: number | null): number {
    const id = this.#nextId++;
    this.#timers.set(id, { dueMs: this.nowMs + Math.max(0, delayMs), callback, intervalMs });
    this.#schedule();
    return id;
  }

  clear(id: unknown): void {
    this.#timers.delete(id as number);
  }

  #schedule(): void {
    if (this.#isScheduled) return;
    this.#isScheduled = true;
    setImmediate(() => {
      this.#isScheduled = false;
      this.#fireEarliest();
    });
  }

  #fireEarliest(): void {
    let earliest: [number, FakeTimer] | null = null;
    for (const entry of this.#timers) if (earliest === null || entry[1].dueMs < earliest[1].dueMs) earliest = entry;
    if (earliest === null) return;
    const [id, timer] = earliest;
    this.nowMs = Math.max(this.nowMs, timer.dueMs);
    if (timer.intervalMs === null) this.#timers.delete(id);
    else this.#timers.set(id, { ...timer, dueMs: timer.dueMs + timer.intervalMs });
    timer.callback();
    if (this.#timers.size > 0) this.#schedule();
  }
}

/** One pool `web` of two ready workers whose counters the fake load advances. */
export function poolStatus(served: number): PoolStatus {
  const rejected = { QueueFull: 0, AppOffline: 0, Disabled: 0 };
  const worker = (id: number) => ({
    id,
    pid: 4000 + id,
    state: 'ready' as const,
    startedAt: '2027-01-15T08:00:00.000Z',
    readyAt: '2027-01-15T08:00:00.300Z',
    requests: 0,
    outstandingRequests: 0,
    rssBytes: 0,
    heapUsedBytes: 0,
    virtualBytes: 0,
    eventLoopDelayMs: 0,
    recycleReason: null,
  });
  return {
    name: 'web',
    state: 'Started',
    stopReason: null,
    startMode: 'AlwaysRunning',
    maxProcesses: 2,
    queue: { length: 0, limit: 1000 },
    workers: [worker(1), worker(2)],
    restarts: {
      Time: 0,
      Requests: 0,
      Schedule: 0,
      PrivateMemory: 0,
      Memory: 0,
      ConfigChange: 0,
      OnDemand: 0,
      Unhealthy: 0,
      crash: 0,
      ping_timeout: 0,
      startup_timeout: 0,
      deadlock: 0,
      manual: 0,
    },
    rapidFail: { failuresInWindow: 0, maxCrashes: 5, intervalMs: 300_000, trips: 0 },
    requests: {
      accepted: served,
      served,
      rejected,
      lost: { worker_died: 0, truncated: 0, timeout: 0 },
      retried: 0,
      clientAborted: 0,
      queued: 0,
      inFlight: 0,
    },
    rejected,
  };
}

/** What the fake world saw and how it behaves. */
export interface FakeWorld {
  readonly seams: RunSeams;
  readonly clock: FakeClock;
  readonly calls: string[];
  readonly injected: { readonly atMs: number; readonly body: Readonly<Record<string, unknown>> }[];
  /** Requests the fake load answers per second of load. */
  readonly requestsPerSecond: number;
}

/** Options that make one part of the world fail. */
export interface FakeWorldOptions {
  readonly serverFails?: string;
  /** The load fails this many ms after it started, with this message. */
  readonly loadFailsAfterMs?: readonly [number, string];
  readonly injectionFails?: string;
}

export function fakeWorld(options: FakeWorldOptions = {}): FakeWorld {
  const clock = new FakeClock();
  const calls: string[] = [];
  const injected: FakeWorld['injected'] = [];
  const requestsPerSecond = 100;
  let served = 0;
  let loadStartedAtMs = 0;
  const seams: RunSeams = {
    startServer: () => {
      calls.push('startServer');
      if (options.serverFails !== undefined) return Promise.reject(new Error(options.serverFails));
      return Promise.resolve({
        frontUrl: 'http://127.0.0.1:1',
        adminUrl: 'http://127.0.0.1:2',
        pid: 99,
        recentOutput: () => 'fake server output',
        stop: () => {
          calls.push('stopServer');
          return Promise.resolve();
        },
      });
    },
    getPools: () => Promise.resolve([poolStatus(served)]),
    followEvents: (_endpoint, onEvent: (event: JournalEvent) => void) => {
      calls.push('followEvents');
      onEvent({ type: 'pool-started', time: clock.nowMs, pool: 'web' });
      return Promise.resolve(() => calls.push('stopEvents'));
    },
    injectFault: (_endpoint, body): Promise<InjectionAnswer> => {
      injected.push({ atMs: clock.nowMs - loadStartedAtMs, body });
      if (options.injectionFails !== undefined) return Promise.reject(new Error(options.injectionFails));
      return Promise.resolve({
        faultId: injected.length,
        affected: [{ workerId: 1, pid: 4001 }],
        injectedAtMs: clock.nowMs,
        endsAtMs: null,
      });
    },
    runLoad: (plan: LoadPlan, loadOptions) =>
      new Promise<LoadResult>((resolve, reject) => {
        calls.push('runLoad');
        loadStartedAtMs = clock.nowMs;
        loadOptions.onStart?.(loadStartedAtMs);
        const failure = options.loadFailsAfterMs;
        if (failure !== undefined) {
          clock.setTimer(() => reject(new Error(failure[1])), failure[0], null);
          return;
        }
        clock.setTimer(
          () => {
            const seconds = Math.ceil(plan.durationMs / 1000);
            served = seconds * requestsPerSecond;
            const none = { reset: 0, eof: 0, truncated: 0, timeout: 0 };
            const latency = { count: requestsPerSecond, p50Ms: 1, p90Ms: 1, p99Ms: 1, maxMs: 1, meanMs: 1 };
            resolve({
              startedAtMs: loadStartedAtMs,
              endedAtMs: clock.nowMs,
              counts: {
                sent: served,
                served,
                rejected: 0,
                lost: 0,
                inFlightAtStop: 0,
                servedByStatus: { '200': served },
                rejectedByReason: {},
                lostByReason: none,
              },
              latency,
              timeline: Array.from({ length: seconds }, (_, second) => ({
                second,
                sent: requestsPerSecond,
                served: requestsPerSecond,
                rejected: 0,
                lost: 0,
                servedByStatus: { '200': requestsPerSecond },
                rejectedByReason: {},
                lostByReason: none,
                latency,
              })),
              drain: { inFlightAtEnd: 0, waitedMs: 0, served: 0, rejected: 0, lostByReason: none },
            });
          },
          plan.durationMs,
          null,
        );
      }),
    runK6Load: () => Promise.reject(new Error('k6 is not part of these tests')),
    now: () => clock.nowMs,
    setTimeout: (callback, delayMs) => clock.setTimer(callback, delayMs, null),
    clearTimeout: (timer) => clock.clear(timer),
    setInterval: (callback, intervalMs) => clock.setTimer(callback, intervalMs, intervalMs),
    clearInterval: (timer) => clock.clear(timer),
  };
  return { seams, clock, calls, injected, requestsPerSecond };
}
