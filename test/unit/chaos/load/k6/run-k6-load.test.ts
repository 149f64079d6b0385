/**
 * runK6Load against a fake k6: a Node script that does what the test says (calls the start signal or
 * not, writes JSON output lines, a verdict file and stderr, sleeps, exits with a code) and records
 * the arguments and environment it got. The real k6 is exercised by the integration tests.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LoadError } from '../../../../../chaos/load/load-errors.ts';
import { runK6Load } from '../../../../../chaos/load/k6/run-k6-load.ts';
import type { LoadPlan, LoadSecond } from '../../../../../chaos/load/load-types.ts';

const PLAN: LoadPlan = {
  url: 'http://127.0.0.1:9',
  connections: 2,
  ratePerSecond: null,
  durationMs: 2000,
  timeoutMs: 1000,
  isKeepAlive: true,
  requests: [{ method: 'GET', path: '/', headers: {}, body: null }],
};

/** One sample the fake writes, `offsetMs` after the start signal was answered. */
interface FakeSample {
  readonly metric: string;
  readonly offsetMs: number;
  readonly value: number;
  readonly tags: Readonly<Record<string, string>>;
}

interface FakeBehaviour {
  readonly callsSignal: boolean;
  readonly samples: readonly FakeSample[];
  readonly verdicts: Readonly<Record<string, Readonly<Record<string, boolean>>>> | null;
  readonly stderr: string;
  readonly sleepMs: number;
  readonly exitCode: number;
}

/** What the fake saw. */
interface FakeRecord {
  readonly pid: number;
  readonly args: string[];
  readonly env: Record<string, string>;
}

const FAKE_SOURCE = `
const fs = require('node:fs');
const http = require('node:http');
const [recordFile, behaviour] = [RECORD_FILE, BEHAVIOUR];
fs.writeFileSync(recordFile, JSON.stringify({ pid: process.pid, args: process.argv.slice(2), env: process.env }));
const args = process.argv.slice(2);
const outputFile = args[args.indexOf('--out') + 1].slice('json='.length);
const script = fs.readFileSync(args[args.length - 1], 'utf8');
const constant = (name) => JSON.parse(new RegExp('^const ' + name + ' = (.*);$', 'm').exec(script)[1]);
const get = (url) => new Promise((resolve) => http.get(url, (res) => { res.resume(); res.on('end', resolve); }));
(async () => {
  if (behaviour.callsSignal) await get(constant('SIGNAL_URL'));
  const signalledAt = Date.now();
  const lines = behaviour.samples.map((sample) => JSON.stringify({ metric: sample.metric, type: 'Point', data: { time: new Date(signalledAt + sample.offsetMs).toISOString(), value: sample.value, tags: sample.tags } }));
  fs.writeFileSync(outputFile, lines.map((line) => line + '\\n').join(''));
  if (behaviour.verdicts !== null) fs.writeFileSync(constant('THRESHOLDS_FILE'), JSON.stringify(behaviour.verdicts));
  process.stderr.write(behaviour.stderr);
  setTimeout(() => process.exit(behaviour.exitCode), behaviour.sleepMs);
})();
`;

const LOAD = { scenario: 'load' };
const SAMPLES: readonly FakeSample[] = [
  { metric: 'poolchaos_sent', offsetMs: 300, value: 1, tags: LOAD },
  { metric: 'poolchaos_outcome', offsetMs: 310, value: 1, tags: { ...LOAD, outcome: 'served', status: '200' } },
  { metric: 'poolchaos_latency', offsetMs: 310, value: 4, tags: { ...LOAD, outcome: 'served' } },
  { metric: 'poolchaos_sent', offsetMs: 1300, value: 1, tags: LOAD },
  { metric: 'poolchaos_outcome', offsetMs: 1400, value: 1, tags: { ...LOAD, outcome: 'rejected', status: '503', reason: 'QueueFull' } },
  { metric: 'poolchaos_latency', offsetMs: 1400, value: 2, tags: { ...LOAD, outcome: 'rejected' } },
];

const PASSING: FakeBehaviour = { callsSignal: true, samples: SAMPLES, verdicts: null, stderr: '', sleepMs: 0, exitCode: 0 };

