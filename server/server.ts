/**
 * Puts the reference pooled server together: one dispatcher and one supervisor per pool, in-process
 * apps, the front listener, the admin API and the supervisor's clock. `startServer` resolves once both
 * listeners are bound and every pool is started; `stop` drains gracefully.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerConfig } from './config/settings.ts';
import { serverError } from './errors.ts';
import { EventBus, type ServerEventListener } from './events.ts';
import { FrontServer, sortRoutes, type FrontRoute } from './front/front-server.ts';
import { PoolDispatcher } from './front/pool-dispatcher.ts';
import { createAdminServer, type AdminPool } from './admin/admin-server.ts';
import { PoolSupervisor } from './supervisor/pool-supervisor.ts';
import { FaultInjector } from './supervisor/fault-injector.ts';
import { findAccessProblem } from './supervisor/identity-access.ts';
import { resolveIdentity, type ResolvedIdentity } from './supervisor/resolve-identity.ts';
import { runHook as realRunHook, type RunHook } from './supervisor/run-hook.ts';
import { WORKER_MAIN_PATH, forkWorker, type SpawnWorker } from './supervisor/spawn-worker.ts';
import { loadHandler } from './apps/load-handler.ts';
import { createLogger, logEvents, type Logger } from './telemetry/logger.ts';
import { ServerTelemetry } from './telemetry/server-telemetry.ts';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

/** Seams for tests; every one defaults to the real thing. */
export interface StartServerOptions {
  readonly logger?: Logger;
  readonly spawn?: SpawnWorker;
  readonly runHook?: RunHook;
  readonly now?: () => number;
  readonly random?: () => number;
  /** How often the supervisors check health, recycling and timeouts. */
  readonly tickIntervalMs?: number;
  /** Subscribed before any pool starts, so it also sees `pool-started` and the first spawns. */
  readonly onEvent?: ServerEventListener;
  /** Replaces the span exporter the OTEL_* variables would choose (tests pass an in-memory one). */
  readonly spanExporter?: SpanExporter;
  /** How long a /metrics scrape waits for each worker's figures. */
  readonly collectTimeoutMs?: number;
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

/** A started server. */
export interface RunningServer {
  readonly front: ListenAddress;
  readonly admin: ListenAddress;
  readonly events: EventBus;
  readonly pools: ReadonlyMap<string, AdminPool>;
  /**
   * Stops: closes the front's listener at once (new connections are refused from the moment this is
   * called), serves what was accepted with `Connection: close`, waits for queued and in-flight
   * requests (at most the longest shutdownTimeLimit), closes idle connections, drains the workers and
   * exits them. See front-server.ts for the edge.
   */
  stop(): Promise<void>;
}

/** Default supervisor tick: fine enough for sub-second test timings, cheap at any load. */
export const DEFAULT_TICK_INTERVAL_MS = 100;

function listen(server: Server, host: string, port: number): Promise<ListenAddress> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(serverError('ERR_FRONT_LISTEN', [host, port, error.message], { cause: error })));
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ host: address.address, port: address.port, url: `http://${urlHost}:${address.port}` });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) resolve();
    else server.close(() => resolve());
  });
}

