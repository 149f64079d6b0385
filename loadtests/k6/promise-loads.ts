/**
 * The load of a k6 promise script: one open-model load scenario per pool the scenario's requests
 * reach, sharing the k6 block's rate, each with its own VUs (one pool's stalled requests cannot starve
 * another pool's client), and the burst when the block has one. Each request carries its pool (a tag)
 * and the statuses its promise accepts.
 */
import type { Expectation } from '../../chaos/expect/expectation.ts';
import { requestPool } from '../../chaos/scenario/read-k6-block.ts';
import type { Scenario, ScenarioK6 } from '../../chaos/scenario/scenario.ts';
import type { ServerConfig } from '../../server/index.ts';

/** The share of a load scenario's planned requests (rate x duration) that must go out. */
export const SENT_SHARE = 0.9;

/** One request a load scenario sends in turn, with the pool it reaches and the statuses it accepts. */
export interface PlannedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly pool: string;
  readonly acceptedStatuses: readonly number[];
}

/** A load scenario: its name, its rate, and its requests. */
export interface LoadScenario {
  readonly name: string;
  readonly ratePerSecond: number;
  readonly requests: readonly PlannedRequest[];
}

/**
 * The load scenarios: `load` when the requests reach one pool, else `load_<pool>` for each pool in
 * order of first request, sharing the rate evenly; then the burst, with every request, when there is
 * one. A pool accepts 503 when the promise expects rejections and faults hit it (every pool when the
 * scenario's fault is the burst): the front answers those on purpose.
 */
export function planLoads(scenario: Scenario, settings: ServerConfig, k6: ScenarioK6): LoadScenario[] {
  const rejecting = rejectingPools(scenario, settings);
  const requests = scenario.load.requests.map((spec) => {
    const pool = requestPool(settings, spec.path) ?? '';
    const acceptedStatuses = rejecting.includes(pool) ? [200, 503] : [200];
    return { method: spec.method, path: spec.path, headers: spec.headers, body: spec.body, pool, acceptedStatuses };
  });
  const pools = [...new Set(requests.map((request) => request.pool))];
  const ratePerSecond = Math.max(1, Math.round(k6.ratePerSecond / pools.length));
  const loads = pools.map((pool) => ({
    name: pools.length === 1 ? 'load' : `load_${pool.replaceAll('.', '_')}`,
    ratePerSecond,
    requests: requests.filter((request) => request.pool === pool),
  }));
  return k6.burst === null ? loads : [...loads, { name: 'burst', ratePerSecond: k6.burst.ratePerSecond, requests }];
}

function rejectingPools(scenario: Scenario, settings: ServerConfig): string[] {
  const expectsRejections = scenario.expect.some(
    (expectation) => /^(?:requests\.)?rejected$/.test(expectation.figure) && requiresOne(expectation),
  );
  if (!expectsRejections) return [];
  if (scenario.faults.length > 0) return [...new Set(scenario.faults.map((fault) => fault.pool))];
  return scenario.load.requests.map((spec) => requestPool(settings, spec.path) ?? '');
}

/** Whether the expectation can hold only with a count of at least one. */
export function requiresOne(expectation: Pick<Expectation, 'operator' | 'value' | 'terms'>): boolean {
  if (expectation.terms.length > 0) return false;
  const { operator, value } = expectation;
  return (
    (operator === '>' && value >= 0) ||
    (operator === '>=' && value >= 1) ||
    (operator === '==' && value >= 1) ||
    (operator === '!=' && value === 0)
  );
}