describe('runK6Load', function () {
  this.timeout(15_000);
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'poolchaos-fake-k6-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the fake k6 for `behaviour`; returns its path. */
  function fakeK6(behaviour: FakeBehaviour): string {
    const path = join(dir, 'k6');
    const source = FAKE_SOURCE.replace('RECORD_FILE', JSON.stringify(join(dir, 'record.json'))).replace(
      'BEHAVIOUR',
      JSON.stringify(behaviour),
    );
    writeFileSync(path, `#!${process.execPath}\n${source}`);
    chmodSync(path, 0o755);
    return path;
  }

  const record = (): FakeRecord => JSON.parse(readFileSync(join(dir, 'record.json'), 'utf8')) as FakeRecord;

  describe('when k6 exits 0', () => {
    it('reads the counts and the seconds from its output, second 0 being the start signal', async () => {
      const starts: number[] = [];
      const seconds: LoadSecond[] = [];
      const beforeMs = Date.now();
      const result = await runK6Load(
        PLAN,
        {},
        { k6Path: fakeK6(PASSING), onStart: (atMs) => starts.push(atMs), onSecond: (second) => seconds.push(second) },
      );
      assert.equal(starts.length, 1);
      assert.equal(result.startedAtMs, starts[0]);
      assert.ok(result.startedAtMs >= beforeMs && result.startedAtMs <= Date.now());
      assert.equal(result.endedAtMs, result.startedAtMs + 2000);
      assert.deepEqual(result.counts, {
        sent: 2,
        served: 1,
        rejected: 1,
        lost: 0,
        inFlightAtStop: 0,
        servedByStatus: { '200': 1 },
        rejectedByReason: { QueueFull: 1 },
        lostByReason: { reset: 0, eof: 0, truncated: 0, timeout: 0 },
      });
      assert.deepEqual(
        result.timeline.map((second) => [second.second, second.sent, second.served, second.rejected]),
        [
          [0, 1, 1, 0],
          [1, 1, 0, 1],
        ],
      );
      assert.deepEqual(seconds, result.timeline);
      assert.deepEqual(result.k6, { exitCode: 0, thresholdsFailed: false, failedThresholds: [] });
    });

    it('runs k6 quietly on a script, config and output in a temp dir it removes, with a clean environment', async () => {
      await runK6Load(PLAN, {}, { k6Path: fakeK6(PASSING) });
      const { args, env } = record();
      const runDir = dirname(args.at(-1)!);
      assert.deepEqual(args, [
        'run',
        '--quiet',
        '--no-color',
        '--config',
        join(runDir, 'k6-config.json'),
        '--out',
        `json=${join(runDir, 'output.json')}`,
        join(runDir, 'load.js'),
      ]);
      assert.match(runDir, /poolchaos-k6-/);
      assert.equal(existsSync(runDir), false);
      assert.deepEqual(
        Object.keys(env)
          .filter((name) => name !== '_' && name !== 'PWD' && name !== 'SHLVL')
          .sort(),
        ['HOME', 'K6_AUTO_EXTENSION_RESOLUTION', 'K6_NO_USAGE_REPORT', 'PATH', 'TMPDIR', 'TZ'],
      );
      assert.deepEqual(
        [env['HOME'], env['K6_AUTO_EXTENSION_RESOLUTION'], env['K6_NO_USAGE_REPORT'], env['TZ']],
        [runDir, 'false', 'true', 'UTC'],
      );
    });
  });

  describe('when k6 exits 99', () => {
    it('resolves with the counts and the crossed thresholds from the verdict file', async () => {
      const verdicts = { http_req_duration: { 'p(99)<0.001': false, 'max<5000': true }, http_req_failed: { 'rate<0.01': false } };
      const result = await runK6Load(
        PLAN,
        { http_req_duration: ['p(99)<0.001', 'max<5000'], http_req_failed: ['rate<0.01'] },
        {
          k6Path: fakeK6({ ...PASSING, verdicts, exitCode: 99 }),
        },
      );
      assert.equal(result.counts.sent, 2);
      assert.deepEqual(result.k6, {
        exitCode: 99,
        thresholdsFailed: true,
        failedThresholds: ['http_req_duration: p(99)<0.001', 'http_req_failed: rate<0.01'],
      });
    });

    it("names the metrics from k6's log line when there is no verdict file", async () => {
      const stderr = 'level=error msg="thresholds on metrics \'http_req_duration\' have been crossed"\n';
      const result = await runK6Load(
        PLAN,
        { http_req_duration: ['p(99)<0.001'] },
        { k6Path: fakeK6({ ...PASSING, stderr, exitCode: 99 }) },
      );
      assert.deepEqual(result.k6, { exitCode: 99, thresholdsFailed: true, failedThresholds: ['http_req_duration'] });
    });
  });

  describe('when k6 fails', () => {
    it('rejects with ERR_LOAD_CHILD_FAILED, the exit code, what it means and the end of its output', async () => {
      const stderr = 'level=error msg="Uncaught (in promise) TypeError: boom"\n';
      await assert.rejects(runK6Load(PLAN, {}, { k6Path: fakeK6({ ...PASSING, stderr, exitCode: 107 }) }), (error: unknown) => {
        assert.ok(error instanceof LoadError);
        assert.equal(error.code, 'ERR_LOAD_CHILD_FAILED');
        assert.equal(
          error.message,
          `the load driver child failed: k6 exited 107 (the script threw); its output ended with:\n${stderr.trim()}`,
        );
        return true;
      });
    });

    it('rejects with ERR_LOAD_CHILD_FAILED when k6 never called the start signal', async () => {
      await assert.rejects(runK6Load(PLAN, {}, { k6Path: fakeK6({ ...PASSING, callsSignal: false }) }), {
        code: 'ERR_LOAD_CHILD_FAILED',
        message: 'the load driver child failed: k6 exited 0 without calling the start signal',
      });
    });

    it('rejects with ERR_LOAD_CHILD_FAILED when a sample of the script does not read', async () => {
      const samples = [
        ...SAMPLES,
        { metric: 'poolchaos_outcome', offsetMs: 500, value: 1, tags: { ...LOAD, outcome: 'lost', reason: 'gone' } },
      ];
      await assert.rejects(runK6Load(PLAN, {}, { k6Path: fakeK6({ ...PASSING, samples }) }), {
        code: 'ERR_LOAD_CHILD_FAILED',
        message: /^the load driver child failed: k6 output line 7: poolchaos_outcome has tags .*"gone".* \(k6 exited 0\)$/,
      });
    });
  });

  describe('when the run is aborted or its caller fails', () => {
    it('kills k6 on abort and rejects with the reason once it is gone', async () => {
      const controller = new AbortController();
      const reason = new Error('stop now');
      const run = runK6Load(
        PLAN,
        {},
        {
          k6Path: fakeK6({ ...PASSING, sleepMs: 10_000 }),
          signal: controller.signal,
          onStart: () => setTimeout(() => controller.abort(reason), 50),
        },
      );
      const startedAtMs = Date.now();
      await assert.rejects(run, (error: unknown) => error === reason);
      assert.ok(Date.now() - startedAtMs < 5000);
      assert.throws(() => process.kill(record().pid, 0), { code: 'ESRCH' });
    });

    it('kills k6 and rejects with the error when onStart throws', async () => {
      const run = runK6Load(
        PLAN,
        {},
        {
          k6Path: fakeK6({ ...PASSING, sleepMs: 10_000 }),
          onStart: () => {
            throw new Error('scheduler broke');
          },
        },
      );
      await assert.rejects(run, { message: 'scheduler broke' });
      assert.throws(() => process.kill(record().pid, 0), { code: 'ESRCH' });
    });
  });

  describe('when nothing can start', () => {
    it('rejects with ERR_LOAD_K6_MISSING when there is no k6 binary, naming the build command', async () => {
      const k6Path = join(dir, 'no-such-k6');
      await assert.rejects(runK6Load(PLAN, {}, { k6Path }), {
        code: 'ERR_LOAD_K6_MISSING',
        message: `load.tool k6 needs the built k6 at ${k6Path}, which is missing or not executable; run npm run k6:build (it needs Go)`,
      });
    });

    it('checks the plan before looking for k6', async () => {
      await assert.rejects(runK6Load({ ...PLAN, connections: 0 }, {}, { k6Path: join(dir, 'no-such-k6') }), {
        code: 'ERR_LOAD_PLAN_INVALID',
      });
      await assert.rejects(runK6Load({ ...PLAN, url: 'http://10.0.0.5:8080' }, {}, { k6Path: join(dir, 'no-such-k6') }), {
        code: 'ERR_LOAD_URL_NOT_LOOPBACK',
      });
    });
  });
});
