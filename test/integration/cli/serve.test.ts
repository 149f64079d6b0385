import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PoolStatus } from '../../../server/index.ts';
import { request } from '../../helpers/http-client.ts';
import { RawConnection } from '../../helpers/raw-connection.ts';
import { FIXTURE_APPS_DIR, waitUntil } from '../../helpers/test-server.ts';

const BIN = fileURLToPath(new URL('../../../bin/poolchaos.js', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));
const MISBEHAVE = join(FIXTURE_APPS_DIR, 'misbehave.ts');

/** A `poolchaos` process with its output so far and its exit. */
interface CliRun {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runCli(args: readonly string[]): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run: CliRun = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (run.stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (run.stderr += text));
  return run;
}

/** Runs the CLI to its end (at most `timeoutMs`). */
async function runToEnd(args: readonly string[], timeoutMs = 10_000): Promise<CliRun & { code: number | null }> {
  const run = runCli(args);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const { code } = await run.exited;
  clearTimeout(timer);
  return Object.assign(run, { code });
}

/** Waits for the `front listening on` and `admin listening on` lines and returns their URLs. */
async function listeningUrls(run: CliRun): Promise<{ front: string; admin: string }> {
  const pattern = /^front listening on (http:\/\/\S+)\nadmin listening on (http:\/\/\S+)$/m;
  await waitUntil(() => pattern.test(run.stdout) || run.child.exitCode !== null, 10_000, 'the listening lines');
  const match = pattern.exec(run.stdout);
  assert.ok(match !== null, `no listening lines; stdout: ${run.stdout}; stderr: ${run.stderr}`);
  return { front: match[1]!, admin: match[2]! };
}

async function poolStatus(adminUrl: string, pool: string): Promise<PoolStatus> {
  const answer = await request(`${adminUrl}/pools/${pool}`);
  assert.equal(answer.status, 200, answer.body);
  return JSON.parse(answer.body) as PoolStatus;
}

