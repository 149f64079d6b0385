/**
 * Runs one load plan with autocannon in this process and accounts for every request. This is the
 * body of the driver's child process (load-driver.ts forks it); it never runs in the caller's
 * process, because autocannon is CPU-bound and would compete with whatever the caller measures.
 *
 * The driver, not autocannon, decides when the load stops. At `durationMs` after the start it drains,
 * as k6's gracefulStop does: no client sends again, and the requests then in flight are waited for
 * until the last is answered or `timeoutMs` has passed (each request's own timeout ends it by then;
 * anything left after a short grace is counted as a timeout too). Then it stops the ledger and
 * destroys every client. So a run that ends by itself has no request in flight at stop and
 * sent = served + rejected + lost exactly. autocannon's own duration and timeout are set beyond the
 * run and never fire; its sampling interval is short only so that it finishes soon after the stop.
 */
import autocannon from 'autocannon';
import { instrumentClient, type InstrumentedClient } from './client-instrument.ts';
import type { LoadDrain, LoadPlan, LoadResult, LoadSecond } from './load-types.ts';
import { parseLoopbackBaseUrl } from './loopback-url.ts';
import { buildRequestBytes } from './request-bytes.ts';
import { RequestLedger } from './request-ledger.ts';

/** Seconds added to autocannon's own duration and timeout so that neither fires during the run. */
const AUTOCANNON_BACKSTOP_S = 60;
/** autocannon's sampling interval: it finishes at the first sample after all its clients are gone. */
const AUTOCANNON_SAMPLE_MS = 50;
/** How often the drain checks whether the requests in flight have all been answered. */
const DRAIN_POLL_MS = 5;
/**
 * Beyond `timeoutMs`, how long the drain waits for the per-request timers (late on a busy machine)
 * before it counts what is still in flight as timed out itself.
 */
export const DRAIN_GRACE_MS = 250;

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
    let drainTimer: NodeJS.Timeout | undefined;
    let drainSummary: LoadDrain | null = null;
    let secondTimer: NodeJS.Timeout | undefined;

    const emit = (seconds: readonly LoadSecond[]): void => seconds.forEach((second) => options.onSecond(second));
    const stop = (): void => {
      if (stoppedAtMs !== null) return;
      stoppedAtMs = nowMs();
      clearTimeout(stopTimer);
      clearTimeout(drainTimer);
      clearTimeout(secondTimer);
      emit(ledger.stop());
      for (const client of clients) client.destroy();
      instance?.stop();
    };
    const drain = (): void => {
      const drainStartedAtMs = nowMs();
      ledger.beginDrain(drainStartedAtMs);
      const deadlineMs = drainStartedAtMs + plan.timeoutMs + DRAIN_GRACE_MS;
      const check = (): void => {
        if (ledger.inFlight > 0 && nowMs() < deadlineMs) {
          drainTimer = setTimeout(check, DRAIN_POLL_MS);
          return;
        }
        ledger.timeOutInFlight(nowMs());
        drainSummary = ledger.drainSummary(nowMs());
        stop();
      };
      check();
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
        drain: drainSummary,
      });
    };
    // Timers may fire a little before the monotonic clock agrees; the load runs at least durationMs.
    const drainWhenDue = (): void => {
      const remainingMs = plan.durationMs - nowMs();
      if (remainingMs > 0) stopTimer = setTimeout(drainWhenDue, Math.ceil(remainingMs));
      else drain();
    };
    let stopTimer = setTimeout(drainWhenDue, plan.durationMs);
    secondTimer = setTimeout(tickSeconds, 1000);

    try {
      instance = autocannon(
        autocannonOptions(plan, base, (client) => {
          clients.push(
            instrumentClient(client, {
              clientId: clients.length,
              ledger,
              nowMs,
              timeoutMs: plan.timeoutMs,
              isKeepAlive: plan.isKeepAlive,
              requests: plan.requests,
              requestBytes,
              isSending: () => stoppedAtMs === null && !ledger.isDraining,
            }),
          );
        }),
        (error: Error | null) => finish(error),
      );
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
