/**
 * Starts a real pooled server (real worker processes) on loopback port 0 for an integration test, with
 * logging off and every event recorded. Call `stop()` in afterEach: it drains and reaps every worker.
 */
import { fileURLToPath } from 'node:url';
import { parseConfig, startServer, type RunningServer, type ServerEvent, type StartServerOptions } from '../../server/index.ts';

export const FIXTURE_APPS_DIR = fileURLToPath(new URL('../fixtures/apps/', import.meta.url));

/** How often the test server's supervisors tick (health, recycling, idle and timeout checks). */
export const TICK_INTERVAL_MS = 25;

/**
 * The longest one worker may take from spawn to ready on a loaded 2-core CI machine: a whole Node boot,
 * since worker-main statically imports the OTel SDK. Journals show 0.5–1.1 s per boot under load, so
 * this is about 4× the worst seen. A wait that spans n serial boots waits n × this; a setting that must
 * outlast a plain boot (startupTimeLimit, a slow-start delay that must stand out) is at least this.
 */
export const BOOT_BUDGET_MS = 5_000;

/**
 * How late the test may see something past the moment its settings make it due. Client, front and
 * supervisor all run in the mocha process, so this covers one supervisor tick ({@link TICK_INTERVAL_MS}),
 * the IPC and loopback round trips, and event-loop stalls of this process on a loaded machine. An upper
 * bound is written `setting + LAG_SLACK_MS`; a ping limit that must not trip spuriously in a test that
 * asserts exact events is above it.
 */
export const LAG_SLACK_MS = 2_000;

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly adminUrl: string;
  /** Every event so far, in order. */
  readonly events: ServerEvent[];
  stop(): Promise<void>;
}

/**
 * Builds a config from a plain object in the file format (apps' modules relative to test/fixtures/apps).
 * `options` adds server seams (a span exporter, a collect timeout) to the test defaults.
 */
export async function startTestServer(raw: Record<string, unknown>, options: StartServerOptions = {}): Promise<TestServer> {
  const config = parseConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      admin: { host: '127.0.0.1', port: 0 },
      log: { level: 'silent' },
      ...raw,
    },
    { file: null, baseDir: FIXTURE_APPS_DIR },
  );
  // Subscribed before the pools start: AlwaysRunning spawns happen inside startServer.
  const events: ServerEvent[] = [];
  const server = await startServer(config, { tickIntervalMs: TICK_INTERVAL_MS, ...options, onEvent: (event) => events.push(event) });
  let stopped: Promise<void> | null = null;
  return {
    server,
    url: server.front.url,
    adminUrl: server.admin.url,
    events,
    stop: () => (stopped ??= server.stop()),
  };
}

/** Events of one type, optionally of one pool. */
export function eventsOf<T extends ServerEvent['type']>(
  events: readonly ServerEvent[],
  type: T,
  pool?: string,
): Extract<ServerEvent, { type: T }>[] {
  return events.filter(
    (event): event is Extract<ServerEvent, { type: T }> => event.type === type && (pool === undefined || event.pool === pool),
  );
}

/** Resolves with the first event (already recorded or future) that matches, or rejects after `timeoutMs`. */
export async function waitForEvent<T extends ServerEvent['type']>(
  test: TestServer,
  type: T,
  predicate: (event: Extract<ServerEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Extract<ServerEvent, { type: T }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = eventsOf(test.events, type).find(predicate);
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`no ${type} event within ${timeoutMs} ms; saw: ${test.events.map((e) => e.type).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until `condition` holds, polling every 10 ms. */
export async function waitUntil(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
