/**
 * The scenario's `k6` block, checked against the rest of the file: what a k6 run of the promise does
 * differently (rate, duration, when its first fault lands, its after window, a burst), with every key
 * the block leaves out taken from the scenario. The k6 run's timeline must hold the scenario's faults
 * the way the harness's does: all of them inside [faultsAt, duration - after), keeping their spacing.
 */
import { findApp } from '../../server/apps/app-router.ts';
import type { ServerConfig } from '../../server/index.ts';
import type { ScenarioIssue } from './scenario-errors.ts';
import type { ScenarioFile } from './scenario-schema.ts';
import type { ScenarioFault, ScenarioK6 } from './scenario.ts';

/** What the block is checked against besides the file: the server the scenario starts, if any. */
export interface K6BlockContext {
  readonly isStartingServer: boolean;
  /** The scenario's own parsed server config; null when it attaches or the config is invalid. */
  readonly settings: ServerConfig | null;
  /** The expanded fault timeline, sorted by time. */
  readonly faults: readonly ScenarioFault[];
}

/** The block with defaults filled, or null when the file has none; pushes every issue it finds. */
export function readK6Block(data: ScenarioFile, context: K6BlockContext, issues: ScenarioIssue[]): ScenarioK6 | null {
  const block = data.k6;
  if (block === undefined) return null;
  if (!context.isStartingServer) {
    issues.push({
      path: 'k6',
      message: 'a k6 run needs target.server: its load scenarios and thresholds come from the pools and apps of the server it starts',
    });
  }
  const ratePerSecond = block.rate ?? data.load.rate;
  if (ratePerSecond === null) {
    issues.push({
      path: 'k6.rate',
      message: 'missing: the load is a closed loop (load.rate is null) and a k6 run is an open model; give its requests per second',
    });
  }
  const firstFault = context.faults[0];
  const k6: ScenarioK6 = {
    ratePerSecond: ratePerSecond ?? 1,
    durationMs: block.duration ?? data.load.duration,
    faultsAtMs: block.faultsAt ?? firstFault?.atMs ?? data.steadyState.before,
    afterMs: block.after ?? data.steadyState.after,
    burst: block.burst === undefined ? null : { ratePerSecond: block.burst.rate, durationMs: block.burst.duration },
    hasVerdictPowerRun: block.verdictPower,
  };
  checkTimeline(k6, context.faults, issues);
  if (context.settings !== null) checkRequestPools(data, context.settings, issues);
  return k6;
}

function checkTimeline(k6: ScenarioK6, faults: readonly ScenarioFault[], issues: ScenarioIssue[]): void {
  const windowEndMs = k6.durationMs - k6.afterMs;
  if (k6.faultsAtMs + k6.afterMs >= k6.durationMs) {
    issues.push({ path: 'k6', message: 'faultsAt + after must leave time for faults inside duration' });
    return;
  }
  const first = faults[0];
  const last = faults.at(-1);
  if (first !== undefined && last !== undefined && k6.faultsAtMs + last.atMs - first.atMs >= windowEndMs) {
    const spanMs = last.atMs - first.atMs;
    issues.push({
      path: 'k6.faultsAt',
      message: `the last injection, ${String(spanMs)}ms after the first, falls at ${String(k6.faultsAtMs + spanMs)}ms, outside the k6 fault window [${String(k6.faultsAtMs)}ms, ${String(windowEndMs)}ms)`,
    });
  }
  if (k6.burst !== null && k6.faultsAtMs + k6.burst.durationMs > windowEndMs) {
    issues.push({
      path: 'k6.burst.duration',
      message: `the burst ends at ${String(k6.faultsAtMs + k6.burst.durationMs)}ms, inside the k6 after window (from ${String(windowEndMs)}ms)`,
    });
  }
}

/** Each request must reach a pool: the k6 run loads each pool apart and tags requests by pool. */
function checkRequestPools(data: ScenarioFile, settings: ServerConfig, issues: ScenarioIssue[]): void {
  data.load.requests.forEach((request, index) => {
    if (requestPool(settings, request.path) !== null) return;
    const apps = settings.apps.map((app) => (app.pool === null ? `${app.path} (in-process)` : app.path)).join(', ');
    issues.push({
      path: `load.requests[${String(index)}].path`,
      message: `no pooled app of target.server serves it (apps: ${apps}); a k6 run loads the pools its requests reach`,
      value: request.path,
    });
  });
}

/** The pool whose app the front routes `path` to (longest matching prefix), or null. */
export function requestPool(settings: ServerConfig, path: string): string | null {
  const apps = [...settings.apps].sort((a, b) => b.path.length - a.path.length);
  return findApp(apps, path)?.pool ?? null;
}
