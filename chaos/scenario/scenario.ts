/**
 * A scenario as the runner uses it: validated, units converted, repeats expanded, expectations parsed.
 * Offsets (`atMs`) count from the start of the load.
 */
import type { FaultKind, WorkerSelector } from '../../faults/index.ts';
import type { Expectation } from '../expect/expectation.ts';
import type { K6Thresholds, LoadPlan } from '../load/load-types.ts';
import type { ServerConfig } from '../../server/index.ts';

/** The server the run targets: one the harness starts (a config), or one that already runs. */
export type ScenarioTarget =
  | { readonly kind: 'start'; readonly serverConfig: Readonly<Record<string, unknown>>; readonly baseDir: string }
  | { readonly kind: 'attach'; readonly frontUrl: string; readonly adminUrl: string; readonly token: string | null };

/** One injection on the timeline (a repeated fault yields one per repetition). */
export interface ScenarioFault {
  readonly index: number;
  readonly atMs: number;
  readonly kind: FaultKind;
  readonly pool: string;
  readonly worker: WorkerSelector;
  readonly count: number;
  /** Params in the admin API's shape (numbers with units in their names). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly durationMs: number | null;
}

/** The load generator that drives the load, with its own settings (k6's thresholds). */
export type ScenarioLoadTool = { readonly name: 'autocannon' } | { readonly name: 'k6'; readonly thresholds: K6Thresholds };

/**
 * How a k6 run of the promise differs from the harness's run (the file's `k6` block, defaults filled
 * from the scenario): an open-model rate, its own duration, when its first fault is injected (later
 * ones keep their spacing from the first), its after window, and an optional burst of extra load.
 */
export interface ScenarioK6 {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly faultsAtMs: number;
  readonly afterMs: number;
  readonly burst: { readonly ratePerSecond: number; readonly durationMs: number } | null;
  /** Whether `npm run k6:suite` runs the verdict-power twin, which must fail its thresholds. */
  readonly hasVerdictPowerRun: boolean;
}

export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly target: ScenarioTarget;
  /** The load, minus the URL (known once the target runs). */
  readonly load: Omit<LoadPlan, 'url'>;
  /** Which generator runs the load (`load.tool`). */
  readonly loadTool: ScenarioLoadTool;
  readonly steadyState: { readonly beforeMs: number; readonly afterMs: number };
  readonly faults: readonly ScenarioFault[];
  readonly expect: readonly Expectation[];
  /**
   * The scenario's own server config as the server parses it, defaults filled (never the
   * verdict-power patch): what bounds and the k6 block read. Null when it attaches to a server.
   */
  readonly settings: ServerConfig | null;
  /** The `k6` block, or null when the promise has no k6 run. */
  readonly k6: ScenarioK6 | null;
  /** The protection a verdict-power patch switches off, or null. */
  readonly verdictPower: { readonly breaks: string; readonly server: Readonly<Record<string, unknown>> } | null;
  /** Set when this is the broken half of a verdict-power pair: what was switched off. */
  readonly brokenProtection: string | null;
}
