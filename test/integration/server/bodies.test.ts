import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { keepAliveAgent, request, type HttpOutcome } from '../../helpers/http-client.ts';
import { startTestServer, waitUntil, type TestServer } from '../../helpers/test-server.ts';

/** What misbehave.ts answers with. */
interface FixtureAnswer {
  readonly pid: number;
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

function parse(outcome: HttpOutcome): FixtureAnswer {
  assert.equal(outcome.error, null, `a response, not ${outcome.error}`);
  return JSON.parse(outcome.body) as FixtureAnswer;
}

/** A deterministic ASCII body in which a lost, repeated or reordered piece changes the digest. */
function makeBody(bytes: number): string {
  let text = '';
  for (let line = 0; text.length < bytes; line++) text += `line ${String(line).padStart(8, '0')} of the body\n`;
  return text.slice(0, bytes);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('front', () => {
  let test: TestServer;
  afterEach(async () => test.stop());

  describe('when requests carry bodies and headers', () => {
    beforeEach(async () => {
      test = await startTestServer({
        pools: { web: { maxProcesses: 1, startMode: 'AlwaysRunning', processModel: { shutdownTimeLimit: '2s' } } },
        apps: [
          { path: '/', pool: 'web', module: 'misbehave.ts' },
          { path: '/hop', pool: 'web', module: 'hop-by-hop-response.ts' },
          { path: '/local', module: 'misbehave.ts', inProcess: true },
        ],
      });
      const { supervisor } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', 10_000, 'a ready worker');
    });

    it('forwards a small body with its content-length and echoes it back', async () => {
      const answer = parse(await request(`${test.url}/?echo=1`, { method: 'POST', body: 'hello, poolchaos' }));
      assert.equal(answer.method, 'POST');
      assert.equal(answer.body, 'hello, poolchaos');
      assert.equal(answer.headers['content-length'], '16');
      assert.equal(answer.headers['transfer-encoding'], undefined);
      assert.equal(answer.pid, test.server.pools.get('web')!.supervisor.workers[0]!.pid);
    });

    it('streams a 3 MB chunked body to the worker intact', async () => {
      const body = makeBody(3 * 1024 * 1024);
      const outcome = await request(`${test.url}/?echo=1`, {
        method: 'POST',
        headers: { 'transfer-encoding': 'chunked' },
        body,
      });
      assert.equal(outcome.status, 200);
      const answer = parse(outcome);
      assert.equal(answer.headers['transfer-encoding'], 'chunked');
      assert.equal(answer.headers['content-length'], undefined);
      assert.equal(answer.body?.length, body.length);
      assert.equal(sha256(answer.body ?? ''), sha256(body));
    });

    it('streams a 2 MB content-length body (above retry.maxBufferedBody) to the worker intact', async () => {
      const body = makeBody(2 * 1024 * 1024);
      const outcome = await request(`${test.url}/?echo=1`, { method: 'POST', body });
      assert.equal(outcome.status, 200);
      const answer = parse(outcome);
      assert.equal(answer.headers['content-length'], String(body.length));
      assert.equal(sha256(answer.body ?? ''), sha256(body));
    });

    it('keeps hop-by-hop request headers from the worker, passes the others, and adds X-Forwarded-*', async () => {
      const answer = parse(
        await request(`${test.url}/?headers=1`, {
          headers: {
            connection: 'keep-alive, x-custom',
            'x-custom': '1',
            'keep-alive': 'timeout=30',
            te: 'trailers',
            upgrade: 'h2c',
            'proxy-connection': 'keep-alive',
            'proxy-authorization': 'Basic Zm9vOmJhcg==',
            'x-normal': 'yes',
            'x-forwarded-for': '10.1.2.3',
            'x-forwarded-proto': 'https',
            'x-forwarded-host': 'spoofed.example',
          },
        }),
      );
      const host = new URL(test.url).host;
      assert.deepEqual(answer.headers, {
        host,
        'x-normal': 'yes',
        'x-forwarded-for': '10.1.2.3, 127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': host,
        connection: 'keep-alive',
      });
    });

    it("keeps the worker's hop-by-hop response headers from the client", async () => {
      const agent = keepAliveAgent(1);
      const outcome = await request(`${test.url}/hop`, { agent });
      agent.destroy();
      assert.equal(outcome.status, 200);
      assert.equal(outcome.headers['x-end-to-end'], 'kept');
      for (const name of ['x-worker-hop', 'proxy-authenticate', 'upgrade']) {
        assert.equal(outcome.headers[name], undefined, `${name} reached the client`);
      }
      // The front speaks for its own connection with the client.
      assert.equal(outcome.headers.connection, 'keep-alive');
      assert.equal(outcome.headers['keep-alive'], 'timeout=5');
    });

    it('answers an inProcess app from the front process itself', async () => {
      const { supervisor } = test.server.pools.get('web')!;
      const answer = parse(await request(`${test.url}/local?n=1`));
      assert.equal(answer.pid, process.pid);
      assert.equal(answer.url, '/local?n=1');
      assert.equal(supervisor.workers[0]!.requestsDispatched, 0);
    });
  });

  describe('when a body is larger than limits.maxAllowedContentLength', () => {
    beforeEach(async () => {
      test = await startTestServer({
        limits: { maxAllowedContentLength: 1000 },
        pools: { web: { maxProcesses: 1, startMode: 'AlwaysRunning', processModel: { shutdownTimeLimit: '2s' } } },
        apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
      });
      const { supervisor } = test.server.pools.get('web')!;
      await waitUntil(() => supervisor.workers[0]?.state === 'ready', 10_000, 'a ready worker');
    });

    it('answers 413 for a declared content-length over the limit without bothering the worker', async () => {
      const { supervisor, dispatcher } = test.server.pools.get('web')!;
      const refused = await request(`${test.url}/?echo=1`, { method: 'POST', body: makeBody(1001) });
      assert.equal(refused.status, 413);
      assert.equal(refused.body, 'request body too large\n');
      assert.equal(supervisor.workers[0]!.requestsDispatched, 0);

      const atLimit = parse(await request(`${test.url}/?echo=1`, { method: 'POST', body: makeBody(1000) }));
      assert.equal(atLimit.body, makeBody(1000));
      assert.equal(supervisor.workers[0]!.requestsDispatched, 1);
      const counts = dispatcher.snapshot();
      assert.equal(counts.accepted, 2);
      assert.equal(counts.served, 2);
    });

    it('answers 413 once a chunked body passes the limit', async () => {
      const { dispatcher } = test.server.pools.get('web')!;
      const refused = await request(`${test.url}/?echo=1`, {
        method: 'POST',
        headers: { 'transfer-encoding': 'chunked' },
        body: makeBody(5000),
      });
      assert.equal(refused.status, 413);
      assert.equal(refused.body, 'request body too large\n');
      await waitUntil(() => dispatcher.snapshot().inFlight === 0, 2_000, 'nothing in flight');
      const counts = dispatcher.snapshot();
      assert.equal(counts.served, 1);
      assert.deepEqual(counts.lost, { worker_died: 0, truncated: 0, timeout: 0 });
    });
  });
});
