/**
 * A plain node:http client for tests that must tell a response from a reset exactly: every call
 * resolves to a status and body, or to the socket error code (ECONNRESET, socket hang up, ...).
 */
import { Agent, request as httpRequest } from 'node:http';

export interface HttpOutcome {
  readonly status: number | null;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The socket error code when no complete response arrived. */
  readonly error: string | null;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly agent?: Agent | false;
  readonly timeoutMs?: number;
}

export function request(url: string, options: RequestOptions = {}): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false, timeout: options.timeoutMs ?? 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers, error: null }),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ status: null, body: '', headers: {}, error: error.code ?? error.message }),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: null, body: '', headers: {}, error: error.code ?? error.message }));
    req.end(options.body);
  });
}

/** A keep-alive agent with `connections` sockets, as a load driver would use. */
export function keepAliveAgent(connections: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: connections });
}

/** Counts of outcomes: statuses by code and errors by code. */
export function tally(outcomes: readonly HttpOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = outcome.error === null ? String(outcome.status) : outcome.error;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Runs `connections` loops that each send requests back to back until `durationMs` has passed,
 * over keep-alive connections. Returns every outcome.
 */
export async function runClosedLoop(
  connections: number,
  durationMs: number,
  makeUrl: (loop: number, iteration: number) => string,
  agent: Agent = keepAliveAgent(connections),
): Promise<HttpOutcome[]> {
  const outcomes: HttpOutcome[] = [];
  const deadline = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async (_, loop) => {
      for (let iteration = 0; Date.now() < deadline; iteration++) {
        outcomes.push(await request(makeUrl(loop, iteration), { agent }));
      }
    }),
  );
  agent.destroy();
  return outcomes;
}
