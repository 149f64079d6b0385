/**
 * The request ledger: the load driver's accounting. The client instrumentation reports what happens
 * on each autocannon client (a numbered connection slot) and the ledger decides what it counts as.
 *
 * Invariants (pinned by test/unit/chaos/load/request-ledger.test.ts):
 * - Every request sent is resolved exactly once: served, rejected, lost (by reason) or, when the run
 *   stops first, in flight at stop. So sent = served + rejected + lost + inFlightAtStop, where before
 *   the stop `inFlightAtStop` reads as the requests in flight now.
 * - A client's requests are answered in the order sent (HTTP/1.1 on one connection). A connection
 *   loss resolves every request the client still has in flight; the oldest is `truncated` when bytes
 *   of its response had arrived before the close. With pipelining 1 there is at most one.
 * - Times are ms since load start on a monotonic clock. A request counts as sent in the second it was
 *   sent; its outcome and latency count in the second the outcome was seen. Seconds run from 0 to
 *   ceil(durationMs / 1000) - 1; events after the last second's end (between the duration's end and
 *   the stop) count in the last second. A closed second never changes: an event stamped before the
 *   first open second counts in the first open second.
 * - Latencies: served and rejected responses, from send to the response's last byte; timeouts at
 *   max(elapsed, timeoutMs). Resets, eofs and truncations record none.
 * - The drain: at the duration's end the driver stops sending (`beginDrain`) and waits for the
 *   requests then in flight. Their outcomes count as usual and also in the drain's summary; any still
 *   unanswered when the wait ends are lost as timeouts (`timeOutInFlight`), so after a drain
 *   `inFlightAtStop` is 0 and sent = served + rejected + lost exactly.
 * - After `stop` every report is ignored.
 */
import { CountTally } from './count-tally.ts';
import { LatencyRecorder } from './latency-recorder.ts';
import type { ClientCounts, ClientLostReason, LatencySummary, LoadDrain, LoadSecond } from './load-types.ts';
import type { ResponseOutcome } from './response-outcome.ts';

/** Why a connection stopped carrying requests, as the client instrumentation saw it. */
export type ConnectionLoss = 'socket-error' | 'socket-end' | 'parse-error' | 'timeout';

/** The lost reason for requests on a connection that ended with `loss`. */
export function lostReasonFor(loss: ConnectionLoss, hasResponseBytes: boolean): ClientLostReason {
  switch (loss) {
    case 'socket-error':
      return 'reset';
    case 'socket-end':
      return hasResponseBytes ? 'truncated' : 'eof';
    case 'parse-error':
      return 'truncated';
    case 'timeout':
      return 'timeout';
  }
}

/** What the ledger needs from the plan. */
export interface RequestLedgerSettings {
  readonly durationMs: number;
  readonly timeoutMs: number;
}

interface InFlightRequest {
  readonly sentAtMs: number;
  hasResponseBytes: boolean;
}

interface DrainState {
  readonly startedAtMs: number;
  readonly inFlightAtEnd: number;
  readonly tally: CountTally;
}

interface OpenSecond {
  readonly tally: CountTally;
  readonly latency: LatencyRecorder;
}

/** The accounting for one run; see the invariants at the top of this file. */
export class RequestLedger {
  readonly #timeoutMs: number;
  readonly #lastSecond: number;
  readonly #inFlight = new Map<number, InFlightRequest[]>();
  readonly #run = new CountTally();
  readonly #runLatency = new LatencyRecorder();
  readonly #openSeconds = new Map<number, OpenSecond>();
  readonly #closedSeconds: LoadSecond[] = [];
  #inFlightAtStop: number | null = null;
  #inFlightCount = 0;
  #drain: DrainState | null = null;

  constructor(settings: RequestLedgerSettings) {
    this.#timeoutMs = settings.timeoutMs;
    this.#lastSecond = Math.max(0, Math.ceil(settings.durationMs / 1000) - 1);
  }

  /** Whether `stop` has been called. */
  get isStopped(): boolean {
    return this.#inFlightAtStop !== null;
  }

  /** Client `clientId` handed a request to its connection at `atMs`. */
  requestSent(clientId: number, atMs: number): void {
    if (this.isStopped) return;
    const queue = this.#inFlight.get(clientId) ?? [];
    queue.push({ sentAtMs: atMs, hasResponseBytes: false });
    this.#inFlight.set(clientId, queue);
    this.#inFlightCount++;
    this.#run.addSent();
    this.#secondAt(atMs).tally.addSent();
  }

  /** Bytes arrived on the client's connection while a request was in flight (its response began). */
  responseBytesArrived(clientId: number): void {
    const oldest = this.#inFlight.get(clientId)?.[0];
    if (oldest !== undefined && !this.isStopped) oldest.hasResponseBytes = true;
  }

  /** The response to the client's oldest request in flight completed at `atMs`. Ignored when none is. */
  responseCompleted(clientId: number, outcome: ResponseOutcome, atMs: number): void {
    const request = this.isStopped ? undefined : this.#inFlight.get(clientId)?.shift();
    if (request === undefined) return;
    this.#inFlightCount--;
    this.#run.addOutcome(outcome);
    this.#drain?.tally.addOutcome(outcome);
    const second = this.#secondAt(atMs);
    second.tally.addOutcome(outcome);
    this.#recordLatency(second, atMs - request.sentAtMs);
  }

