import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { get, type ClientRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RESTART_REASONS } from '../../../server/index.ts';
import { request } from '../../helpers/http-client.ts';
import { startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

const CLI_PATH = fileURLToPath(new URL('../../../bin/poolchaos.js', import.meta.url));
const run = promisify(execFile);

const ZERO_RESTARTS = Object.fromEntries(RESTART_REASONS.map((reason) => [reason, 0]));
const ZERO_REJECTED = { QueueFull: 0, AppOffline: 0, Disabled: 0 };
const ZERO_LOST = { worker_died: 0, truncated: 0, timeout: 0 };

interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

function json<T>(body: string): T {
  return JSON.parse(body) as T;
}

/** Runs the real CLI as a child process (asynchronously: the admin API answers from this process). */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_PATH, ...args], { timeout: 15_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('admin API', () => {
  describe('on loopback without a token', () => {
    let test: TestServer;
    let stream: ClientRequest | null = null;

    beforeEach(async () => {
      test = await startTestServer({
        pools: { web: {}, always: { startMode: 'AlwaysRunning', queueLength: 50 } },
        apps: [
          { path: '/always', pool: 'always', module: 'misbehave.ts' },
          { path: '/', pool: 'web', module: 'misbehave.ts' },
        ],
      });
    });

    afterEach(async () => {
      stream?.destroy();
      stream = null;
      await test.stop();
    });

    it('answers GET /healthz', async () => {
      const outcome = await request(`${test.adminUrl}/healthz`);
      assert.equal(outcome.status, 200);
      assert.equal(outcome.headers['content-type'], 'application/json');
      assert.deepEqual(json(outcome.body), { status: 'ok' });
    });

    it('describes a fresh OnDemand pool exactly', async () => {
      const outcome = await request(`${test.adminUrl}/pools/web`);
      assert.equal(outcome.status, 200);
      assert.deepEqual(json(outcome.body), {
        name: 'web',
        state: 'Started',
        stopReason: null,
        startMode: 'OnDemand',
        maxProcesses: 1,
        queue: { length: 0, limit: 1000 },
        workers: [],
        restarts: ZERO_RESTARTS,
        rapidFail: { failuresInWindow: 0, maxCrashes: 5, intervalMs: 300_000, trips: 0 },
        requests: {
          accepted: 0,
          served: 0,
          rejected: ZERO_REJECTED,
          retried: 0,
          lost: ZERO_LOST,
          clientAborted: 0,
          queued: 0,
          inFlight: 0,
        },
        rejected: ZERO_REJECTED,
      });
    });

    it('lists every pool and shows workers with their figures', async () => {
      const ready = await waitForEvent(test, 'worker-ready', (e) => e.pool === 'always', 5_000);
      const { supervisor } = test.server.pools.get('always')!;
      await waitUntil(() => supervisor.workers[0]!.figures.rssBytes > 0, 5_000, 'first pong');
      assert.equal((await request(`${test.url}/always/x`)).status, 200);
      await waitUntil(() => test.server.pools.get('always')!.dispatcher.snapshot().served === 1, 5_000, 'served counted');

      const outcome = await request(`${test.adminUrl}/pools`);
      assert.equal(outcome.status, 200);
      const { pools } = json<{
        pools: {
          name: string;
          startMode: string;
          queue: { length: number; limit: number };
          workers: Record<string, unknown>[];
          requests: { accepted: number; served: number };
        }[];
      }>(outcome.body);
      assert.deepEqual(
        pools.map((p) => [p.name, p.startMode, p.queue, p.workers.length, p.requests.accepted, p.requests.served]),
        [
          ['web', 'OnDemand', { length: 0, limit: 1000 }, 0, 0, 0],
          ['always', 'AlwaysRunning', { length: 0, limit: 50 }, 1, 1, 1],
        ],
      );
      const worker = pools[1]!.workers[0]!;
      assert.deepEqual(Object.keys(worker).sort(), [
        'eventLoopDelayMs',
        'heapUsedBytes',
        'id',
        'outstandingRequests',
        'pid',
        'readyAt',
        'recycleReason',
        'requests',
        'rssBytes',
        'startedAt',
        'state',
        'virtualBytes',
      ]);
      assert.deepEqual(
        [worker['id'], worker['pid'], worker['state'], worker['requests'], worker['outstandingRequests'], worker['recycleReason']],
        [1, ready.pid, 'ready', 1, 0, null],
      );
      assert.equal(worker['startedAt'], new Date(supervisor.workers[0]!.startedAtMs).toISOString());
      assert.equal(worker['readyAt'], new Date(ready.time).toISOString());
      assert.equal(typeof worker['rssBytes'], 'number');
      assert.ok((worker['rssBytes'] as number) > 1024 * 1024, `rssBytes ${String(worker['rssBytes'])}`);
    });

    it('answers 404 ERR_POOL_NOT_FOUND, 405 ERR_ADMIN_METHOD_NOT_ALLOWED and 404 ERR_ADMIN_NOT_FOUND', async () => {
      const missingPool = await request(`${test.adminUrl}/pools/nope`);
      assert.equal(missingPool.status, 404);
      assert.deepEqual(json<ErrorBody>(missingPool.body), {
        error: { code: 'ERR_POOL_NOT_FOUND', message: 'no pool named nope (pools: web, always)' },
      });
      const missingPoolAction = await request(`${test.adminUrl}/pools/nope/stop`, { method: 'POST' });
      assert.equal(missingPoolAction.status, 404);
      assert.equal(json<ErrorBody>(missingPoolAction.body).error.code, 'ERR_POOL_NOT_FOUND');

      const wrongMethod = await request(`${test.adminUrl}/pools/web`, { method: 'DELETE' });
      assert.equal(wrongMethod.status, 405);
      assert.deepEqual(json<ErrorBody>(wrongMethod.body), {
        error: { code: 'ERR_ADMIN_METHOD_NOT_ALLOWED', message: 'DELETE is not allowed on /pools/web (allowed: GET)' },
      });
      const getOnAction = await request(`${test.adminUrl}/pools/web/stop`);
      assert.equal(getOnAction.status, 405);
      assert.equal(json<ErrorBody>(getOnAction.body).error.code, 'ERR_ADMIN_METHOD_NOT_ALLOWED');
      assert.equal(test.server.pools.get('web')!.supervisor.state, 'Started');

      const noRoute = await request(`${test.adminUrl}/nope`);
      assert.equal(noRoute.status, 404);
      assert.deepEqual(json<ErrorBody>(noRoute.body), {
        error: { code: 'ERR_ADMIN_NOT_FOUND', message: 'no admin route GET /nope' },
      });
    });

    it('streams events as NDJSON, including pool-stopped after POST stop', async () => {
      const lines: string[] = [];
      let contentType: string | undefined;
      await new Promise<void>((resolve, reject) => {
        stream = get(`${test.adminUrl}/events`, (res) => {
          contentType = res.headers['content-type'];
          let buffered = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffered += chunk;
            const parts = buffered.split('\n');
            buffered = parts.pop() ?? '';
            lines.push(...parts);
          });
          resolve();
        });
        stream.on('error', reject);
      });
      assert.equal(contentType, 'application/x-ndjson');

      const stopped = await request(`${test.adminUrl}/pools/web/stop`, { method: 'POST' });
      assert.equal(stopped.status, 200);
      assert.deepEqual(
        [json<{ state: string; stopReason: string }>(stopped.body).state, json<{ stopReason: string }>(stopped.body).stopReason],
        ['Stopped', 'Admin'],
      );

      // Other events (the always pool's worker-ready) may stream first: wait for the one asserted.
      await waitUntil(
        () => lines.some((line) => json<{ type: string }>(line).type === 'pool-stopped'),
        5_000,
        'a streamed pool-stopped event',
      );
      const events = lines.map((line) => json<{ type: string; pool: string; reason?: string; time: string }>(line));
      const poolStopped = events.filter((event) => event.type === 'pool-stopped');
      assert.equal(poolStopped.length, 1);
      assert.equal(poolStopped[0]!.pool, 'web');
      assert.equal(poolStopped[0]!.reason, 'Admin');
      assert.match(poolStopped[0]!.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });
  });

  describe('bound beyond loopback with a token', () => {
    let test: TestServer;
    let adminUrl: string;

    beforeEach(async () => {
      test = await startTestServer({
        admin: { host: '0.0.0.0', port: 0, token: 's3cret' },
        pools: { web: {} },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      adminUrl = `http://127.0.0.1:${test.server.admin.port}`;
    });

    afterEach(async () => test.stop());

    it('answers 401 without the right bearer token and 200 with it', async () => {
      const missing = await request(`${adminUrl}/pools`);
      assert.equal(missing.status, 401);
      assert.equal(missing.headers['www-authenticate'], 'Bearer');
      assert.deepEqual(json<ErrorBody>(missing.body), {
        error: { code: 'ERR_ADMIN_UNAUTHORIZED', message: 'missing or wrong bearer token' },
      });

      const wrong = await request(`${adminUrl}/pools`, { headers: { authorization: 'Bearer s3cre7' } });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers['www-authenticate'], 'Bearer');
      assert.equal(json<ErrorBody>(wrong.body).error.code, 'ERR_ADMIN_UNAUTHORIZED');

      const wrongScheme = await request(`${adminUrl}/healthz`, { headers: { authorization: 'Basic s3cret' } });
      assert.equal(wrongScheme.status, 401);

      const right = await request(`${adminUrl}/pools`, { headers: { authorization: 'Bearer s3cret' } });
      assert.equal(right.status, 200);
      assert.deepEqual(
        json<{ pools: { name: string }[] }>(right.body).pools.map((p) => p.name),
        ['web'],
      );
    });

    it('serves `poolchaos pool list` with the token and fails it with a wrong one', async () => {
      assert.equal((await request(`${test.url}/`)).status, 200);
      await waitUntil(() => test.server.pools.get('web')!.dispatcher.snapshot().served === 1, 5_000, 'served counted');

      const listed = await runCli(['pool', 'list', '--admin', adminUrl, '--token', 's3cret']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.equal(listed.stderr, '');
      assert.equal(
        listed.stdout,
        ['POOL  STATE    QUEUE   WORKERS  RESTARTS  REJECTED  LOST', 'web   Started  0/1000  1 ready  0         0         0', ''].join(
          '\n',
        ),
      );

      const refused = await runCli(['pool', 'list', '--admin', adminUrl, '--token', 'wrong']);
      assert.equal(refused.code, 1);
      assert.equal(refused.stdout, '');
      assert.equal(
        refused.stderr,
        'poolchaos pool: ERR_ADMIN_REQUEST_FAILED: the admin API answered 401: ERR_ADMIN_UNAUTHORIZED: missing or wrong bearer token\n',
      );
    });
  });
});