async function readyWorkerPids(adminUrl: string, pool: string, count: number): Promise<number[]> {
  let pids: number[] = [];
  const deadline = Date.now() + 10_000;
  while (pids.length !== count) {
    assert.ok(Date.now() < deadline, `${count} ready workers in ${pool} within 10 s`);
    const status = await poolStatus(adminUrl, pool);
    const ready = status.workers.filter((worker) => worker.state === 'ready');
    pids = ready.length === count ? ready.map((worker) => worker.pid) : [];
    if (pids.length !== count) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The real, effective, saved and filesystem ids from a /proc status line (`Uid:` or `Gid:`). */
function procIds(pid: number, field: 'Uid' | 'Gid'): number[] {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((text) => text.startsWith(`${field}:`));
  assert.ok(line !== undefined, `/proc/${pid}/status has a ${field} line`);
  return line
    .slice(field.length + 1)
    .trim()
    .split(/\s+/)
    .map(Number);
}

describe('poolchaos serve', () => {
  let dir: string;
  let running: CliRun | null = null;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'poolchaos-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    // A failed test must not leave a server behind; its workers leave when the IPC channel closes.
    if (running !== null && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = null;
  });

  function writeConfig(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  describe('when the config is bad', () => {
    it('exits 2 and names every wrong key with its path', async () => {
      const file = writeConfig(
        'bad.yaml',
        [
          'pools:',
          '  web:',
          '    pingInteval: 30s',
          '    processModel:',
          '      pingInterval: fast',
          'apps:',
          '  - path: /',
          '    pool: web',
          `    module: ${MISBEHAVE}`,
          '',
        ].join('\n'),
      );
      const run = await runToEnd(['serve', '--config', file]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /ERR_CONFIG_INVALID/);
      assert.ok(run.stderr.includes(`${file} is not a valid poolchaos config`), run.stderr);
      assert.match(run.stderr, /^ {2}pools\.web\.pingInteval: unknown key /m);
      assert.match(run.stderr, /^ {2}pools\.web\.processModel\.pingInterval: not a duration \(got "fast"/m);
    });

    it('exits 2 with ERR_CONFIG_NOT_FOUND when the file does not exist', async () => {
      const missing = join(dir, 'missing.yaml');
      const run = await runToEnd(['serve', '--config', missing]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /ERR_CONFIG_NOT_FOUND/);
      assert.ok(run.stderr.includes(missing), run.stderr);
    });
  });

  describe('when it gets SIGTERM with requests in flight', () => {
    // The busy requests outlast the moment the test needs to see the draining notice and send on an
    // idle connection (a few ms after SIGTERM), so the drain is still going on when that request lands.
    const BUSY_MS = 3_000;
    const SHUTDOWN_TIME_LIMIT_MS = 10_000;

    it('refuses new connections, serves what it accepted with Connection: close, resets nothing and exits 0', async () => {
      const file = writeConfig(
        'serve.yaml',
        [
          'listen: { host: 127.0.0.1, port: 0 }',
          'admin: { host: 127.0.0.1, port: 0 }',
          'log: { level: warn }',
          'pools:',
          '  web:',
          '    maxProcesses: 2',
          '    startMode: AlwaysRunning',
          `    processModel: { shutdownTimeLimit: ${String(SHUTDOWN_TIME_LIMIT_MS)}ms }`,
          'apps:',
          '  - path: /',
          '    pool: web',
          `    module: ${MISBEHAVE}`,
          '',
        ].join('\n'),
      );
      running = runCli(['serve', '--config', file]);
      const { front, admin } = await listeningUrls(running);
      const pids = await readyWorkerPids(admin, 'web', 2);

      // Two keep-alive connections that were served once and sit idle at the stop.
      const reused = await RawConnection.open(front);
      const idle = await RawConnection.open(front);
      for (const connection of [reused, idle]) {
        connection.send('/?n=before');
        await connection.waitForResponses(1, 5_000);
      }
      const busy = await Promise.all(Array.from({ length: 4 }, () => RawConnection.open(front)));
      busy.forEach((connection, i) => connection.send(`/?sleep=${String(BUSY_MS)}&n=${String(i)}`));
      let status = await poolStatus(admin, 'web');
      for (let tries = 0; status.requests.inFlight < 4 && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        status = await poolStatus(admin, 'web');
      }
      assert.equal(status.requests.inFlight, 4);

      const signalledAtMs = Date.now();
      running.child.kill('SIGTERM');
      await waitUntil(() => running!.stderr.includes('SIGTERM, draining'), 5_000, 'the draining notice');
      const refused = await request(`${front}/?n=late`);
      assert.equal(refused.error, 'ECONNREFUSED', 'a connection attempted after the notice is refused');
      reused.send('/?n=during-drain');

      for (const connection of busy) await connection.waitForClose(SHUTDOWN_TIME_LIMIT_MS);
      await reused.waitForClose(SHUTDOWN_TIME_LIMIT_MS);
      await idle.waitForClose(SHUTDOWN_TIME_LIMIT_MS);
      const { code, signal } = await running.exited;

      const ending = (connection: RawConnection) => ({
        responses: connection.responses.map((response) => ({ status: response.status, connection: response.connection })),
        hasEnded: connection.hasEnded,
        error: connection.error,
      });
      for (const connection of busy) {
        assert.deepEqual(ending(connection), { responses: [{ status: 200, connection: 'close' }], hasEnded: true, error: null });
        assert.ok(pids.includes((JSON.parse(connection.responses[0]!.body) as { pid: number }).pid));
      }
      assert.deepEqual(ending(reused), {
        responses: [
          { status: 200, connection: 'keep-alive' },
          { status: 200, connection: 'close' },
        ],
        hasEnded: true,
        error: null,
      });
      assert.deepEqual(ending(idle), { responses: [{ status: 200, connection: 'keep-alive' }], hasEnded: true, error: null });
      assert.equal(signal, null);
      assert.equal(code, 0, running.stderr);
      assert.ok(Date.now() - signalledAtMs < SHUTDOWN_TIME_LIMIT_MS, 'it exited before shutdownTimeLimit');
      assert.deepEqual(
        pids.filter((pid) => isAlive(pid)),
        [],
        'no worker outlives the server',
      );
    });
  });

  describe('when asked for help or its version', () => {
    it('prints the usage and exits 0', async () => {
      const run = await runToEnd(['--help']);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: poolchaos <command> \[options\]$/m);
      assert.match(run.stdout, /^ {2}serve --config <file>/m);
      const serveHelp = await runToEnd(['serve', '--help']);
      assert.equal(serveHelp.code, 0);
      assert.match(serveHelp.stdout, /^Usage: poolchaos serve --config <file>$/m);
    });

    it('prints the package version and exits 0', async () => {
      const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
      const run = await runToEnd(['--version']);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${version}\n`);
      assert.equal(run.stderr, '');
    });
  });

  describe('when a pool sets identity and the server runs as root', () => {
    it("runs the pool's workers as that user", async function () {
      if (process.getuid?.() !== 0) this.skip();
      const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
      const file = writeConfig(
        'identity.yaml',
        [
          'listen: { host: 127.0.0.1, port: 0 }',
          'admin: { host: 127.0.0.1, port: 0 }',
          'log: { level: warn }',
          'pools:',
          '  web:',
          '    startMode: AlwaysRunning',
          '    processModel: { shutdownTimeLimit: 5s }',
          '    identity: { user: nobody }',
          'apps:',
          '  - path: /',
          '    pool: web',
          `    module: ${MISBEHAVE}`,
          '',
        ].join('\n'),
      );
      running = runCli(['serve', '--config', file]);
      const { front, admin } = await listeningUrls(running);
      const [pid] = await readyWorkerPids(admin, 'web', 1);

      assert.deepEqual(procIds(pid!, 'Uid'), [uid, uid, uid, uid]);
      assert.deepEqual(procIds(pid!, 'Gid'), [gid, gid, gid, gid]);
      const served = await request(`${front}/`);
      assert.equal(served.status, 200);
      assert.equal((JSON.parse(served.body) as { pid: number }).pid, pid);

      running.child.kill('SIGTERM');
      const { code } = await running.exited;
      assert.equal(code, 0, running.stderr);
      assert.equal(isAlive(pid!), false);
    });

    it('exits 2 with ERR_CONFIG_IDENTITY_NO_ACCESS, naming the folder, when that user cannot reach an app module', async function () {
      if (process.getuid?.() !== 0) this.skip();
      // The test's own folder comes from mkdtemp: 0700, so nobody cannot enter it.
      const module = join(dir, 'hidden-handler.ts');
      writeFileSync(module, readFileSync(MISBEHAVE, 'utf8'));
      const file = writeConfig(
        'identity-hidden.yaml',
        [
          'pools:',
          '  web:',
          '    startMode: AlwaysRunning',
          '    identity: { user: nobody }',
          'apps:',
          '  - path: /',
          '    pool: web',
          `    module: ${module}`,
          '',
        ].join('\n'),
      );
      const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
      const run = await runToEnd(['serve', '--config', file]);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.ok(
        run.stderr.includes(
          `ERR_CONFIG_IDENTITY_NO_ACCESS: pool web runs its workers as uid ${String(nobody)}, which cannot enter the folder ${dir} (mode 700, owner 0:0)`,
        ),
        run.stderr,
      );
    });
  });
});
