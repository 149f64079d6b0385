/**
 * The nginx target: Debian nginx in the foreground (`daemon off`) proxying to 2 plain Node workers
 * (`unix-worker.ts`), each serving the hello module on its own Unix socket. nginx prints nothing when
 * ready, so readiness is a GET through it that reaches a worker.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { RunningTarget, TargetContext } from './target-context.ts';
import { waitForHello } from './http-probe.ts';
import { renderNginxConf } from './nginx-conf.ts';

const WORKER_COUNT = 2;
const NGINX_WORKER_PROCESSES = 2;
const UPSTREAM_KEEPALIVE = 64;
const START_TIMEOUT_MS = 10_000;

/** A loopback port that was free a moment ago (nginx cannot listen on port 0 and report it). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      server.close(() => (port === 0 ? reject(new Error('no free port')) : resolve(port)));
    });
  });
}

function errorLogTail(tempDir: string): string {
  try {
    return readFileSync(join(tempDir, 'error.log'), 'utf8').trim().split('\n').slice(-10).join('\n');
  } catch {
    return '(no error.log)';
  }
}

/**
 * Throws, naming the folder, when some folder on the way to `dir` has no execute bit for others: the
 * nginx workers (`nobody`) would then get EACCES on the sockets and nginx answer 502 "no live upstreams".
 */
export function assertTraversable(dir: string): void {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `${current} is not searchable by other users (mode ${(statSync(current).mode & 0o777).toString(8)}): nginx's workers could not reach the sockets under it`,
      );
    }
    if (dirname(current) === current) return;
  }
}

/** Starts the 2 Unix-socket workers, then nginx in front of them. */
export async function startNginx(context: TargetContext): Promise<RunningTarget> {
  if (context.nginxPath === null) throw new Error('nginx is not installed (run: node scripts/ensure-apt.ts nginx)');
  // nginx workers run as `nobody` when nginx starts as root: every folder from / to the sockets must
  // let them through. The run's temp root is opened up where it is made (run.ts); check the whole way.
  assertTraversable(context.tempDir);
  const workerScript = join(context.repoRoot, 'bench', 'dispatch', 'unix-worker.ts');
  const socketPaths = Array.from({ length: WORKER_COUNT }, (_, i) => join(context.tempDir, `worker-${String(i)}.sock`));
  const workers = socketPaths.map((socketPath, i) =>
    context.children.start(`unix-worker-${String(i)}`, context.nodePath, [workerScript, socketPath], { cwd: context.repoRoot }),
  );
  await Promise.all(workers.map((worker) => context.children.waitForLines(worker, [/^listening on unix:/], START_TIMEOUT_MS)));

  const port = await findFreePort();
  const confPath = join(context.tempDir, 'nginx.conf');
  const conf = renderNginxConf({
    tempDir: context.tempDir,
    port,
    upstreamSocketPaths: socketPaths,
    workerProcesses: NGINX_WORKER_PROCESSES,
    upstreamKeepalive: UPSTREAM_KEEPALIVE,
  });
  writeFileSync(confPath, conf);
  const nginxArgs = ['-p', `${context.tempDir}/`, '-e', join(context.tempDir, 'error.log'), '-c', confPath, '-g', 'daemon off;'];
  const nginx = context.children.start('nginx', context.nginxPath, nginxArgs);
  const url = `http://127.0.0.1:${String(port)}/`;
  const describeExit = (): string | null => (nginx.exit === null ? null : `nginx exited; see its output:\n${nginx.recentLines.join('\n')}`);
  try {
    await waitForHello(url, START_TIMEOUT_MS, describeExit);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nnginx error.log:\n${errorLogTail(context.tempDir)}`, {
      cause: error,
    });
  }
  return {
    url,
    details: {
      nginxPid: nginx.pid,
      workerPids: workers.map((worker) => worker.pid),
      nginxWorkerProcesses: NGINX_WORKER_PROCESSES,
      upstreamKeepalive: UPSTREAM_KEEPALIVE,
      command: [context.nginxPath, ...nginxArgs],
      nginxConf: conf,
    },
  };
}
