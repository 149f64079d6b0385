/**
 * A scenario with a `k6` block as a k6 promise script states it: the load scenarios (one per pool the
 * scenario's requests reach, sharing the rate, each with its own VUs), the burst, the faults (each
 * with the harness's body and derived seed, at its spacing from the first), the event follower, and
 * the thresholds: the scenario's expectations through the translation table, then the k6-only rules
 * below. Pure: the same scenario gives the same plan; render-promise-script.ts writes it out.
 */
import { FAULT_KIND_RULES } from '../../faults/index.ts';
import type { ExpectationWindow } from '../../chaos/expect/expectation.ts';
import { faultRequestBody } from '../../chaos/run/fault-scheduler.ts';
import type { Scenario, ScenarioFault, ScenarioK6 } from '../../chaos/scenario/scenario.ts';
import type { ServerConfig } from '../../server/index.ts';
import { translateExpectation, type EventCheck, type ThresholdLine, type Translation } from './expectation-thresholds.ts';
import { planLoads, SENT_SHARE, type LoadScenario, type PlannedRequest } from './promise-loads.ts';
import { thresholdRules, type ThresholdRule } from './threshold-rules.ts';

/** How long the follower reads events after the load (late restarts and recoveries). */
const FOLLOW_AFTER_LOAD_MS = 3000;
/** k6 gives the follower this long beyond its own duration before it stops it. */
const FOLLOW_GRACE_MS = 10_000;
/** Time a load scenario gives its running requests after its duration: one request timeout plus this. */
const GRACEFUL_STOP_MARGIN_MS = 1000;

/** One injection: its offset from the first, the admin API body, and how many workers it must hit. */
export interface PlannedFault {
  readonly offsetMs: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly expectedAffected: number | null;
}

/** What the script's functions read at run time. */
export interface PromiseRuntime {
  readonly timeline: {
    readonly durationMs: number;
    readonly faultsAtMs: number;
    readonly afterMs: number;
    readonly timeoutMs: number;
    readonly followMs: number;
  };
  /** Requests by k6 scenario name (the load scenarios and the burst). */
  readonly loads: Readonly<Record<string, readonly PlannedRequest[]>>;
  readonly faults: readonly PlannedFault[];
  readonly eventChecks: readonly EventCheck[];
}

export interface PromisePlan {
  readonly name: string;
  readonly description: string;
  readonly k6: ScenarioK6;
  readonly runtime: PromiseRuntime;
  /** k6's `options`: scenarios, thresholds (metric to expressions, in order, without repeats) and the rest. */
  readonly options: {
    readonly scenarios: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    readonly thresholds: Readonly<Record<string, readonly string[]>>;
  } & Readonly<Record<string, unknown>>;
  readonly translations: readonly Translation[];
  readonly rules: readonly ThresholdRule[];
}

/** Plans the promise script of a scenario that has a `k6` block and starts its server. */
export function planPromise(scenario: Scenario): PromisePlan {
  const { k6, settings } = scenario;
  if (k6 === null || settings === null)
    throw new Error(`scenario ${scenario.name} has no k6 block or starts no server, so it has no k6 promise script`);
  const loads = planLoads(scenario, settings, k6);
  const context = { injectionCount: scenario.faults.length, scaledFloor: floorScaler(scenario, k6, loads) };
  const translations = scenario.expect.map((expectation) => translateExpectation(expectation, context));
  const rules = thresholdRules({ scenario, settings, k6, loads });
  const eventChecks = translations.flatMap((translation) => ('eventChecks' in translation ? translation.eventChecks : []));
  const faults = scenario.faults.map((fault) => planFault(scenario, settings, fault));
  const runtime: PromiseRuntime = {
    timeline: {
      durationMs: k6.durationMs,
      faultsAtMs: k6.faultsAtMs,
      afterMs: k6.afterMs,
      timeoutMs: scenario.load.timeoutMs,
      followMs: k6.durationMs + FOLLOW_AFTER_LOAD_MS,
    },
    loads: Object.fromEntries(loads.map((load) => [load.name, load.requests])),
    faults,
    eventChecks,
  };
  const lines = [
    ...translations.flatMap((translation) => ('thresholds' in translation ? translation.thresholds : [])),
    ...rules.flatMap((rule) => rule.thresholds),
  ];
  return {
    name: scenario.name,
    description: scenario.description,
    k6,
    runtime,
    options: {
      scenarios: k6Scenarios(k6, runtime, loads),
      thresholds: mergeThresholds(lines),
      discardResponseBodies: true,
      noConnectionReuse: !scenario.load.isKeepAlive,
    },
    translations,
    rules,
  };
}

