/**
 * The load driver against loopback servers that misbehave on cue. Each server misbehaves only during
 * the first MISBEHAVE_WINDOW_MS of the load, so every fault has been seen by the client well before
 * the stop, and the driver's counts must equal the server's own counts exactly. At the duration's end
 * the driver drains: in closed loop exactly one request per connection is in flight then, and it is
 * answered before the stop, so nothing is in flight at stop.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { runLoad, type LoadPlan, type LoadResult, type LoadSecond } from '../../../chaos/load/index.ts';
import { DRAIN_GRACE_MS } from '../../../chaos/load/drive-load.ts';
import { superviseLoadChild } from '../../../chaos/load/supervise-load-child.ts';
import { startScriptedServer, type ScriptedAction, type ScriptedRequest, type ScriptedServer } from '../../helpers/scripted-http-server.ts';
import { waitUntil } from '../../helpers/test-server.ts';

const DURATION_MS = 1500;
const MISBEHAVE_WINDOW_MS = 600;
const CONNECTIONS = 4;
/**
 * A floor for "the load really flowed": at least one answered request per connection per second of
 * load. Any server answers thousands a second here; this only fails when the load did not run.
 */
const MIN_SERVED = (connections: number, durationMs: number): number => Math.ceil((connections * durationMs) / 1000);
const OK: ScriptedAction = { kind: 'answer', status: 200, body: 'ok' };
const GET_ROOT = { method: 'GET', path: '/', headers: {}, body: null } as const;

function planFor(url: string, overrides: Partial<LoadPlan> = {}): LoadPlan {
  return {
    url,
    connections: CONNECTIONS,
    ratePerSecond: null,
    durationMs: DURATION_MS,
    timeoutMs: 2000,
    isKeepAlive: true,
    requests: [GET_ROOT],
    ...overrides,
  };
}

/** Every `every`-th request inside the window gets `action`, every other request a 200. */
function inWindowEvery(every: number, action: ScriptedAction): (request: ScriptedRequest) => ScriptedAction {
  return (request) => (request.elapsedMs < MISBEHAVE_WINDOW_MS && request.index % every === every - 1 ? action : OK);
}

interface RecordedRun {
  readonly result: LoadResult;
  /** What onStart was called with, and when (Date.now()). */
  readonly starts: { readonly startedAtMs: number; readonly calledAtMs: number }[];
  readonly seconds: LoadSecond[];
  /** Date.now() when each second arrived. */
  readonly secondArrivedAtMs: number[];
}

async function runRecorded(plan: LoadPlan): Promise<RecordedRun> {
  const seconds: LoadSecond[] = [];
  const secondArrivedAtMs: number[] = [];
  const starts: { startedAtMs: number; calledAtMs: number }[] = [];
  const result = await runLoad(plan, {
    onStart: (startedAtMs) => starts.push({ startedAtMs, calledAtMs: Date.now() }),
    onSecond: (second) => {
      seconds.push(second);
      secondArrivedAtMs.push(Date.now());
    },
  });
  return { result, starts, seconds, secondArrivedAtMs };
}

