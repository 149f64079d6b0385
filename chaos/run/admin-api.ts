/**
 * What the harness asks of the server's admin API: pool status, fault injection and the event stream,
 * through the server's own admin client. Works against any poolchaos server, started by the harness
 * or already running.
 */
import { callAdmin, openEventStream, type AdminEndpoint, type PoolStatus } from '../../server/index.ts';
import type { JournalEvent } from '../journal/journal.ts';

export type { AdminEndpoint };

/** Every pool's status. */
export async function getPools(endpoint: AdminEndpoint): Promise<PoolStatus[]> {
  const body = (await callAdmin(endpoint, 'GET', '/pools')) as { pools: PoolStatus[] };
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
  return (await callAdmin(endpoint, 'POST', '/chaos', fault)) as InjectionAnswer;
}

/**
 * Follows `GET /events` and hands each event to `onEvent` with `time` as epoch ms. Resolves once the
 * stream is open; the returned function closes it.
 */
export async function followEvents(endpoint: AdminEndpoint, onEvent: (event: JournalEvent) => void): Promise<() => void> {
  const stream = await openEventStream(endpoint, (line) => {
    const event = JSON.parse(line) as JournalEvent & { time: string };
    onEvent({ ...event, time: Date.parse(event.time) });
  });
  // A stream cut short by the server's exit is not the run's failure; the run notices that elsewhere.
  stream.ended.catch(() => {});
  return () => stream.close();
}
