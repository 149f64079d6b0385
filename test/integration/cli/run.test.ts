import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/poolchaos.js', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/scenarios/${name}`, import.meta.url));

/** Runs `poolchaos <args>` to its end; resolves with its exit code and output. */
function poolchaos(args: readonly string[], timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: timeoutMs, env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('poolchaos run', function () {
  this.timeout(90_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'poolchaos-cli-run-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('when a scenario file is bad', () => {
    it('exits 2 naming the file, the key and the value, and runs nothing', async () => {
      const file = join(dir, 'bad.yaml');
      writeFileSync(
        file,
        'name: bad\ntarget: { urls: { front: "http://127.0.0.1:1", admin: "http://127.0.0.1:2" } }\nload: { duration: soon }\nexpect: ["requests.lost == 0"]\n',
      );
      const result = await poolchaos(['run', file, '--out', join(dir, 'bad-out')]);
      assert.equal(result.code, 2);
      assert.equal(
        result.stderr,
        `poolchaos run: ${file} is not a valid poolchaos scenario:\n  - load.duration: not a duration; expected a duration such as 500ms, 2s, 1m30s or milliseconds (got "soon")\n`,
      );
      assert.equal(existsSync(join(dir, 'bad-out')), false);
    });

    it('exits 2 when no scenario is named', async () => {
      const result = await poolchaos(['run']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /name at least one scenario file/);
    });
  });

  describe('when a scenario passes and another fails', () => {
    let result: { code: number; stdout: string; stderr: string };
    const out = (): string => join(dir, 'out');
    before(async () => {
      result = await poolchaos([
        'run',
        fixture('one-crash.yaml'),
        fixture('queue-burst.yaml'),
        '--out',
        out(),
        '--junit',
        join(dir, 'all.xml'),
      ]);
    });

    it('exits 1 and prints each verdict', () => {
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /\[one-crash\] PASSED: 3\/3 expectations held/);
      assert.match(result.stdout, /\[queue-burst\] FAILED: 2\/3 expectations held/);
      assert.match(result.stdout, /✗ requests\.served == 1000 \(actual \d+\)/);
      assert.match(result.stdout, /1 of 2 scenarios passed\n/);
    });

    it('writes every report file of each scenario and of the suite', () => {
      for (const name of ['one-crash', 'queue-burst']) {
        for (const file of ['journal.json', 'junit.xml', 'summary.md', 'report.html']) {
          assert.ok(statSync(join(out(), name, file)).size > 0, `${name}/${file}`);
        }
      }
      for (const file of ['index.html', 'junit.xml', 'summary.md']) assert.ok(statSync(join(out(), file)).size > 0, file);
      const junit = readFileSync(join(dir, 'all.xml'), 'utf8');
      assert.equal(junit.match(/<testcase /g)?.length, 6);
      assert.equal(junit.match(/<failure /g)?.length, 1);
    });

    it('writes a journal with the promised top-level fields', () => {
      const journal = JSON.parse(readFileSync(join(out(), 'one-crash', 'journal.json'), 'utf8')) as Record<string, unknown>;
      for (const key of ['schemaVersion', 'scenario', 'status', 'requests', 'expectations', 'faults', 'events', 'timeline']) {
        assert.ok(key in journal, key);
      }
      assert.equal(journal['schemaVersion'], 1);
      assert.equal(journal['status'], 'passed');
      const requests = journal['requests'] as Record<string, unknown>;
      assert.deepEqual(
        Object.keys(requests)
          .filter((key) => ['sent', 'served', 'rejected', 'lost', 'retried'].includes(key))
          .sort(),
        ['lost', 'rejected', 'retried', 'sent', 'served'],
      );
    });

    it('re-renders the same reports from the journal with poolchaos report', async () => {
      const scenarioDir = join(out(), 'one-crash');
      const before = readFileSync(join(scenarioDir, 'report.html'), 'utf8');
      rmSync(join(scenarioDir, 'report.html'));
      const rerun = await poolchaos(['report', join(scenarioDir, 'journal.json')]);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.equal(readFileSync(join(scenarioDir, 'report.html'), 'utf8'), before);
    });

    it('refuses a file that is not a journal with exit 2', async () => {
      const file = join(dir, 'not-a-journal.json');
      writeFileSync(file, '{"schemaVersion": 99, "scenario": {}, "timeline": []}');
      const rerun = await poolchaos(['report', file]);
      assert.equal(rerun.code, 2);
      assert.equal(rerun.stderr, `poolchaos report: ${file}: journal schemaVersion 99 is not 1, which this poolchaos renders\n`);
    });
  });

  describe('with --verdict-power', () => {
    it('exits 2 for a scenario without a verdictPower patch', async () => {
      const result = await poolchaos(['run', '--verdict-power', fixture('one-crash.yaml')]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /verdictPower: missing: a verdict-power run needs the patch that switches a protection off/);
    });
  });
});
