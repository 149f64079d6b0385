/**
 * The Node cluster target: `node bench/dispatch/cluster-server.ts [--workers 2] [--port N]`. The
 * primary forks the workers; each serves the hello module on the same 127.0.0.1 port (the primary
 * accepts and hands connections round-robin, Node's default on Linux). Prints
 * `listening on http://127.0.0.1:PORT` once every worker listens; SIGTERM stops the workers and the
 * primary. A worker that dies during the benchmark is not replaced: that would hide a fault.
 */
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { listenHello, parsePortArg } from './hello-server.ts';

function parseWorkerCount(argv: readonly string[]): number {
  const index = argv.indexOf('--workers');
  if (index === -1) return 2;
  const count = Number(argv[index + 1]);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--workers needs a positive integer, got ${String(argv[index + 1])}`);
  return count;
}

function runPrimary(argv: readonly string[]): void {
  const workerCount = parseWorkerCount(argv);
  const workers: Worker[] = [];
  const ports = new Set<number>();
  let listeningCount = 0;
  let isStopping = false;
  cluster.on('listening', (_worker, address) => {
    ports.add(address.port);
    listeningCount += 1;
    if (listeningCount === workerCount) console.log(`listening on http://127.0.0.1:${[...ports].join(',')}`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!isStopping) console.error(`cluster worker ${String(worker.process.pid)} exited (${String(signal ?? code)})`);
    if (workers.every((w) => w.isDead())) process.exit(isStopping ? 0 : 1);
  });
  process.once('SIGTERM', () => {
    isStopping = true;
    for (const worker of workers) worker.process.kill('SIGTERM');
  });
  const portArg = String(parsePortArg(argv));
  for (let i = 0; i < workerCount; i += 1) workers.push(cluster.fork({ BENCH_CLUSTER_PORT: portArg }));
}

async function runWorker(): Promise<void> {
  // Port 0 in every worker yields one shared random port: the primary owns the listening socket.
  await listenHello({ host: '127.0.0.1', port: Number(process.env['BENCH_CLUSTER_PORT'] ?? '0') });
}

if (import.meta.main) {
  if (cluster.isPrimary) runPrimary(process.argv.slice(2));
  else await runWorker();
}