/** Starts the server described by `config`. */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  // Identities first: a pool whose workers could not start fails before anything is created.
  const identities = new Map(
    Object.values(config.pools).map((settings) => {
      const identity = resolveIdentity(settings.name, settings.identity, process.getuid?.() ?? -1);
      assertIdentityReaches(settings.name, identity, config);
      return [settings.name, identity] as const;
    }),
  );
  const logger = options.logger ?? createLogger(config.log.level);
  const now = options.now ?? Date.now;
  const events = new EventBus((error) => logger.error({ err: error }, 'event listener failed'));
  const stopLogging = logEvents(events, logger);
  if (options.onEvent !== undefined) events.subscribe(options.onEvent);
  const runtimeDir = mkdtempSync(join(tmpdir(), 'poolchaos-'));
  // Pool users (identity) must reach their own socket folder through this one.
  chmodSync(runtimeDir, 0o711);

  const pools = new Map<string, AdminPool>();
  const telemetry = new ServerTelemetry({
    settings: config.telemetry,
    events,
    pools,
    env: process.env,
    ...(options.spanExporter === undefined ? {} : { spanExporter: options.spanExporter }),
    ...(options.collectTimeoutMs === undefined ? {} : { collectTimeoutMs: options.collectTimeoutMs }),
  });
  const routes: FrontRoute[] = [];
  let poolIndex = 0;
  for (const settings of Object.values(config.pools)) {
    const identity = identities.get(settings.name) as ResolvedIdentity;
    const socketDir = join(runtimeDir, String(poolIndex++));
    mkdirSync(socketDir, { mode: 0o700 });
    if (identity.uid !== null || identity.gid !== null) chownSync(socketDir, identity.uid ?? 0, identity.gid ?? 0);
    const dispatcher = new PoolDispatcher({
      settings,
      limits: config.limits,
      events,
      now,
      observer: telemetry.requestObserver(settings.name),
    });
    const apps = config.apps
      .filter((app) => !app.inProcess && app.pool === settings.name)
      .map((app) => ({ path: app.path, module: app.module }))
      .sort((a, b) => b.path.length - a.path.length);
    const supervisor = new PoolSupervisor({
      settings,
      apps,
      isChaosEnabled: config.chaos.enabled,
      isTracingEnabled: telemetry.isTracingEnabled,
      onPingAnswered: telemetry.pingObserver(settings.name),
      front: dispatcher,
      events,
      spawn: options.spawn ?? forkWorker,
      runHook: options.runHook ?? realRunHook,
      now,
      random: options.random ?? Math.random,
      socketDir,
      uid: identity.uid,
      gid: identity.gid,
    });
    dispatcher.attach(supervisor);
    pools.set(settings.name, { supervisor, dispatcher });
  }
  for (const app of config.apps) {
    if (app.inProcess) {
      routes.push({ path: app.path, kind: 'in-process', listener: await loadHandler(app.module) });
    } else {
      routes.push({ path: app.path, kind: 'pool', dispatcher: (pools.get(app.pool ?? '') as AdminPool).dispatcher });
    }
  }

  const front = new FrontServer(sortRoutes(routes), config.limits);
  const chaos = config.chaos.enabled
    ? new FaultInjector({ pools: new Map([...pools].map(([name, pool]) => [name, pool.supervisor])), events, now })
    : null;
  const adminServer = createAdminServer({
    pools,
    events,
    token: config.admin.token,
    chaos,
    metrics: telemetry.isMetricsEnabled ? (req, res) => telemetry.serveMetrics(req, res) : null,
  });
  // Pools start before the front listens, so the first request never meets a pool that is not started.
  for (const pool of pools.values()) pool.supervisor.start('server_started');
  let frontAddress: ListenAddress;
  let admin: ListenAddress;
  try {
    frontAddress = await listen(front.server, config.listen.host, config.listen.port);
    admin = await listen(adminServer, config.admin.host, config.admin.port);
  } catch (error) {
    await front.stopAccepting();
    for (const pool of pools.values()) pool.supervisor.killAll();
    await Promise.all([...pools.values()].map((pool) => pool.supervisor.shutdown()));
    rmSync(runtimeDir, { recursive: true, force: true });
    await telemetry.shutdown();
    stopLogging();
    throw error;
  }

  const ticker = setInterval(() => {
    for (const pool of pools.values()) pool.supervisor.tick();
  }, options.tickIntervalMs ?? DEFAULT_TICK_INTERVAL_MS);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    // Everything up to the first await runs now, so the listener is closed when stop() returns.
    stopping ??= (async () => {
      const closed = front.stopAccepting();
      for (const pool of pools.values()) pool.dispatcher.beginDrain();
      chaos?.dispose();
      await waitForRequests(pools, config);
      front.closeIdleConnections();
      await Promise.all([...pools.values()].map((pool) => pool.supervisor.shutdown()));
      clearInterval(ticker);
      front.closeAllConnections();
      adminServer.closeAllConnections();
      await Promise.all([closed, closeServer(adminServer)]);
      rmSync(runtimeDir, { recursive: true, force: true });
      await telemetry.shutdown();
      stopLogging();
    })();
    return stopping;
  };
  return { front: frontAddress, admin, events, pools, stop };
}

/** Throws ERR_CONFIG_IDENTITY_NO_ACCESS when the pool's identity could not start a worker: Node, the worker entry or an app module out of its reach. */
function assertIdentityReaches(pool: string, identity: ResolvedIdentity, config: ServerConfig): void {
  if (identity.uid === null && identity.gid === null) return;
  const modules = config.apps
    .filter((app) => !app.inProcess && app.pool === pool)
    .map((app) => ({ path: app.module, need: 'read' as const }));
  const needs = [{ path: process.execPath, need: 'execute' as const }, { path: WORKER_MAIN_PATH, need: 'read' as const }, ...modules];
  const uid = identity.uid ?? process.getuid?.() ?? 0;
  const problem = findAccessProblem(needs, { uid, gids: identity.gids });
  if (problem !== null) throw serverError('ERR_CONFIG_IDENTITY_NO_ACCESS', [pool, uid, problem]);
}

/** Waits (at most the longest shutdownTimeLimit) until no pool has queued or in-flight requests. */
async function waitForRequests(pools: ReadonlyMap<string, AdminPool>, config: ServerConfig): Promise<void> {
  const limitMs = Math.max(0, ...Object.values(config.pools).map((pool) => pool.processModel.shutdownTimeLimitMs));
  const deadline = Date.now() + limitMs;
  const isBusy = (): boolean =>
    [...pools.values()].some((pool) => {
      const snapshot = pool.dispatcher.snapshot();
      return snapshot.queued > 0 || snapshot.inFlight > 0;
    });
  while (isBusy() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
