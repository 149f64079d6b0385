/**
 * `npm run k6:suite` end to end for the two promises CI gates on: crash-storm and freeze run against
 * the reference server started from their chaos/scenarios config and pass k6's thresholds, and freeze
 * with health pings off fails them (k6 exit 99). bin/k6 is built first when it is missing, as the
 * suite script does. The three runs take about a minute.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listK6Promises, type K6Promise } from '../../../loadtests/k6/promise-scripts.ts';
import {
  OUT_DIR,
  formatSummary,
  hasProtectionOffRun,
  parseSuiteArgs,
  planRuns,
  type RunResult,
} from '../../../loadtests/k6/run-k6-suite.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** A first k6 build downloads and compiles every Go module. */
const BUILD_TIMEOUT_MS = 900_000;
const SUITE_TIMEOUT_MS = 150_000;

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runNode(args: readonly string[], timeoutMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // SIGTERM lets the suite script stop its k6 and server before it exits.
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The per-run line's head: `<run>: <verdict> (k6 exit N) <as expected>`. */
function heads(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => /^[a-z-]+( protection-off)?: /.test(line))
    .map((line) => line.split(';')[0] ?? '');
}

function crossedOf(stdout: string, run: string): string[] {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(`${run}: `)) ?? '';
  return (/; crossed: ([^;]*)/.exec(line)?.[1] ?? '').split(', ').filter((name) => name !== '');
}

describe('k6 promise suite (loadtests/k6/run-k6-suite.ts)', function () {
  describe('planning', function () {
    let promises: K6Promise[] = [];
    const named = (name: string): K6Promise => {
      const promise = promises.find((candidate) => candidate.name === name);
      assert.ok(promise !== undefined, `no k6 promise ${name}`);
      return promise;
    };

    before(async function () {
      promises = await listK6Promises();
    });

    it('has a script for every suite scenario with a k6 block, and pairs every one but crash-storm with its protection-off run', function () {
      assert.deepEqual(
        promises.map((promise) => promise.name),
        ['busy-loop', 'crash-loop', 'crash-storm', 'deadlock', 'freeze', 'memory-leak', 'queue-full'],
      );
      assert.deepEqual(
        planRuns([named('crash-storm'), named('freeze')]).map((plan) => [plan.promise, plan.isProtectionOff]),
        [
          ['crash-storm', false],
          ['freeze', false],
          ['freeze', true],
        ],
      );
      assert.deepEqual(
        promises.filter((promise) => !hasProtectionOffRun(promise.scenario)).map((promise) => promise.name),
        ['crash-storm'],
      );
    });

    it('runs every promise by default and refuses a promise without a script', function () {
      assert.deepEqual(parseSuiteArgs([], promises), { isHelp: false, promises });
      assert.deepEqual(parseSuiteArgs(['--promise', 'freeze'], promises), { isHelp: false, promises: [named('freeze')] });
      assert.throws(() => parseSuiteArgs(['--promise', 'periodic-recycle'], promises), /no k6 script for promise "periodic-recycle"/);
      assert.throws(() => parseSuiteArgs(['--promise'], promises), /unexpected argument --promise/);
    });

    it('counts a protection-off run that passed its thresholds as a failure', function () {
      const result = (promise: 'freeze', isProtectionOff: boolean, isAsExpected: boolean): RunResult => ({
        plan: { promise, isProtectionOff },
        exitCode: isAsExpected === isProtectionOff ? 99 : 0,
        verdict: isAsExpected === isProtectionOff ? 'thresholds failed' : 'passed',
        isAsExpected,
        crossed: [],
        figures: null,
        error: null,
      });
      assert.equal(
        formatSummary([result('freeze', false, true), result('freeze', true, false)]),
        'k6 suite: 1 promises passed, 0 did not; 0 protection-off runs failed their thresholds, 1 did not\n1 passed, 1 failed',
      );
    });
  });

  describe('crash-storm and freeze against the reference server', function () {
    let finished: Finished;

    before(async function () {
      this.timeout(BUILD_TIMEOUT_MS + SUITE_TIMEOUT_MS);
      if (!existsSync(join(ROOT, 'bin', 'k6'))) {
        const build = await runNode([join(ROOT, 'loadtests', 'k6', 'build-k6.ts')], BUILD_TIMEOUT_MS);
        assert.equal(build.code, 0, `npm run k6:build failed:\n${build.stdout}\n${build.stderr}`);
      }
      finished = await runNode(
        [join(ROOT, 'loadtests', 'k6', 'run-k6-suite.ts'), '--promise', 'crash-storm', '--promise', 'freeze'],
        SUITE_TIMEOUT_MS,
      );
    });

    it('passes both promises and fails freeze with pings off, in that order, and exits 0', function () {
      assert.deepEqual(
        heads(finished.stdout),
        [
          'crash-storm: passed (k6 exit 0) as promised',
          'freeze: passed (k6 exit 0) as promised',
          'freeze protection-off: thresholds failed (k6 exit 99) as it must',
        ],
        `${finished.stdout}\n${finished.stderr}`,
      );
      assert.deepEqual(finished.stdout.trim().split('\n').slice(-2), [
        'k6 suite: 2 promises passed, 0 did not; 1 protection-off runs failed their thresholds, 0 did not',
        '3 passed, 0 failed',
      ]);
      assert.equal(finished.code, 0);
    });

    it('fails freeze with pings off on the lost request, the missing ping restart and the missing recovery', function () {
      const crossed = crossedOf(finished.stdout, 'freeze protection-off');
      for (const metric of [
        'http_req_failed',
        'requests_lost',
        'poolchaos_worker_restarts{reason:ping_timeout}',
        'poolchaos_recovery_duration',
      ]) {
        assert.ok(crossed.includes(metric), `crossed: ${crossed.join(', ')}`);
      }
      assert.deepEqual(crossedOf(finished.stdout, 'freeze'), []);
    });

    it('leaves the JSON output, the summary and the dashboard report of every run in out/k6', function () {
      for (const run of ['crash-storm', 'freeze', 'freeze-protection-off']) {
        const summary = JSON.parse(readFileSync(join(OUT_DIR, `${run}-summary.json`), 'utf8')) as {
          metrics: Record<string, { count?: number }>;
        };
        assert.equal(summary.metrics['poolchaos_fault_injected']?.count, run === 'crash-storm' ? 4 : 1);
        assert.match(readFileSync(join(OUT_DIR, `${run}.json`), 'utf8'), /^\{"metric":"poolchaos_fault_injected","type":"Point"/m);
        assert.match(readFileSync(join(OUT_DIR, `${run}.html`), 'utf8'), /^<!DOCTYPE html>/i);
      }
    });
  });
});
