/**
 * The poolchaos target: `node bin/poolchaos.js serve --config <generated yaml>` with one pool of 2
 * workers started eagerly (AlwaysRunning). Ready when `serve` has printed its front and admin URLs,
 * the admin API lists 2 workers in state `ready` for the pool, and a GET through the front answers.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RunningTarget, TargetContext } from './targets.ts';
import { httpGet, pollUntil, waitForHello } from './http-probe.ts';

const POOL_NAME = 'bench';
const WORKER_COUNT = 2;
const START_TIMEOUT_MS = 20_000;
const FRONT_LINE = /front listening on (http:\/\/[^\s/]+)/;
const ADMIN_LINE = /admin listening on (http:\/\/[^\s/]+)/;

/** The server config the benchmark runs poolchaos with (file format of `serve --config`). */
export function renderPoolchaosConfig(helloModulePath: string): string {
  return stringify({
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    log: { level: 'warn' },
    pools: { [POOL_NAME]: { maxProcesses: WORKER_COUNT, startMode: 'AlwaysRunning' } },
    apps: [{ path: '/', pool: POOL_NAME, module: helloModulePath }],
  });
}

interface PoolStatus {
  readonly workers: readonly { readonly state?: unknown; readonly pid?: unknown }[];
}

function isPoolStatus(value: unknown): value is PoolStatus {
  return typeof value === 'object' && value !== null && Array.isArray((value as { workers?: unknown }).workers);
}

/** Resolves with the pool status once `GET /pools/bench` lists 2 ready workers. */
async function waitForReadyWorkers(adminOrigin: string, abortIf: () => string | null): Promise<PoolStatus> {
  const url = `${adminOrigin}/pools/${POOL_NAME}`;
  return pollUntil(
    `poolchaos pool ${POOL_NAME} (${url})`,
    START_TIMEOUT_MS,
    async () => {
      const response = await httpGet(url);
      if (response.status !== 200) throw new Error(`GET ${url} answered ${String(response.status)} ${response.body.slice(0, 200)}`);
      const status: unknown = JSON.parse(response.body);
      if (!isPoolStatus(status)) throw new Error(`GET ${url}: no "workers" array in ${response.body.slice(0, 200)}`);
      const readyCount = status.workers.filter((worker) => worker.state === 'ready').length;
      return readyCount === WORKER_COUNT && status.workers.length === WORKER_COUNT ? status : null;
    },
    abortIf,
  );
}

/** Starts `poolchaos serve` with the generated config and waits for its 2 workers. */
export async function startPoolchaos(context: TargetContext): Promise<RunningTarget> {
  const binPath = join(context.repoRoot, 'bin', 'poolchaos.js');
  if (!existsSync(binPath)) {
    throw new Error('bin/poolchaos.js does not exist yet, so `poolchaos serve` cannot be benchmarked; the other targets still run');
  }
  const config = renderPoolchaosConfig(context.helloModulePath);
  const configPath = join(context.tempDir, 'poolchaos.yaml');
  writeFileSync(configPath, config);
  const args = [binPath, 'serve', '--config', configPath];
  const child = context.children.start('poolchaos', context.nodePath, args, { cwd: context.repoRoot });
  const [front, admin] = await context.children.waitForLines(child, [FRONT_LINE, ADMIN_LINE], START_TIMEOUT_MS);
  const frontOrigin = front?.[1];
  const adminOrigin = admin?.[1];
  if (frontOrigin === undefined || adminOrigin === undefined) throw new Error('poolchaos: listening lines without URLs');
  context.progress(`front ${frontOrigin}, admin ${adminOrigin}; waiting for ${String(WORKER_COUNT)} ready workers`);
  const abortIf = (): string | null =>
    child.exit === null ? null : `poolchaos exited while starting; last output:\n${child.recentLines.slice(-15).join('\n')}`;
  const status = await waitForReadyWorkers(adminOrigin, abortIf);
  const url = `${frontOrigin}/`;
  await waitForHello(url, START_TIMEOUT_MS, abortIf);
  return {
    url,
    details: {
      pid: child.pid,
      adminUrl: adminOrigin,
      workerPids: status.workers.map((worker) => worker.pid ?? null),
      command: [context.nodePath, ...args],
      config,
    },
  };
}