/**
 * A served or sent floor over a window of the scenario, for the same window of the k6 run: the same
 * rate per second of that window (rounded down), at most SENT_SHARE of the requests the k6 run plans
 * in it, since an open model sends no more than that. Null when the scenario's window is empty.
 */
function floorScaler(
  scenario: Scenario,
  k6: ScenarioK6,
  loads: readonly LoadScenario[],
): (value: number, window: ExpectationWindow) => number | null {
  const scenarioWindowMs = { run: scenario.load.durationMs, before: scenario.steadyState.beforeMs, after: scenario.steadyState.afterMs };
  const k6WindowMs = { run: k6.durationMs, before: k6.faultsAtMs, after: k6.afterMs };
  return (value, window) => {
    if (scenarioWindowMs[window] === 0) return null;
    const planned = loads.reduce((total, load) => {
      const windowMs = load.name === 'burst' ? (window === 'run' ? (k6.burst?.durationMs ?? 0) : 0) : k6WindowMs[window];
      return total + (load.ratePerSecond * windowMs) / 1000;
    }, 0);
    return Math.min(Math.floor((value * k6WindowMs[window]) / scenarioWindowMs[window]), Math.floor(planned * SENT_SHARE));
  };
}

/** An injection with the harness's own body (kind, target, params, duration, derived seed). */
function planFault(scenario: Scenario, settings: ServerConfig, fault: ScenarioFault): PlannedFault {
  const first = scenario.faults[0]?.atMs ?? fault.atMs;
  return {
    offsetMs: fault.atMs - first,
    body: faultRequestBody(fault, scenario.seed),
    expectedAffected: expectedAffected(settings, fault),
  };
}

/** Workers a fault must hit: none for a startup fault, the pool's maxProcesses for `all`, else its count. */
function expectedAffected(settings: ServerConfig, fault: ScenarioFault): number | null {
  if (FAULT_KIND_RULES[fault.kind].delivery === 'startup') return null;
  const maxProcesses = settings.pools[fault.pool]?.maxProcesses ?? fault.count;
  if (fault.worker === 'all') return maxProcesses;
  if (typeof fault.worker === 'object') return 1;
  return Math.min(fault.count, maxProcesses);
}

/** k6's scenarios: the loads (open model, every VU allocated up front), the burst, the faults, the events. */
function k6Scenarios(k6: ScenarioK6, runtime: PromiseRuntime, loads: readonly LoadScenario[]): Record<string, Record<string, unknown>> {
  const { durationMs, faultsAtMs, followMs, timeoutMs } = runtime.timeline;
  const scenarios: Record<string, Record<string, unknown>> = {};
  for (const load of loads) {
    const isBurst = load.name === 'burst';
    scenarios[load.name] = {
      executor: 'constant-arrival-rate',
      exec: 'load',
      rate: load.ratePerSecond,
      timeUnit: '1s',
      duration: `${String(isBurst ? (k6.burst?.durationMs ?? 0) : durationMs)}ms`,
      ...(isBurst ? { startTime: `${String(faultsAtMs)}ms` } : {}),
      preAllocatedVUs: load.ratePerSecond,
      maxVUs: load.ratePerSecond,
      gracefulStop: `${String(timeoutMs + GRACEFUL_STOP_MARGIN_MS)}ms`,
    };
  }
  if (runtime.faults.length > 0) {
    scenarios['faults'] = {
      executor: 'per-vu-iterations',
      exec: 'faults',
      vus: 1,
      iterations: 1,
      startTime: `${String(faultsAtMs)}ms`,
      maxDuration: `${String(durationMs - faultsAtMs)}ms`,
    };
  }
  scenarios['events'] = {
    executor: 'per-vu-iterations',
    exec: 'events',
    vus: 1,
    iterations: 1,
    maxDuration: `${String(followMs + FOLLOW_GRACE_MS)}ms`,
  };
  return scenarios;
}

/** Threshold lines as k6's `thresholds`: metrics in order of first line, each expression once. */
export function mergeThresholds(lines: readonly ThresholdLine[]): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const { metric, expression } of lines) {
    const expressions = (thresholds[metric] ??= []);
    if (!expressions.includes(expression)) expressions.push(expression);
  }
  return thresholds;
}
