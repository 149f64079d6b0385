/**
 * Entry point of a worker process (the w3wp of this model). The supervisor forks it with its boot
 * settings in the environment; it loads the pool's handler modules, listens on its Unix socket, tells
 * the supervisor it is ready, answers health pings, and exits when told to drain.
 *
 * The worker does nothing clever on purpose: a handler that throws or rejects crashes the process, as a
 * failing ISAPI extension crashes w3wp, and the supervisor decides what happens next.
 */
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { IPC_PROTOCOL_VERSION, WORKER_BOOT_ENV, isSupervisorMessage, type WorkerBoot, type WorkerMessage } from '../ipc/protocol.ts';
import { findApp, type MountedApp } from '../apps/app-router.ts';
import { ChaosAgent } from './chaos-agent.ts';
import { loadHandler } from '../apps/load-handler.ts';
import { readVirtualBytes } from './memory-figures.ts';
import { WorkerTelemetry } from './worker-telemetry.ts';

const EXIT_BAD_BOOT = 78;
const EXIT_STARTUP_FAILED = 70;

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

/** Sends a last message and exits once the IPC channel has taken it. */
function sendThenExit(message: WorkerMessage, code: number): void {
  if (process.connected && process.send !== undefined) process.send(message, () => process.exit(code));
  else process.exit(code);
}

function readBoot(): WorkerBoot {
  const raw = process.env[WORKER_BOOT_ENV];
  if (raw === undefined) {
    process.stderr.write(`poolchaos worker: ${WORKER_BOOT_ENV} is not set; workers are started by the supervisor\n`);
    process.exit(EXIT_BAD_BOOT);
  }
  const boot = JSON.parse(raw) as WorkerBoot;
  if (boot.protocolVersion !== IPC_PROTOCOL_VERSION) {
    process.stderr.write(`poolchaos worker: protocol ${boot.protocolVersion} is not ${IPC_PROTOCOL_VERSION}\n`);
    process.exit(EXIT_BAD_BOOT);
  }
  return boot;
}

async function mountApps(boot: WorkerBoot): Promise<MountedApp[]> {
  const mounted: MountedApp[] = [];
  for (const app of boot.apps) mounted.push({ path: app.path, listener: await loadHandler(app.module) });
  return mounted;
}

async function main(): Promise<void> {
  const boot = readBoot();
  // The parent going away means nobody can dispatch to us or stop us: leave rather than linger.
  process.on('disconnect', () => process.exit(0));

  const agent = boot.isChaosEnabled
    ? new ChaosAgent({ exit: (code) => process.exit(code), abort: () => process.abort(), now: Date.now })
    : null;
  if (agent !== null) {
    // SIGTERM ends a worker the usual way; the ignore-shutdown fault makes it ignore that too.
    const onSigterm = (): void => {
      if (agent.isIgnoringShutdown) return;
      // End by the signal itself, as a worker without the agent would.
      process.off('SIGTERM', onSigterm);
      process.kill(process.pid, 'SIGTERM');
    };
    process.on('SIGTERM', onSigterm);
  }
  if (agent !== null && boot.startupFault?.kind === 'crash-loop') process.exit(boot.startupFault.exitCode);

  let apps: MountedApp[];
  try {
    apps = await mountApps(boot);
  } catch (error) {
    sendThenExit({ type: 'startup-failed', message: error instanceof Error ? error.message : String(error) }, EXIT_STARTUP_FAILED);
    return;
  }

  const telemetry = new WorkerTelemetry({
    pool: boot.pool,
    workerId: boot.workerId,
    isTracingEnabled: boot.isTracingEnabled,
    env: process.env,
  });
  const server = createServer(
    { keepAlive: true },
    telemetry.wrap((req, res) => {
      const app = findApp(apps, req.url ?? '/');
      if (app === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no app for this path\n');
        return;
      }
      if (agent === null) app.listener(req, res);
      else agent.handle(req, res, () => app.listener(req, res));
    }),
  );
  // The front owns timeouts; connections from it are long-lived and may carry slow requests.
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  server.headersTimeout = 0;

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  process.on('message', (message: unknown) => {
    if (!isSupervisorMessage(message)) return;
    switch (message.type) {
      case 'ping': {
        const memory = process.memoryUsage();
        send({
          type: 'pong',
          seq: message.seq,
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          virtualBytes: readVirtualBytes(),
          eventLoopDelayMs: Number.isNaN(loopDelay.mean) ? 0 : loopDelay.mean / 1e6,
        });
        loopDelay.reset();
        break;
      }
      case 'collect':
        send(telemetry.figures(message.seq));
        break;
      case 'drain':
        if (agent?.isIgnoringShutdown === true) break;
        // The front sends drain only once nothing is outstanding here, so closing everything is safe.
        server.close(() => void telemetry.flush().then(() => process.exit(0)));
        server.closeAllConnections();
        break;
      case 'chaos':
        agent?.apply(message);
        break;
    }
  });

  rmSync(boot.socketPath, { force: true });
  const startDelayMs = agent !== null && boot.startupFault?.kind === 'slow-start' ? boot.startupFault.delayMs : 0;
  server.listen(boot.socketPath, () => {
    if (startDelayMs === 0) send({ type: 'ready', pid: process.pid });
    else setTimeout(() => send({ type: 'ready', pid: process.pid }), startDelayMs);
  });
}

await main();
