/**
 * What the load driver is asked to do and what it reports. The driver runs autocannon (or k6) in a
 * child process of its own and accounts for every request it sends:
 *
 *   sent = served + rejected + lost + inFlightAtStop
 *
 * At the end of the duration the driver stops sending and waits for the requests in flight, up to
 * `timeoutMs` (as k6's gracefulStop does); those still unanswered then are timeouts. So after a run
 * that ends by itself `inFlightAtStop` is 0; only a run cut short (aborted) leaves requests in flight.
 *
 * served: a complete response that is not a front rejection (any status the app chose);
 * rejected: a 503 carrying the front's `x-poolchaos-reject` header;
 * lost: reset (ECONNRESET and other socket errors), eof (the server closed the connection with the
 * request unanswered), truncated (the connection ended inside a response), timeout (no complete
 * response within `timeoutMs`; the timeout counts in the latency figures at its full length).
 */

/** The load generators: autocannon in a Node child process (runLoad), or the built bin/k6 (runK6Load). */
export const LOAD_TOOLS = ['autocannon', 'k6'] as const;

/** A load generator's name. */
export type LoadTool = (typeof LOAD_TOOLS)[number];

/** k6 thresholds: metric or sub-metric (`http_req_duration{status:200}`) to its expressions (`p(99)<800`). */
export type K6Thresholds = Readonly<Record<string, readonly string[]>>;

/** How a k6-driven run ended. k6 exits 99 when a threshold was crossed; the counts are complete then. */
export interface K6RunOutcome {
  readonly exitCode: number;
  readonly thresholdsFailed: boolean;
  /** Each crossed threshold as `metric: expression`, sorted; empty when none was. */
  readonly failedThresholds: readonly string[];
}

/** One request shape the driver sends, in turn. */
export interface LoadRequestSpec {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export interface LoadPlan {
  /** Base URL of the front, e.g. `http://127.0.0.1:8080`. Loopback only. */
  readonly url: string;
  readonly connections: number;
  /** Requests per second over all connections, or null for closed-loop as fast as answers come. */
  readonly ratePerSecond: number | null;
  readonly durationMs: number;
  /** Per-request timeout. */
  readonly timeoutMs: number;
  readonly isKeepAlive: boolean;
  readonly requests: readonly LoadRequestSpec[];
}

export type ClientLostReason = 'reset' | 'eof' | 'truncated' | 'timeout';

export interface ClientCounts {
  readonly sent: number;
  readonly served: number;
  readonly rejected: number;
  readonly lost: number;
  readonly inFlightAtStop: number;
  /** Served responses by status code, e.g. {"200": 950, "500": 50}. */
  readonly servedByStatus: Readonly<Record<string, number>>;
  /** Rejections by the reason in the front's header, e.g. {"QueueFull": 3}. */
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly lostByReason: Readonly<Record<ClientLostReason, number>>;
}

export interface LatencySummary {
  /** Number of recorded latencies: every served and rejected response, plus every timeout. */
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** One second of the run; `second` 0 starts when the load starts. */
export interface LoadSecond extends Omit<ClientCounts, 'inFlightAtStop'> {
  readonly second: number;
  readonly latency: LatencySummary;
}

/**
 * How the load ended: at the duration's end the driver stopped sending and waited for the requests
 * then in flight. `served + rejected + lost` of the drain equals `inFlightAtEnd`.
 */
export interface LoadDrain {
  /** Requests in flight when the duration ended. */
  readonly inFlightAtEnd: number;
  /** How long the driver waited for them: until the last was answered, or `timeoutMs` (plus a grace). */
  readonly waitedMs: number;
  readonly served: number;
  readonly rejected: number;
  /** Lost while draining, by reason; `timeout` counts the requests still unanswered when the wait ended. */
  readonly lostByReason: Readonly<Record<ClientLostReason, number>>;
}

export interface LoadResult {
  /** Epoch ms when the first request could be sent. */
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly counts: ClientCounts;
  readonly latency: LatencySummary;
  readonly timeline: readonly LoadSecond[];
  /** The drain at the duration's end; null when the driver does not report one (k6 drains by its gracefulStop). */
  readonly drain: LoadDrain | null;
  /** Set when k6 drove the load. */
  readonly k6?: K6RunOutcome;
}
