/**
 * A real Prometheus (Debian's, on a free loopback port) scrapes a real server through a short chaos
 * run; then every query of every committed dashboard (panels, annotations, variables), with the
 * template variables filled in, must return data, the annotation queries must return the injected
 * faults, restarts and rapid-fail trip, and the rapid-fail alert must fire.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'node:http';
import { dashboardQueries, fillTemplateVariables, type DashboardQuery } from '../../../dashboards/src/index.ts';
import { ensureAptPackages } from '../../../scripts/ensure-apt.ts';
import { request, type HttpOutcome } from '../../helpers/http-client.ts';
import { startTestServer, waitForEvent, waitUntil, type TestServer } from '../../helpers/test-server.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const RULES_FILE = join(REPO, 'deploy/prometheus/rules/poolchaos.rules.yml');
const DASHBOARD_DIR = join(REPO, 'dashboards');
const TEMPLATE_VALUES = { rateInterval: '5s', interval: '2s', range: '2m', pool: '.*', worker_id: '.*' };

interface PromResult {
  readonly metric: Readonly<Record<string, string>>;
  readonly values?: readonly (readonly [number, string])[];
}

interface PromAnswer {
  readonly status: string;
  readonly error?: string;
  readonly data: { readonly result: readonly PromResult[] };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

class PrometheusProcess {
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #output: string[] = [];

  constructor(binary: string, folder: string, port: number, targetHostPort: string) {
    this.url = `http://127.0.0.1:${String(port)}`;
    const configFile = join(folder, 'prometheus.yml');
    writeFileSync(
      configFile,
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: ['${RULES_FILE}']`,
        'scrape_configs:',
        '  - job_name: poolchaos',
        `    static_configs: [{ targets: ['${targetHostPort}'] }]`,
        '',
      ].join('\n'),
    );
    this.#child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(folder, 'data')}`,
        `--web.listen-address=127.0.0.1:${String(port)}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const stream of [this.#child.stdout, this.#child.stderr])
      stream?.on('data', (chunk: Buffer) => this.#output.push(chunk.toString()));
  }

  get output(): string {
    return this.#output.join('').slice(-2000);
  }

  async waitReady(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.#child.exitCode !== null) throw new Error(`prometheus exited ${String(this.#child.exitCode)}:\n${this.output}`);
      if ((await request(`${this.url}/-/ready`, { timeoutMs: 1_000 })).status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`prometheus did not become ready:\n${this.output}`);
  }

  /** Waits until a scrape of the server has been stored. */
  async waitScraped(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const answer = await this.query('/api/v1/query', { query: 'up{job="poolchaos"} == 1' });
      if (answer.status === 'success' && answer.data.result.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`prometheus stored no successful scrape of the server:\n${this.output}`);
  }

  async query(path: string, params: Record<string, string>): Promise<PromAnswer> {
    const outcome: HttpOutcome = await request(`${this.url}${path}?${new URLSearchParams(params).toString()}`);
    return JSON.parse(outcome.body) as PromAnswer;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
        resolve();
        return;
      }
      this.#child.once('exit', () => resolve());
      this.#child.kill('SIGTERM');
    });
  }
}

function loadDashboards(): unknown[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as unknown);
}

