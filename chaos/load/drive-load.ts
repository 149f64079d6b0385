/**
 * Runs one load plan with autocannon in this process and accounts for every request. This is the
 * body of the driver's child process (load-driver.ts forks it); it never runs in the caller's
 * process, because autocannon is CPU-bound and would compete with whatever the caller measures.
 *
 * The driver, not autocannon, decides when the load stops: at `durationMs` after the start it stops
 * the ledger (so requests then in flight count as in flight at stop) and destroys every client, so
 * nothing is sent after the count closed. autocannon's own duration and timeout are set beyond the
 * run and never fire; its sampling interval is short only so that it finishes soon after the stop.
 * In closed loop every connection always has exactly one request outstanding, so `inFlightAtStop`
 * then equals the number of connections.
 */
import autocannon from 'autocannon';
import { instrumentClient, type InstrumentedClient } from './client-instrument.ts';
import type { LoadPlan, LoadResult, LoadSecond } from './load-types.ts';
import { parseLoopbackBaseUrl } from './loopback-url.ts';
import { buildRequestBytes } from './request-bytes.ts';
import { RequestLedger } from './request-ledger.ts';

/** Seconds added to autocannon's own duration and timeout so that neither fires during the run. */
const AUTOCANNON_BACKSTOP_S = 60;
/** autocannon's sampling interval: it finishes at the first sample after all its clients are gone. */
const AUTOCANNON_SAMPLE_MS = 50;

/** Callbacks of one in-process run. */
export interface DriveLoadOptions {
  /** Called once, as the first requests go out, with `startedAtMs` (epoch ms) of the result. */
  readonly onStart?: (startedAtMs: number) => void;
  /** Called once per second of the run, in order, as soon as that second is final. */
  readonly onSecond: (second: LoadSecond) => void;
}

/**
 * Runs `plan` (validated by the parent; the URL is checked again here) and resolves with the full
 * accounting once the load has stopped. Rejects, never throws.
 */
export function driveLoad(plan: LoadPlan, options: DriveLoadOptions): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    const base = parseLoopbackBaseUrl(plan.url);
    const requestBytes = plan.requests.map((spec) => buildRequestBytes(spec, base.host, plan.isKeepAlive));
    const ledger = new RequestLedger({ durationMs: plan.durationMs, timeoutMs: plan.timeoutMs });
    const clients: InstrumentedClient[] = [];
    const startedAtMs = Date.now();
    const originMs = performance.now();
    const nowMs = (): number => performance.now() - originMs;
    let instance: autocannon.Instance | undefined;
    let stoppedAtMs: number | null = null;
    let secondTimer: NodeJS.Timeout | undefined;

    const emit = (seconds: readonly LoadSecond[]): void => seconds.forEach((second) => options.onSecond(second));
    const stop = (): void => {
      if (stoppedAtMs !== null) return;
      stoppedAtMs = nowMs();
      clearTimeout(stopTimer);
      clearTimeout(secondTimer);
      emit(ledger.stop());
      for (const client of clients) client.destroy();
      instance?.stop();
    };
    const tickSeconds = (): void => {
      // One reading for both: a second must not end between closing seconds and picking the next tick.
      const atMs = nowMs();
      emit(ledger.closeSeconds(atMs));
      const nextBoundaryMs = (Math.floor(atMs / 1000) + 1) * 1000;
      secondTimer = setTimeout(tickSeconds, Math.max(1, nextBoundaryMs - nowMs()));
    };
    const finish = (error: Error | null): void => {
      stop();
      if (error !== null) return reject(error);
      resolve({
        startedAtMs,
        endedAtMs: startedAtMs + Math.round(stoppedAtMs ?? 0),
        counts: ledger.counts(),
        latency: ledger.latency(),
        timeline: ledger.timeline(),
      });
    };
    // Timers may fire a little before the monotonic clock agrees; the load runs at least durationMs.
    const stopWhenDue = (): void => {
      const remainingMs = plan.durationMs - nowMs();
      if (remainingMs > 0) stopTimer = setTimeout(stopWhenDue, Math.ceil(remainingMs));
      else stop();
    };
    let stopTimer = setTimeout(stopWhenDue, plan.durationMs);
    secondTimer = setTimeout(tickSeconds, 1000);

    try {
      instance = autocannon(autocannonOptions(plan, base, (client) => {
        clients.push(instrumentClient(client, {
          clientId: clients.length,
          ledger,
          nowMs,
          timeoutMs: plan.timeoutMs,
          isKeepAlive: plan.isKeepAlive,
          requests: plan.requests,
          requestBytes,
        }));
      }), (error: Error | null) => finish(error));
      if (stoppedAtMs === null) options.onStart?.(startedAtMs);
    } catch (error) {
      finish(error instanceof Error ? error : new Error('autocannon threw a non-Error', { cause: error }));
    }
  });
}

/** autocannon's options for `plan`; see the top of this file for why duration and timeout are long. */
function autocannonOptions(plan: LoadPlan, base: URL, setupClient: (client: autocannon.Client) => void): autocannon.Options {
  return {
    url: base.origin,
    connections: plan.connections,
    pipelining: 1,
    duration: plan.durationMs / 1000 + AUTOCANNON_BACKSTOP_S,
    timeout: Math.ceil((plan.durationMs + plan.timeoutMs) / 1000) + AUTOCANNON_BACKSTOP_S,
    sampleInt: AUTOCANNON_SAMPLE_MS,
    ...(plan.ratePerSecond === null ? {} : { overallRate: plan.ratePerSecond }),
    // Methods and paths are placeholders: instrumentClient replaces each request's bytes.
    requests: plan.requests.map((spec) => ({ method: 'GET' as const, path: spec.path })),
    skipAggregateResult: true,
    setupClient,
  };
}
