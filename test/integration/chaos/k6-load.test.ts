/**
 * The k6 load driver with the real bin/k6: against loopback servers that misbehave on cue (each lost
 * reason must come out as the server caused it) and through whole scenarios with `load.tool: k6`
 * against a server the harness starts (the journal's client counts must equal the front's).
 *
 * bin/k6 is not committed: when it is missing, `before` builds it with `node loadtests/k6/build-k6.ts`
 * (Go and the module proxy needed) and fails with that command's output if the build fails. Nothing
 * is skipped.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { K6_BINARY_PATH, runK6Load } from '../../../chaos/load/k6/run-k6-load.ts';
import type { LoadPlan, LoadResult, LoadSecond } from '../../../chaos/load/load-types.ts';
import type { Journal } from '../../../chaos/journal/journal.ts';
import { runScenario } from '../../../chaos/run/run-scenario.ts';
import { loadScenario } from '../../../chaos/scenario/load-scenario.ts';
import { startScriptedServer, type ScriptedAction, type ScriptedRequest, type ScriptedServer } from '../../helpers/scripted-http-server.ts';

const BUILD_SCRIPT = fileURLToPath(new URL('../../../loadtests/k6/build-k6.ts', import.meta.url));
const BUILD_TIMEOUT_MS = 15 * 60_000;
const MISBEHAVE_WINDOW_MS = 600;
const OK: ScriptedAction = { kind: 'answer', status: 200, body: 'ok' };
const GET_ROOT = { method: 'GET', path: '/', headers: {}, body: null } as const;
const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/scenarios/${name}`, import.meta.url));

/** Builds bin/k6 when it is missing; throws with the build's output when that fails. */
function ensureK6(): void {
  if (existsSync(K6_BINARY_PATH)) return;
  const build = spawnSync(process.execPath, [BUILD_SCRIPT], { encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  if (build.status !== 0 || !existsSync(K6_BINARY_PATH)) {
    throw new Error(
      `bin/k6 is missing and \`node loadtests/k6/build-k6.ts\` failed (exit ${String(build.status)}):\n${build.stdout}${build.stderr}`,
    );
  }
}

function planFor(url: string, overrides: Partial<LoadPlan> = {}): LoadPlan {
  return {
    url,
    connections: 4,
    ratePerSecond: null,
    durationMs: 1500,
    timeoutMs: 1000,
    isKeepAlive: true,
    requests: [GET_ROOT],
    ...overrides,
  };
}

/** Every `every`-th request inside the window, the server's very first included, gets `action`. */
function inWindowEvery(every: number, action: ScriptedAction): (request: ScriptedRequest) => ScriptedAction {
  return (request) => (request.elapsedMs < MISBEHAVE_WINDOW_MS && request.index % every === 0 ? action : OK);
}

const sumOf = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** The identities every k6 run satisfies: nothing in flight at stop, seconds that add up. */
function assertReconciles(result: LoadResult, seconds: readonly LoadSecond[], durationMs: number): void {
  const { counts, latency, timeline } = result;
  assert.equal(counts.inFlightAtStop, 0);
  assert.equal(counts.sent, counts.served + counts.rejected + counts.lost);
  assert.equal(latency.count, counts.served + counts.rejected + counts.lostByReason.timeout);
  assert.deepEqual(
    timeline.map((second) => second.second),
    [...Array(Math.ceil(durationMs / 1000)).keys()],
  );
  assert.deepEqual(seconds, timeline);
  for (const figure of ['sent', 'served', 'rejected', 'lost'] as const)
    assert.equal(sumOf(timeline.map((second) => second[figure])), counts[figure], figure);
  assert.equal(sumOf(timeline.map((second) => second.latency.count)), latency.count);
}

async function runRecorded(plan: LoadPlan): Promise<{ result: LoadResult; starts: number[] }> {
  const seconds: LoadSecond[] = [];
  const starts: number[] = [];
  const result = await runK6Load(plan, {}, { onStart: (atMs) => starts.push(atMs), onSecond: (second) => seconds.push(second) });
  assertReconciles(result, seconds, plan.durationMs);
  assert.deepEqual(starts, [result.startedAtMs]);
  return { result, starts };
}

describe('runK6Load with bin/k6', function () {
  this.timeout(60_000);
  let server: ScriptedServer | null = null;
  before(function () {
    this.timeout(BUILD_TIMEOUT_MS);
    ensureK6();
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  describe('when the server cuts responses short, answers with garbage or never answers', () => {
    it('counts each such request lost as truncated or timeout, exactly as many as the server caused', async () => {
      for (const [action, reason] of [
        [{ kind: 'truncate' }, 'truncated'],
        [{ kind: 'garbage' }, 'truncated'],
        [{ kind: 'hang' }, 'timeout'],
      ] as const) {
        server = await startScriptedServer(inWindowEvery(5, action));
        const { result } = await runRecorded(planFor(server.url));
        const caused = server.actionCounts[action.kind];
        assert.ok(caused > 0, action.kind);
        assert.equal(result.counts.sent, server.requests.length, action.kind);
        assert.deepEqual(result.counts.lostByReason, { reset: 0, eof: 0, truncated: 0, timeout: 0, [reason]: caused }, action.kind);
        assert.deepEqual(result.counts.servedByStatus, { '200': server.actionCounts.answer }, action.kind);
        if (reason === 'timeout')
          assert.ok(result.latency.maxMs >= 1000, `a timeout counts at its full length, max ${String(result.latency.maxMs)}`);
        await server.close();
        server = null;
      }
    });
  });

  describe('when the server closes or resets connections without answering', () => {
    it('counts a loss on a fresh connection, while Go resends an idempotent request whose reused connection died first', async () => {
      for (const [kind, reason] of [
        ['eof', 'eof'],
        ['reset', 'reset'],
      ] as const) {
        server = await startScriptedServer(inWindowEvery(5, { kind }));
        const { result } = await runRecorded(planFor(server.url));
        const lost = result.counts.lostByReason[reason];
        // The server's first request comes on a fresh connection, which Go never resends on.
        assert.ok(lost >= 1, `${kind}: lost ${String(lost)}`);
        assert.equal(result.counts.lost, lost, kind);
        // Every close the client did not count as lost was resent: the server saw one more request for each.
        assert.equal(server.requests.length - result.counts.sent, server.actionCounts[kind] - lost, kind);
        assert.deepEqual(result.counts.servedByStatus, { '200': server.actionCounts.answer }, kind);
        await server.close();
        server = null;
      }
    });
  });

  describe('when the front rejects some requests and the app answers 503 to others', () => {
    it('counts only the 503s with the reject header as rejected, by reason', async () => {
      server = await startScriptedServer((request) =>
        request.index % 3 === 0
          ? { kind: 'answer', status: 503, headers: { 'x-poolchaos-reject': 'QueueFull' }, body: '' }
          : request.index % 3 === 1
            ? { kind: 'answer', status: 503, body: 'busy' }
            : OK,
      );
      const { result } = await runRecorded(planFor(server.url));
      const rejected = server.requests.filter((request) => request.index % 3 === 0).length;
      assert.equal(result.counts.sent, server.requests.length);
      assert.deepEqual(result.counts.rejectedByReason, { QueueFull: rejected });
      assert.deepEqual(result.counts.servedByStatus, {
        '200': server.requests.filter((request) => request.index % 3 === 2).length,
        '503': server.requests.filter((request) => request.index % 3 === 1).length,
      });
    });
  });

  describe('when the plan has a rate, no keep-alive and several request shapes', () => {
    it('sends at the rate, one connection per request, each VU taking the shapes in turn with their headers and bodies', async () => {
      server = await startScriptedServer(() => OK);
      const requests = [
        { method: 'GET', path: '/a?x=1', headers: { 'x-test': 'one' }, body: null },
        { method: 'POST', path: '/b', headers: { 'content-type': 'text/plain' }, body: 'hello' },
      ];
      // 20 VUs for 100 requests a second: each may take up to 200 ms before k6 drops an iteration.
      const { result } = await runRecorded(
        planFor(server.url, { connections: 20, ratePerSecond: 100, isKeepAlive: false, durationMs: 2000, requests }),
      );
      assert.equal(result.counts.sent, server.requests.length);
      assert.ok(result.counts.sent >= 190 && result.counts.sent <= 202, `sent ${String(result.counts.sent)}`);
      assert.equal(server.connectionCount(), server.requests.length);
      assert.ok(server.requests.every((request) => request.headers['connection'] === 'close'));
      const shapes = new Set(
        server.requests.map((request) => `${request.method} ${request.path} ${request.headers['x-test'] ?? ''} ${request.body}`),
      );
      assert.deepEqual([...shapes].sort(), ['GET /a?x=1 one ', 'POST /b  hello']);
    });
  });
});

describe('runScenario with load.tool k6', function () {
  this.timeout(90_000);
  before(function () {
    this.timeout(BUILD_TIMEOUT_MS);
    ensureK6();
  });

  describe('when three workers are killed under k6 load', () => {
    let journal: Journal;
    before(async () => {
      journal = await runScenario(await loadScenario(fixture('k6-crash-storm.yaml')), { toolVersion: 'test' });
    });

    it("passes the scenario's expectations and k6's thresholds, and records k6 as the tool", () => {
      assert.equal(journal.error, null);
      assert.equal(journal.load.tool, 'k6');
      assert.deepEqual(
        journal.expectations.map((result) => [result.expr, result.passed]),
        [
          ['faults.injected == 3', true],
          ['requests.lost == 0', true],
          ['restarts{reason=crash} == 3', true],
          ['after.requests.lost == 0', true],
          ['k6 threshold poolchaos_outcome{outcome:lost}: count==0', true],
          ['k6 threshold http_req_failed: rate==0', true],
        ],
      );
      assert.equal(journal.status, 'passed');
    });

    it("accounts for every request, and the front's counts equal the client's exactly", () => {
      const { requests, front } = journal;
      assert.equal(requests.inFlightAtStop, 0);
      assert.equal(requests.sent, requests.served + requests.rejected + requests.lost);
      // At least one answered request per connection per second: the load flowed.
      assert.ok(requests.served >= journal.load.connections * (journal.load.durationMs / 1000), `served ${String(requests.served)}`);
      assert.ok(front !== null);
      assert.deepEqual(
        [
          front.total.accepted + front.total.rejected,
          front.total.served,
          front.total.rejected,
          front.total.lost + front.total.clientAborted,
        ],
        [requests.sent, requests.served, requests.rejected, requests.lost],
      );
      assert.deepEqual(journal.disagreements, []);
      assert.equal(sumOf(journal.timeline.map((second) => second.sent)), requests.sent);
      assert.equal(journal.timeline.length, Math.ceil(journal.load.durationMs / 1000));
    });
  });

  describe('when a k6 threshold cannot hold', () => {
    let journal: Journal;
    before(async () => {
      journal = await runScenario(await loadScenario(fixture('k6-impossible-threshold.yaml')), { toolVersion: 'test' });
    });

    it('fails the verdict on that threshold, named, with the counts still complete', () => {
      assert.equal(journal.error, null);
      assert.deepEqual(journal.expectations, [
        { expr: 'requests.lost == 0', actual: 0, passed: true, message: null },
        { expr: 'k6 threshold http_req_duration: p(99)<0.001', actual: null, passed: false, message: 'crossed (k6 exited 99)' },
      ]);
      assert.equal(journal.status, 'failed');
      assert.equal(journal.requests.inFlightAtStop, 0);
      assert.ok(
        journal.requests.served >= journal.load.connections * (journal.load.durationMs / 1000),
        `served ${String(journal.requests.served)}`,
      );
      assert.deepEqual(journal.disagreements, []);
    });
  });
});