async function inject(test: TestServer, body: Record<string, unknown>): Promise<void> {
  const outcome = await request(`${test.adminUrl}/chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(outcome.status, 200, outcome.body);
}

/** Keep-alive traffic at both pools until `stop` is called; returns how many requests were sent. */
function driveTraffic(test: TestServer): { stop: () => Promise<number> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  let isRunning = true;
  let sent = 0;
  const loops = Array.from({ length: 6 }, async (_, i) => {
    while (isRunning) {
      await request(`${test.url}${i % 3 === 2 ? '/fragile/' : '/'}?n=${String(sent++)}`, { agent, timeoutMs: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  return {
    stop: async () => {
      isRunning = false;
      await Promise.all(loops);
      agent.destroy();
      return sent;
    },
  };
}

describe('dashboards against a real Prometheus', function () {
  this.timeout(120_000);
  let test: TestServer | null = null;
  let prometheus: PrometheusProcess | null = null;
  let folder: string | null = null;
  let queries: DashboardQuery[] = [];
  let startSec = 0;
  let endSec = 0;

  before(async () => {
    const binary = ensureAptPackages([{ binary: 'prometheus', packageName: 'prometheus' }]).get('prometheus') as string;
    folder = mkdtempSync(join(tmpdir(), 'poolchaos-prometheus-'));
    test = await startTestServer({
      chaos: { enabled: true },
      pools: {
        web: {
          maxProcesses: 2,
          startMode: 'AlwaysRunning',
          processModel: { pingInterval: 200, pingResponseTime: 1000, shutdownTimeLimit: 1000 },
        },
        fragile: {
          maxProcesses: 1,
          startMode: 'AlwaysRunning',
          processModel: { pingInterval: 200, shutdownTimeLimit: 1000 },
          failure: { rapidFailProtectionMaxCrashes: 2 },
        },
      },
      apps: [
        { path: '/', pool: 'web', module: 'misbehave.ts' },
        { path: '/fragile', pool: 'fragile', module: 'misbehave.ts' },
      ],
    });
    prometheus = new PrometheusProcess(binary, folder, await freePort(), `127.0.0.1:${String(test.server.admin.port)}`);
    await prometheus.waitReady();
    startSec = Math.floor(Date.now() / 1000);
    const traffic = driveTraffic(test);
    await prometheus.waitScraped();
    // A few scrapes of the steady state, so every counter has a value from before the first fault.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await inject(test, { kind: 'leak', pool: 'web', worker: 'oldest', params: { rateBytesPerSecond: 8_000_000 }, durationMs: 4_000 });
    await inject(test, { kind: 'crash', pool: 'web', worker: 'newest' });
    await inject(test, { kind: 'slow-responses', pool: 'web', worker: 'all', params: { delayMs: 50, share: 0.5 }, durationMs: 3_000 });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await inject(test, { kind: 'freeze', pool: 'web', worker: 'oldest', durationMs: 5_000 });
    // Two crashes in the fragile pool's window trip rapid-fail protection.
    await inject(test, { kind: 'crash-loop', pool: 'fragile', params: { count: 2 } });
    await inject(test, { kind: 'crash', pool: 'fragile' });
    await waitForEvent(test, 'rapid-fail-tripped', (event) => event.pool === 'fragile', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const sent = await traffic.stop();
    assert.ok(sent > 100, `traffic ran (${String(sent)} requests)`);
    // Two more scrapes after the last event.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    endSec = Math.ceil(Date.now() / 1000);
    queries = loadDashboards().flatMap((dashboard) => dashboardQueries(dashboard));
  });

  after(async () => {
    await test?.stop();
    await prometheus?.stop();
    if (folder !== null) rmSync(folder, { recursive: true, force: true });
  });

  it('has queries from all four dashboards', () => {
    assert.deepEqual([...new Set(queries.map((query) => query.dashboard))].sort(), [
      'poolchaos-chaos-resilience',
      'poolchaos-front-runtime',
      'poolchaos-pool-overview',
      'poolchaos-workers',
    ]);
  });

  it('returns data for every panel, annotation and variable query', async () => {
    const empty: string[] = [];
    for (const query of queries) {
      const expr = fillTemplateVariables(query.expr, TEMPLATE_VALUES);
      const answer = await prometheus!.query('/api/v1/query_range', {
        query: expr,
        start: String(startSec),
        end: String(endSec),
        step: '1',
      });
      assert.equal(answer.status, 'success', `${query.dashboard} ${query.panelTitle} ${query.refId}: ${answer.error ?? ''}\n${expr}`);
      if (answer.data.result.length === 0) empty.push(`${query.dashboard} / ${query.kind} "${query.panelTitle}" ${query.refId}: ${expr}`);
    }
    assert.deepEqual(empty, []);
  });

  it('returns the injected faults, the restarts and the rapid-fail trip from the annotation queries', async () => {
    const labelsOf = async (name: RegExp): Promise<Record<string, string>[]> => {
      const annotationQueries = queries.filter((query) => query.kind === 'annotation' && name.test(query.panelTitle));
      assert.ok(annotationQueries.length > 0, `an annotation matching ${String(name)}`);
      const labels: Record<string, string>[] = [];
      for (const query of annotationQueries) {
        const expr = fillTemplateVariables(query.expr, TEMPLATE_VALUES);
        const answer = await prometheus!.query('/api/v1/query_range', {
          query: expr,
          start: String(startSec),
          end: String(endSec),
          step: '1',
        });
        labels.push(...answer.data.result.map((series) => series.metric));
      }
      return labels;
    };
    const chaosKinds = new Set((await labelsOf(/chaos/i)).map((labels) => `${labels['pool'] ?? ''}/${labels['kind'] ?? ''}`));
    for (const expected of ['web/leak', 'web/crash', 'web/slow-responses', 'web/freeze', 'fragile/crash-loop', 'fragile/crash']) {
      assert.ok(chaosKinds.has(expected), `chaos annotation for ${expected} (got ${[...chaosKinds].join(', ')})`);
    }
    const restartReasons = new Set((await labelsOf(/restart/i)).map((labels) => `${labels['pool'] ?? ''}/${labels['reason'] ?? ''}`));
    assert.ok(restartReasons.has('web/crash'), `restart annotation web/crash (got ${[...restartReasons].join(', ')})`);
    assert.ok(restartReasons.has('web/ping_timeout'), `restart annotation web/ping_timeout (got ${[...restartReasons].join(', ')})`);
    const trips = (await labelsOf(/rapid/i)).map((labels) => labels['pool']);
    assert.ok(trips.includes('fragile'), `rapid-fail annotation for fragile (got ${trips.join(', ')})`);
  });

  it('fires PoolchaosRapidFailProtectionTripped for the tripped pool only', async () => {
    let firing: string[] = [];
    await waitUntil(
      () => {
        void prometheus!
          .query('/api/v1/query', { query: 'ALERTS{alertname="PoolchaosRapidFailProtectionTripped",alertstate="firing"}' })
          .then((answer) => (firing = answer.data.result.map((series) => series.metric['pool'] ?? '')));
        return firing.length > 0;
      },
      10_000,
      'the rapid-fail alert firing',
    );
    assert.deepEqual(firing, ['fragile']);
  });
});