  /** The client's connection was lost at `atMs`; every request it had in flight is lost. */
  connectionLost(clientId: number, loss: ConnectionLoss, atMs: number): void {
    const queue = this.isStopped ? undefined : this.#inFlight.get(clientId);
    if (queue === undefined || queue.length === 0) return;
    const second = this.#secondAt(atMs);
    queue.forEach((request, index) => {
      const reason = lostReasonFor(loss, index === 0 && request.hasResponseBytes);
      this.#run.addLost(reason);
      second.tally.addLost(reason);
      this.#drain?.tally.addLost(reason);
      if (reason === 'timeout') this.#recordLatency(second, Math.max(atMs - request.sentAtMs, this.#timeoutMs));
    });
    this.#inFlightCount -= queue.length;
    this.#inFlight.set(clientId, []);
  }

  /** Whether `beginDrain` has been called. */
  get isDraining(): boolean {
    return this.#drain !== null;
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.#inFlightCount;
  }

  /** The duration ended at `atMs`: nothing more is sent, and what is in flight now is drained. */
  beginDrain(atMs: number): void {
    if (this.isStopped || this.#drain !== null) return;
    this.#drain = { startedAtMs: atMs, inFlightAtEnd: this.#inFlightCount, tally: new CountTally() };
  }

  /** The drain's wait is over at `atMs`: every request still in flight is lost as a timeout. */
  timeOutInFlight(atMs: number): void {
    for (const clientId of [...this.#inFlight.keys()]) this.connectionLost(clientId, 'timeout', atMs);
  }

  /** What the drain saw up to `atMs`, or null when none began. */
  drainSummary(atMs: number): LoadDrain | null {
    if (this.#drain === null) return null;
    const { served, rejected, lostByReason } = this.#drain.tally.snapshot();
    return {
      inFlightAtEnd: this.#drain.inFlightAtEnd,
      waitedMs: Math.max(0, atMs - this.#drain.startedAtMs),
      served,
      rejected,
      lostByReason,
    };
  }

  /** Ms until the client's oldest request in flight times out (<= 0: it has), or null when idle. */
  msUntilTimeout(clientId: number, atMs: number): number | null {
    const oldest = this.isStopped ? undefined : this.#inFlight.get(clientId)?.[0];
    return oldest === undefined ? null : oldest.sentAtMs + this.#timeoutMs - atMs;
  }

  /** Closes every second that ended at or before `atMs`, except the last, and returns them in order. */
  closeSeconds(atMs: number): LoadSecond[] {
    const closed: LoadSecond[] = [];
    while (this.#firstOpenSecond < this.#lastSecond && (this.#firstOpenSecond + 1) * 1000 <= atMs) {
      closed.push(this.#closeFirstOpenSecond());
    }
    return closed;
  }

  /** Stops the count: requests in flight become `inFlightAtStop`; returns the seconds this closes. */
  stop(): LoadSecond[] {
    if (this.isStopped) return [];
    this.#inFlightAtStop = this.#inFlightCount;
    this.#inFlight.clear();
    const closed: LoadSecond[] = [];
    while (this.#firstOpenSecond <= this.#lastSecond) closed.push(this.#closeFirstOpenSecond());
    return closed;
  }

  /** Totals so far; before the stop, `inFlightAtStop` is the number in flight now. */
  counts(): ClientCounts {
    return { ...this.#run.snapshot(), inFlightAtStop: this.#inFlightAtStop ?? this.#inFlightCount };
  }

  /** Whole-run latency summary so far. */
  latency(): LatencySummary {
    return this.#runLatency.summary();
  }

  /** The seconds closed so far, in order (all of them once stopped). */
  timeline(): readonly LoadSecond[] {
    return [...this.#closedSeconds];
  }

  get #firstOpenSecond(): number {
    return this.#closedSeconds.length;
  }

  #secondAt(atMs: number): OpenSecond {
    const index = Math.min(Math.max(Math.floor(atMs / 1000), this.#firstOpenSecond), this.#lastSecond);
    let second = this.#openSeconds.get(index);
    if (second === undefined) {
      second = { tally: new CountTally(), latency: new LatencyRecorder() };
      this.#openSeconds.set(index, second);
    }
    return second;
  }

  #recordLatency(second: OpenSecond, latencyMs: number): void {
    second.latency.recordMs(latencyMs);
    this.#runLatency.recordMs(latencyMs);
  }

  #closeFirstOpenSecond(): LoadSecond {
    const index = this.#firstOpenSecond;
    const open = this.#openSeconds.get(index) ?? { tally: new CountTally(), latency: new LatencyRecorder() };
    this.#openSeconds.delete(index);
    const row: LoadSecond = { second: index, ...open.tally.snapshot(), latency: open.latency.summary() };
    this.#closedSeconds.push(row);
    return row;
  }
}