function sumOf(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function sumRecords(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/**
 * The run drained: `inFlightAtEnd` requests were in flight when the duration ended (a number, or at
 * most `atMost`), all were resolved while draining, and none was left in flight at the stop.
 */
function assertDrained(run: RecordedRun, inFlightAtEnd: number | { readonly atMost: number }): void {
  const { counts, drain } = run.result;
  assert.equal(counts.inFlightAtStop, 0);
  assert.ok(drain !== null, 'the autocannon driver reports its drain');
  if (typeof inFlightAtEnd === 'number') assert.equal(drain.inFlightAtEnd, inFlightAtEnd);
  else assert.ok(drain.inFlightAtEnd <= inFlightAtEnd.atMost, `in flight at the end ${String(drain.inFlightAtEnd)}`);
  const lostInDrain = sumOf(Object.values(drain.lostByReason));
  assert.equal(drain.served + drain.rejected + lostInDrain, drain.inFlightAtEnd);
}

/** The identities every run must satisfy, whatever the server did. */
function assertReconciles(run: RecordedRun, plan: LoadPlan): void {
  const { counts, latency, timeline } = run.result;
  assert.equal(counts.sent, counts.served + counts.rejected + counts.lost + counts.inFlightAtStop);
  assert.equal(counts.served, sumOf(Object.values(counts.servedByStatus)));
  assert.equal(counts.rejected, sumOf(Object.values(counts.rejectedByReason)));
  assert.equal(counts.lost, sumOf(Object.values(counts.lostByReason)));
  assert.equal(latency.count, counts.served + counts.rejected + counts.lostByReason.timeout);

  assert.deepEqual(
    timeline.map((second) => second.second),
    [...Array(Math.ceil(plan.durationMs / 1000)).keys()],
  );
  assert.deepEqual(run.seconds, timeline, 'the seconds streamed live are the result timeline');
  assert.deepEqual(
    run.starts.map((start) => start.startedAtMs),
    [run.result.startedAtMs],
  );
  assert.equal(sumOf(timeline.map((second) => second.sent)), counts.sent);
  assert.equal(sumOf(timeline.map((second) => second.served)), counts.served);
  assert.equal(sumOf(timeline.map((second) => second.rejected)), counts.rejected);
  assert.equal(sumOf(timeline.map((second) => second.lost)), counts.lost);
  assert.deepEqual(sumRecords(timeline.map((second) => second.servedByStatus)), counts.servedByStatus);
  assert.deepEqual(sumRecords(timeline.map((second) => second.rejectedByReason)), counts.rejectedByReason);
  assert.deepEqual(sumRecords(timeline.map((second) => second.lostByReason)), { ...counts.lostByReason });
  assert.equal(sumOf(timeline.map((second) => second.latency.count)), latency.count);
  assert.equal(Math.max(...timeline.map((second) => second.latency.maxMs)), latency.maxMs);
}

describe('runLoad', function () {
  this.timeout(30_000);
  let server: ScriptedServer | null = null;

  afterEach(async () => {
    await server?.close();
    server = null;
  });

  describe('when the server answers every request', () => {
    it('counts every request served, the one per connection in flight at the end included, exactly as the server saw them', async () => {
      server = await startScriptedServer(() => OK);
      const plan = planFor(server.url);
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assertDrained(run, CONNECTIONS);
      assert.deepEqual(
        { served: run.result.drain!.served, lost: run.result.drain!.lostByReason },
        { served: CONNECTIONS, lost: { reset: 0, eof: 0, truncated: 0, timeout: 0 } },
      );
      assert.equal(counts.served, counts.sent);
      assert.deepEqual(counts.servedByStatus, { '200': counts.served });
      assert.equal(counts.rejected, 0);
      assert.deepEqual(counts.lostByReason, { reset: 0, eof: 0, truncated: 0, timeout: 0 });
      assert.ok(counts.served >= MIN_SERVED(CONNECTIONS, DURATION_MS), `served ${counts.served}`);
      assert.equal(server.requests.length, counts.sent);
      assert.equal(server.connectionCount(), CONNECTIONS);
    });

    it('reports the start at once and streams each second before the run ends', async () => {
      server = await startScriptedServer(() => OK);
      const plan = planFor(server.url, { durationMs: 2000 });
      const run = await runRecorded(plan);
      assertReconciles(run, plan);
      const firstArrivedAtMs = run.secondArrivedAtMs[0]!;
      // The start and the seconds come over the same ordered channel: the start arrives first.
      assert.ok(
        run.starts[0]!.calledAtMs <= run.secondArrivedAtMs[0]!,
        `onStart called ${run.starts[0]!.calledAtMs - run.result.startedAtMs} ms after the start`,
      );
      assert.ok(
        firstArrivedAtMs < run.result.endedAtMs,
        `seconds arrived at ${run.secondArrivedAtMs.map((at) => at - run.result.startedAtMs).join(', ')} ms, run ended at ${run.result.endedAtMs - run.result.startedAtMs} ms after start; counts ${JSON.stringify(run.result.counts)}`,
      );
      assert.equal(run.result.endedAtMs - run.result.startedAtMs >= 2000, true);
    });
  });

  describe('when the server closes connections without answering (FIN)', () => {
    it('counts each such request lost as eof, exactly as many as the server closed', async () => {
      server = await startScriptedServer(inWindowEvery(7, { kind: 'eof' }));
      const plan = planFor(server.url);
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assert.ok(server.actionCounts.eof > 0);
      assert.deepEqual(counts.lostByReason, { reset: 0, eof: server.actionCounts.eof, truncated: 0, timeout: 0 });
      assertDrained(run, CONNECTIONS);
      assert.deepEqual(counts.servedByStatus, { '200': counts.sent - counts.lost });
      assert.equal(server.connectionCount(), CONNECTIONS + server.actionCounts.eof);
    });
  });

  describe('when the server resets connections (RST)', () => {
    it('counts each such request lost as reset, exactly as many as the server reset', async () => {
      server = await startScriptedServer(inWindowEvery(7, { kind: 'reset' }));
      const plan = planFor(server.url);
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assert.ok(server.actionCounts.reset > 0);
      assert.deepEqual(counts.lostByReason, { reset: server.actionCounts.reset, eof: 0, truncated: 0, timeout: 0 });
      assertDrained(run, CONNECTIONS);
    });
  });

  describe('when the server closes a connection inside a response', () => {
    it('counts each such request lost as truncated, and the next response on a new connection parses', async () => {
      server = await startScriptedServer(inWindowEvery(7, { kind: 'truncate' }));
      const plan = planFor(server.url);
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assert.ok(server.actionCounts.truncate > 0);
      assert.deepEqual(counts.lostByReason, { reset: 0, eof: 0, truncated: server.actionCounts.truncate, timeout: 0 });
      assertDrained(run, CONNECTIONS);
      assert.deepEqual(counts.servedByStatus, { '200': counts.sent - counts.lost });
    });
  });

  describe('when the server answers with bytes that are not HTTP', () => {
    it('counts each such request lost as truncated and carries on on a new connection', async () => {
      server = await startScriptedServer(inWindowEvery(7, { kind: 'garbage' }));
      const plan = planFor(server.url);
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assert.ok(server.actionCounts.garbage > 0);
      assert.deepEqual(counts.lostByReason, { reset: 0, eof: 0, truncated: server.actionCounts.garbage, timeout: 0 });
      assertDrained(run, CONNECTIONS);
      assert.equal(server.connectionCount(), CONNECTIONS + server.actionCounts.garbage);
    });
  });

  describe('when the server never answers some requests', () => {
    it('counts each as a timeout and records it at the full timeout in the latency figures', async () => {
      // Hangs come only in the first MISBEHAVE_WINDOW_MS, so each times out by window + timeout,
      // during the run or its drain; answered requests have the whole timeout to arrive.
      const timeoutMs = 1000;
      server = await startScriptedServer(inWindowEvery(25, { kind: 'hang' }));
      const plan = planFor(server.url, { timeoutMs });
      const run = await runRecorded(plan);
      const { counts, latency, timeline } = run.result;
      assertReconciles(run, plan);
      assert.ok(server.actionCounts.hang > 0);
      assert.deepEqual(counts.lostByReason, { reset: 0, eof: 0, truncated: 0, timeout: server.actionCounts.hang });
      assert.ok(latency.maxMs >= timeoutMs, `max ${latency.maxMs} ms`);
      assert.ok(latency.maxMs < 2 * timeoutMs, `max ${latency.maxMs} ms: a timeout is recorded at its length, plus its timer's lateness`);
      for (const second of timeline) {
        if (second.lostByReason.timeout > 0)
          assert.ok(second.latency.maxMs >= timeoutMs, `second ${second.second} max ${second.latency.maxMs}`);
      }
      assertDrained(run, CONNECTIONS);
    });
  });

  describe('when the requests in flight at the end are never answered', () => {
    it('waits for them at most the timeout, then counts each as a timeout of the drain', async () => {
      const timeoutMs = 1000;
      // Requests arriving in the last 400 ms hang, so each connection has one unanswered at the end.
      server = await startScriptedServer((request) => (request.elapsedMs >= DURATION_MS - 400 ? { kind: 'hang' } : OK));
      const plan = planFor(server.url, { timeoutMs });
      const run = await runRecorded(plan);
      const { counts, drain } = run.result;
      assertReconciles(run, plan);
      assertDrained(run, CONNECTIONS);
      assert.deepEqual(
        { served: drain!.served, rejected: drain!.rejected, lost: drain!.lostByReason },
        {
          served: 0,
          rejected: 0,
          lost: { reset: 0, eof: 0, truncated: 0, timeout: CONNECTIONS },
        },
      );
      // Each request's own timer ends it by the timeout; the driver's deadline is the timeout plus its
      // grace. One more timeout of slack covers late timers on a loaded machine.
      const boundMs = timeoutMs + DRAIN_GRACE_MS + timeoutMs;
      assert.ok(drain!.waitedMs > 0 && drain!.waitedMs < boundMs, `waited ${String(drain!.waitedMs)} ms, bound ${String(boundMs)} ms`);
      assert.equal(counts.lostByReason.timeout, server.actionCounts.hang);
      assert.equal(server.requests.length, counts.sent);
    });
  });

  describe('when the server rejects and fails requests', () => {
    it('counts 503s with x-poolchaos-reject as rejected by reason and every other status as served', async () => {
      server = await startScriptedServer((request) => {
        if (request.elapsedMs >= MISBEHAVE_WINDOW_MS) return OK;
        switch (request.index % 5) {
          case 1:
            return { kind: 'answer', status: 503, headers: { 'x-poolchaos-reject': 'QueueFull' }, body: 'busy' };
          case 2:
            return { kind: 'answer', status: 503, headers: { 'X-Poolchaos-Reject': 'AppOffline' }, body: 'offline' };
          case 3:
            return { kind: 'answer', status: 500, body: 'oops' };
          case 4:
            return { kind: 'answer', status: 503, body: 'the app said so' };
          default:
            return OK;
        }
      });
      const plan = planFor(server.url);
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      const inWindow = server.requests.filter((request) => request.elapsedMs < MISBEHAVE_WINDOW_MS);
      const countOf = (remainder: number): number => inWindow.filter((request) => request.index % 5 === remainder).length;
      assert.deepEqual(counts.rejectedByReason, { AppOffline: countOf(2), QueueFull: countOf(1) });
      assert.equal(counts.servedByStatus['500'], countOf(3));
      assert.equal(counts.servedByStatus['503'], countOf(4));
      assert.equal(counts.servedByStatus['200'], counts.served - countOf(3) - countOf(4));
      assert.equal(counts.lost, 0);
      assertDrained(run, CONNECTIONS);
    });
  });

  describe('when responses are framed without a length', () => {
    it('serves HEAD, 204 and close-delimited responses without losing or timing out any', async () => {
      server = await startScriptedServer((request) => {
        if (request.path === '/until-close') return { kind: 'answer-until-close', status: 200, body: 'to the end' };
        if (request.path === '/no-content') return { kind: 'answer', status: 204 };
        return { kind: 'answer', status: 200, body: 'hello' };
      });
      const plan = planFor(server.url, {
        requests: [
          { method: 'HEAD', path: '/head', headers: {}, body: null },
          { method: 'GET', path: '/no-content', headers: {}, body: null },
          { method: 'GET', path: '/until-close', headers: {}, body: null },
        ],
      });
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assert.equal(counts.lost, 0);
      assertDrained(run, CONNECTIONS);
      assert.equal((counts.servedByStatus['200'] ?? 0) + (counts.servedByStatus['204'] ?? 0), counts.served);
      // A third of the requests are the 204s: at least a third of the floor.
      assert.ok((counts.servedByStatus['204'] ?? 0) >= MIN_SERVED(CONNECTIONS, DURATION_MS) / 3, JSON.stringify(counts.servedByStatus));
      // Each close-delimited answer makes the client reconnect, unless it reached the client after the stop.
      const untilClose = server.actionCounts['answer-until-close'];
      assert.ok(server.connectionCount() <= CONNECTIONS + untilClose && server.connectionCount() >= untilClose);
    });
  });

  describe('when the server closes after every response', () => {
    it('opens a new connection for the next request instead of losing it', async () => {
      server = await startScriptedServer(() => ({ kind: 'answer-until-close', status: 200, body: 'bye' }));
      const plan = planFor(server.url);
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assert.equal(counts.lost, 0);
      assertDrained(run, CONNECTIONS);
      assert.ok(counts.served >= MIN_SERVED(CONNECTIONS, DURATION_MS), `served ${counts.served}`);
    });
  });

  describe('when the plan rotates requests with bodies', () => {
    it('sends each request as written, in turn, on every connection', async () => {
      server = await startScriptedServer(() => OK);
      const plan = planFor(server.url, {
        connections: 1,
        durationMs: 1000,
        requests: [
          { method: 'POST', path: '/a?x=1', headers: { 'x-step': '1', 'content-type': 'text/plain' }, body: 'alpha' },
          { method: 'PUT', path: '/b', headers: { 'x-step': '2' }, body: '' },
          { method: 'GET', path: '/c', headers: { 'x-step': '3', host: 'front.test' }, body: null },
        ],
      });
      const run = await runRecorded(plan);
      assertReconciles(run, plan);
      const expected = [
        { method: 'POST', path: '/a?x=1', step: '1', length: '5', body: 'alpha', host: server.url.slice(7) },
        { method: 'PUT', path: '/b', step: '2', length: '0', body: '', host: server.url.slice(7) },
        { method: 'GET', path: '/c', step: '3', length: undefined, body: '', host: 'front.test' },
      ];
      assert.ok(server.requests.length >= 3 * MIN_SERVED(1, 1000), `server saw ${server.requests.length}`);
      server.requests.forEach((request, index) => {
        const want = expected[index % 3]!;
        assert.deepEqual(
          {
            method: request.method,
            path: request.path,
            step: request.headers['x-step'],
            length: request.headers['content-length'],
            body: request.body,
            host: request.headers['host'],
          },
          want,
          `request ${index}`,
        );
        assert.equal(request.headers['connection'], 'keep-alive');
      });
    });
  });

  describe('when the plan sends rate-limited load', () => {
    it('sends the per-second budget in the first second and no more than the rate allows', async () => {
      server = await startScriptedServer(() => OK);
      const plan = planFor(server.url, { connections: 2, ratePerSecond: 40, durationMs: 2000 });
      const run = await runRecorded(plan);
      const { counts, timeline } = run.result;
      assertReconciles(run, plan);
      assert.equal(timeline[0]!.sent, 40);
      assert.ok(counts.sent >= 80 && counts.sent <= 120, `sent ${counts.sent}`);
      assert.equal(counts.lost, 0);
      assertDrained(run, { atMost: 2 });
    });
  });

  describe('when nothing listens on the port', () => {
    it('counts every request lost as reset', async () => {
      const closed = await startScriptedServer(() => OK);
      await closed.close();
      const plan = planFor(closed.url, { connections: 2, durationMs: 1000 });
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assert.equal(counts.served, 0);
      assert.ok(counts.lostByReason.reset > 0);
      assert.equal(counts.lost, counts.lostByReason.reset);
      assertDrained(run, { atMost: 2 });
    });
  });

  describe('when the caller aborts', () => {
    it('kills the child, so the load stops and its connections close, and rejects with the abort reason', async () => {
      server = await startScriptedServer(() => OK);
      const controller = new AbortController();
      const running = runLoad(planFor(server.url, { durationMs: 20_000 }), { signal: controller.signal });
      await waitUntil(() => server!.requests.length > 100, 10_000, 'load reaching the server');
      controller.abort();
      await assert.rejects(running, { name: 'AbortError' });
      await waitUntil(() => server!.openConnectionCount() === 0, 2000, 'connections closing');
      const seen = server.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(server.requests.length, seen);
    });
  });

  describe('when the URL is not on loopback', () => {
    it('refuses before starting anything', async () => {
      await assert.rejects(runLoad(planFor('http://192.0.2.1:8080')), { code: 'ERR_LOAD_URL_NOT_LOOPBACK' });
      await assert.rejects(runLoad(planFor('http://example.com')), { code: 'ERR_LOAD_URL_NOT_LOOPBACK' });
    });
  });

  describe('when the child exits before reporting', () => {
    it('rejects with the exit code and the end of its stderr', async () => {
      const child = spawn(process.execPath, ['-e', "process.stderr.write('boom: no result\\n'); process.exit(3)"], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      await assert.rejects(
        superviseLoadChild(child, planFor('http://127.0.0.1:1'), { hangTimeoutMs: 10_000 }),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'ERR_LOAD_CHILD_EXITED');
          assert.match(error.message, /exited \(code 3\)/);
          assert.match(error.message, /boom: no result/);
          return true;
        },
      );
    });
  });
});

describe('runLoad with a node:http server', function () {
  this.timeout(30_000);
  let server: Server | null = null;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
    server = null;
  });

  describe('when keep-alive is off', () => {
    it('sends Connection: close and uses each connection for exactly one request', async () => {
      const requestsPerSocket = new Map<Socket, number>();
      const connectionHeaders = new Set<string | undefined>();
      server = createServer((request: IncomingMessage, response: ServerResponse) => {
        requestsPerSocket.set(request.socket, (requestsPerSocket.get(request.socket) ?? 0) + 1);
        connectionHeaders.add(request.headers.connection);
        response.end('ok');
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      assert.ok(address !== null && typeof address === 'object');
      const plan = planFor(`http://127.0.0.1:${address.port}`, { isKeepAlive: false });
      const run = await runRecorded(plan);
      const { counts } = run.result;
      assertReconciles(run, plan);
      assert.equal(counts.lost, 0);
      assertDrained(run, CONNECTIONS);
      assert.ok(counts.served >= MIN_SERVED(CONNECTIONS, DURATION_MS), `served ${counts.served}`);
      assert.deepEqual([...connectionHeaders], ['close']);
      assert.deepEqual(new Set(requestsPerSocket.values()), new Set([1]));
    });
  });
});
