/**
 * The harness's client of the server's admin API: pool status, fault injection and the event stream.
 * Works against any poolchaos server, started by the harness or already running.
 */
import { request } from 'node:http';
import type { PoolStatus } from '../../server/index.ts';
import type { JournalEvent } from '../journal/journal.ts';

export interface AdminEndpoint {
  readonly url: string;
  readonly token: string | null;
}

/** An admin call that failed: its HTTP status (0 when unreachable) and the server's error code. */
export class AdminCallError extends Error {
  override readonly name = 'AdminCallError';
  readonly status: number;
  readonly code: string | null;

  constructor(message: string, status: number, code: string | null) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(endpoint: AdminEndpoint): Record<string, string> {
  return endpoint.token === null ? {} : { authorization: `Bearer ${endpoint.token}` };
}

async function call(endpoint: AdminEndpoint, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${endpoint.url}${path}`, {
      method,
      headers: { ...headers(endpoint), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new AdminCallError(`cannot reach the admin API at ${endpoint.url}: ${cause}`, 0, null);
  }
  const text = await response.text();
  const parsed = text === '' ? null : (JSON.parse(text) as { error?: { code: string; message: string } } | null);
  if (!response.ok) {
    const error = parsed?.error;
    throw new AdminCallError(error === undefined ? `${method} ${path} answered ${String(response.status)}` : `${error.code}: ${error.message}`, response.status, error?.code ?? null);
  }
  return parsed;
}

/** Every pool's status. */
export async function getPools(endpoint: AdminEndpoint): Promise<PoolStatus[]> {
  const body = (await call(endpoint, 'GET', '/pools')) as { pools: PoolStatus[] };
  return body.pools;
}

/** What `POST /chaos` answers. */
export interface InjectionAnswer {
  readonly faultId: number;
  readonly affected: readonly { readonly workerId: number; readonly pid: number }[];
  readonly injectedAtMs: number;
  readonly endsAtMs: number | null;
}

/** Injects one fault through `POST /chaos`. */
export async function injectFault(endpoint: AdminEndpoint, fault: Readonly<Record<string, unknown>>): Promise<InjectionAnswer> {
  return (await call(endpoint, 'POST', '/chaos', fault)) as InjectionAnswer;
}

/**
 * Follows `GET /events` (NDJSON) and hands each event to `onEvent` with `time` as epoch ms. Resolves
 * once the stream is open; the returned function closes it.
 */
export function followEvents(endpoint: AdminEndpoint, onEvent: (event: JournalEvent) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint.url}/events`, { headers: headers(endpoint) }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new AdminCallError(`GET /events answered ${String(res.statusCode)}`, res.statusCode ?? 0, null));
        return;
      }
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline !== -1) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          if (line !== '') {
            const event = JSON.parse(line) as JournalEvent & { time: string };
            onEvent({ ...event, time: Date.parse(event.time) });
          }
          newline = pending.indexOf('\n');
        }
      });
      res.on('error', () => {});
      resolve(() => req.destroy());
    });
    req.on('error', (error) => reject(new AdminCallError(`cannot follow ${endpoint.url}/events: ${error.message}`, 0, null)));
    req.end();
  });
}
