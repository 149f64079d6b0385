/**
 * Readiness probes for benchmark targets: single loopback HTTP GETs without connection reuse
 * (`agent: false`), so no probe connection lingers into the measurement.
 */
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const PROBE_INTERVAL_MS = 100;

/** A probe's answer. */
export interface ProbeResponse {
  readonly status: number;
  readonly body: string;
}

/** One GET; rejects on connection errors or after `timeoutMs`. */
export function httpGet(url: string, timeoutMs = 2_000): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out after ${String(timeoutMs)} ms`)));
    request.on('error', reject);
  });
}

/**
 * Calls `check` every 100 ms until it returns a non-null value, and resolves with it. `check` may
 * throw while the target is still starting; the last failure is quoted when `timeoutMs` runs out.
 * `abortIf` lets the caller stop early (for example when the server process has exited).
 */
export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | null>,
  abortIf: () => string | null = () => null,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem: string;
  for (;;) {
    const abortReason = abortIf();
    if (abortReason !== null) throw new Error(`${what}: ${abortReason}`);
    try {
      const value = await check();
      if (value !== null) return value;
      lastProblem = 'not ready yet';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`${what}: not ready within ${String(timeoutMs)} ms (last: ${lastProblem})`);
    await sleep(PROBE_INTERVAL_MS);
  }
}

/** Waits until `url` answers 200 `hello world\n`, proving the whole path to the handler works. */
export async function waitForHello(url: string, timeoutMs: number, abortIf?: () => string | null): Promise<void> {
  await pollUntil(
    `GET ${url}`,
    timeoutMs,
    async () => {
      const response = await httpGet(url);
      if (response.status === 200 && response.body === 'hello world\n') return true;
      throw new Error(`answered ${String(response.status)} ${JSON.stringify(response.body.slice(0, 80))}`);
    },
    abortIf,
  );
}
