/**
 * The journal: everything one scenario run produced, machine-readable. Every report (JUnit, Markdown,
 * HTML) is rendered from a journal alone, so `poolchaos report <journal>` can re-render any of them.
 * Times inside are epoch ms unless named `*Iso`; `atMs`-style offsets count from `startedAtMs` (the
 * moment load started). Bump {@link JOURNAL_SCHEMA_VERSION} on any incompatible change.
 */
import type { ClientCounts, LatencySummary, LoadDrain, LoadSecond, LoadTool } from '../load/load-types.ts';

export const JOURNAL_SCHEMA_VERSION = 1;

export type RunStatus = 'passed' | 'failed' | 'error';

/** Request outcomes as the front counted them (summed over pools, then per pool). */
export interface FrontCounts {
  readonly accepted: number;
  readonly served: number;
  readonly rejected: number;
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly lost: number;
  readonly lostByReason: Readonly<Record<string, number>>;
  readonly retried: number;
  readonly clientAborted: number;
}

/** A figure on which the client and the front disagree, with the likely why. */
export interface Disagreement {
  readonly figure: string;
  readonly client: number;
  readonly front: number;
  readonly note: string;
}

export interface ExpectationResult {
  /** The expression as written in the scenario, e.g. `latency.p99 < 800ms`. */
  readonly expr: string;
  /** The figure's value in the expression's unit (ms for durations, bytes for sizes); null when unknown. */
  readonly actual: number | null;
  readonly passed: boolean;
  /** Why it failed when not because of the comparison (e.g. the figure does not exist). */
  readonly message: string | null;
  /**
   * Present when the right side is a formula (settings, figures or a sum): its value in the
   * expectation's unit, or null when a figure in it had no value.
   */
  readonly bound?: number | null;
}

/** One fault as the harness injected it. */
export interface FaultRecord {
  readonly index: number;
  readonly kind: string;
  /** Offset from load start when it was due, and when the admin API accepted it (epoch ms). */
  readonly atMs: number;
  readonly injectedAtMs: number | null;
  /** When its effect ended (duration elapsed), or null for instantaneous faults. */
  readonly endedAtMs: number | null;
  readonly target: { readonly pool: string; readonly worker: string; readonly count: number };
  readonly params: Readonly<Record<string, unknown>>;
  /** The workers it hit. */
  readonly affected: readonly { readonly workerId: number; readonly pid: number }[];
  /** Why it could not be injected, or null. */
  readonly error: string | null;
}

/** A server event from the admin event stream: `type`, `time` (epoch ms), `pool`, and its payload. */
export interface JournalEvent {
  readonly type: string;
  readonly time: number;
  readonly pool: string;
  readonly [field: string]: unknown;
}

/** Worker counts by state at one moment. */
export interface WorkerStateCounts {
  readonly starting: number;
  readonly ready: number;
  readonly draining: number;
  readonly unresponsive: number;
  readonly orphaned: number;
}

/** One second of the run: the client's view plus the server's sampled at the second's end. */
export interface TimelineSecond extends LoadSecond {
  /** Queue length summed over pools, or null when no sample fell in this second. */
  readonly queueDepth: number | null;
  readonly workers: WorkerStateCounts | null;
}

/** The run's phases as offsets from load start. Faults happen in [faultsFromMs, afterFromMs). */
export interface RunPhases {
  readonly beforeFromMs: number;
  readonly faultsFromMs: number;
  readonly afterFromMs: number;
  readonly endMs: number;
}

export interface Journal {
  readonly schemaVersion: typeof JOURNAL_SCHEMA_VERSION;
  readonly tool: { readonly name: 'poolchaos'; readonly version: string };
  readonly scenario: {
    readonly name: string;
    readonly file: string;
    readonly description: string;
    readonly seed: number;
    /** Set on a verdict-power run: the protection switched off, as written in the scenario. */
    readonly brokenProtection: string | null;
  };
  readonly status: RunStatus;
  /** What went wrong when status is `error`. */
  readonly error: string | null;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly phases: RunPhases;
  readonly load: {
    readonly tool: LoadTool;
    readonly connections: number;
    readonly ratePerSecond: number | null;
    readonly durationMs: number;
    readonly isKeepAlive: boolean;
    readonly requests: readonly { readonly method: string; readonly path: string }[];
    /**
     * How the load ended: the requests in flight at the end of the duration and how the driver's wait
     * for them ended. Null when the tool does not report it (k6); absent in journals written before
     * the driver drained.
     */
    readonly drain?: LoadDrain | null;
  };
  /** The client's accounting, plus `retried` from the front (a client cannot see a replay). */
  readonly requests: ClientCounts & { readonly retried: number };
  readonly latency: LatencySummary;
  readonly front: { readonly total: FrontCounts; readonly pools: Readonly<Record<string, FrontCounts>> } | null;
  readonly disagreements: readonly Disagreement[];
  /** Per-pool restarts by reason and recycles by reason, from the admin API at the end of the run. */
  readonly restarts: Readonly<Record<string, number>>;
  readonly recycles: Readonly<Record<string, number>>;
  /** For each fault that took workers away: ms from injection to the next `worker-ready` in its pool. */
  readonly recovery: { readonly replacementReadyMs: readonly number[] };
  readonly expectations: readonly ExpectationResult[];
  readonly faults: readonly FaultRecord[];
  readonly events: readonly JournalEvent[];
  readonly timeline: readonly TimelineSecond[];
}
