/**
 * The admin API (the appcmd/WAS control surface over HTTP). Loopback by default; when a token is set,
 * every request must carry `Authorization: Bearer <token>` (config load refuses a non-loopback address
 * without one). Errors are JSON `{ error: { code, message } }` with codes from the server catalogue.
 *
 *   GET  /healthz                 liveness of the front
 *   GET  /pools                   every pool's status
 *   GET  /pools/:name             one pool's status
 *   POST /pools/:name/recycle     overlapped recycle of every worker (reason OnDemand)
 *   POST /pools/:name/start       start a stopped pool (clears rapid-fail)
 *   POST /pools/:name/stop        stop a pool (503 Disabled until started)
 *   GET  /events                  NDJSON stream of every event (SSE with Accept: text/event-stream)
 *   POST /chaos                   inject a fault (JSON body, faults/fault-kinds.ts); only when
 *                                 chaos.enabled, 404 ERR_CHAOS_DISABLED otherwise
 *   GET  /metrics                 Prometheus text format (telemetry.metrics, on by default;
 *                                 404 ERR_METRICS_DISABLED otherwise)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { PoolchaosError, serverError } from '../errors.ts';
import type { EventBus } from '../events.ts';
import type { PoolDispatcher } from '../front/pool-dispatcher.ts';
import type { PoolSupervisor } from '../supervisor/pool-supervisor.ts';
import type { FaultInjector } from '../supervisor/fault-injector.ts';
import { parseFaultRequest } from '../../faults/index.ts';
import { describePool } from './pool-status.ts';

/** A pool as the admin API reaches it. */
export interface AdminPool {
  readonly supervisor: PoolSupervisor;
  readonly dispatcher: PoolDispatcher;
}

export interface AdminServerOptions {
  readonly pools: ReadonlyMap<string, AdminPool>;
  readonly events: EventBus;
  readonly token: string | null;
  /** The chaos endpoint's injector; null when chaos is not enabled. */
  readonly chaos: FaultInjector | null;
  /** Serves /metrics; null when metrics are not enabled. */
  readonly metrics: ((req: IncomingMessage, res: ServerResponse) => void) | null;
}

/** Largest admin request body read (a fault request is a few hundred bytes). */
const MAX_BODY_BYTES = 64 * 1024;

/** Seconds between keep-alive comments on an idle SSE stream. */
const SSE_HEARTBEAT_MS = 15_000;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function sendError(res: ServerResponse, error: PoolchaosError): void {
  if (error.httpStatus === 401) res.setHeader('www-authenticate', 'Bearer');
  sendJson(res, error.httpStatus, { error: { code: error.code, message: error.message } });
}

function isAuthorized(req: IncomingMessage, token: string | null): boolean {
  if (token === null) return true;
  const header = req.headers.authorization ?? '';
  const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function streamEvents(req: IncomingMessage, res: ServerResponse, events: EventBus): void {
  const isSse = (req.headers.accept ?? '').includes('text/event-stream');
  res.writeHead(200, {
    'content-type': isSse ? 'text/event-stream' : 'application/x-ndjson',
    'cache-control': 'no-cache',
  });
  res.flushHeaders();
  const unsubscribe = events.subscribe((event) => {
    const line = JSON.stringify({ ...event, time: new Date(event.time).toISOString() });
    res.write(isSse ? `event: ${event.type}\ndata: ${line}\n\n` : `${line}\n`);
  });
  const heartbeat = isSse ? setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS) : null;
  res.on('close', () => {
    unsubscribe();
    if (heartbeat !== null) clearInterval(heartbeat);
  });
}

function handlePoolAction(res: ServerResponse, pool: AdminPool, action: string): void {
  const { supervisor, dispatcher } = pool;
  switch (action) {
    case 'recycle':
      if (supervisor.state === 'Stopped') throw serverError('ERR_POOL_STOPPED', [supervisor.name]);
      supervisor.recycleAll('OnDemand');
      break;
    case 'start':
      supervisor.start('admin');
      break;
    case 'stop':
      supervisor.stop('Admin');
      break;
  }
  sendJson(res, 200, describePool(supervisor, dispatcher));
}

function handleChaos(res: ServerResponse, chaos: FaultInjector | null, body: string): void {
  if (chaos === null) throw serverError('ERR_CHAOS_DISABLED', []);
  let value: unknown;
  try {
    value = JSON.parse(body === '' ? 'null' : body);
  } catch (error) {
    throw serverError('ERR_CHAOS_INVALID', [`(body): not JSON: ${(error as Error).message}`]);
  }
  const parsed = parseFaultRequest(value);
  if (!parsed.ok) throw serverError('ERR_CHAOS_INVALID', [parsed.issues.join('\n')]);
  const injection = chaos.inject(parsed.request);
  sendJson(res, 200, {
    ...injection,
    injectedAt: new Date(injection.injectedAtMs).toISOString(),
    endsAt: injection.endsAtMs === null ? null : new Date(injection.endsAtMs).toISOString(),
  });
}

function route(req: IncomingMessage, res: ServerResponse, options: AdminServerOptions, body: string): void {
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://admin').pathname;
  const segments = path.split('/').filter((segment) => segment !== '');
  const allow = (allowed: string): void => {
    if (!allowed.split(', ').includes(method)) {
      throw serverError('ERR_ADMIN_METHOD_NOT_ALLOWED', [method, path, allowed]);
    }
  };
  const findPool = (name: string): AdminPool => {
    const pool = options.pools.get(decodeURIComponent(name));
    if (pool === undefined) throw serverError('ERR_POOL_NOT_FOUND', [name, [...options.pools.keys()].join(', ')]);
    return pool;
  };

  if (path === '/healthz') {
    allow('GET');
    sendJson(res, 200, { status: 'ok' });
  } else if (path === '/events') {
    allow('GET');
    streamEvents(req, res, options.events);
  } else if (segments[0] === 'pools' && segments.length === 1) {
    allow('GET');
    sendJson(res, 200, { pools: [...options.pools.values()].map((pool) => describePool(pool.supervisor, pool.dispatcher)) });
  } else if (segments[0] === 'pools' && segments.length === 2) {
    allow('GET');
    const pool = findPool(segments[1] as string);
    sendJson(res, 200, describePool(pool.supervisor, pool.dispatcher));
  } else if (segments[0] === 'pools' && segments.length === 3 && ['recycle', 'start', 'stop'].includes(segments[2] as string)) {
    allow('POST');
    handlePoolAction(res, findPool(segments[1] as string), segments[2] as string);
  } else if (path === '/metrics') {
    if (options.metrics === null) throw serverError('ERR_METRICS_DISABLED', []);
    allow('GET');
    options.metrics(req, res);
  } else if (path === '/chaos') {
    if (options.chaos === null) throw serverError('ERR_CHAOS_DISABLED', []);
    allow('POST');
    handleChaos(res, options.chaos, body);
  } else {
    throw serverError('ERR_ADMIN_NOT_FOUND', [method, path]);
  }
}

/** Creates the admin HTTP server (not yet listening). */
export function createAdminServer(options: AdminServerOptions): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        if (!isAuthorized(req, options.token)) throw serverError('ERR_ADMIN_UNAUTHORIZED', []);
        if (size > MAX_BODY_BYTES) throw serverError('ERR_CHAOS_INVALID', [`(body): larger than ${String(MAX_BODY_BYTES)} bytes`]);
        route(req, res, options, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        sendError(res, error instanceof PoolchaosError ? error : serverError('ERR_ADMIN_INTERNAL', [String(error)]));
      }
    });
  });
}
