/**
 * The thresholds a k6 promise script adds to its expectations' own: what an open model shows that the
 * harness's closed loop does not (nothing dropped, every planned request sent), the end state the
 * event follower sees (every worker ready again), and what a scenario implies without stating it
 * (a pool no fault targets is undisturbed; a burst is the only load that may be rejected). Each rule
 * derives from the scenario alone; one that does not apply yields no line.
 */
import type { Scenario, ScenarioK6 } from '../../chaos/scenario/scenario.ts';
import type { ServerConfig } from '../../server/index.ts';
import type { ThresholdLine } from './expectation-thresholds.ts';
import { requiresOne, SENT_SHARE, type LoadScenario } from './promise-loads.ts';

/** One rule, in words, and its thresholds for this scenario. */
export interface ThresholdRule {
  readonly rule: string;
  readonly thresholds: readonly ThresholdLine[];
}

export interface RuleInput {
  readonly scenario: Scenario;
  readonly settings: ServerConfig;
  readonly k6: ScenarioK6;
  readonly loads: readonly LoadScenario[];
}

/** The rules that apply, in a fixed order. */
export function thresholdRules(input: RuleInput): ThresholdRule[] {
  return [sentShare(input), droppedIterations(), ...bystanders(input), burstOnly(input), workersReady(input), followerChecks()].filter(
    (rule) => rule.thresholds.length > 0,
  );
}

function sentShare({ k6, loads }: RuleInput): ThresholdRule {
  return {
    rule: `every load scenario sends at least ${String(SENT_SHARE * 100)}% of its planned requests (rate x duration)`,
    thresholds: loads.map((load) => {
      const durationMs = load.name === 'burst' ? (k6.burst?.durationMs ?? 0) : k6.durationMs;
      return {
        metric: `http_reqs{scenario:${load.name}}`,
        expression: `count>=${String(Math.floor((load.ratePerSecond * durationMs * SENT_SHARE) / 1000))}`,
      };
    }),
  };
}

function droppedIterations(): ThresholdRule {
  return {
    rule: 'no iteration is dropped: with one VU per request a second allocated up front, only a second in which nothing is answered drops one',
    thresholds: [{ metric: 'dropped_iterations', expression: 'count==0' }],
  };
}

/** Pools the load reaches that no fault targets: every request answered as accepted, no restart, no trip. */
function bystanders({ scenario, loads }: RuleInput): ThresholdRule[] {
  if (scenario.faults.length === 0) return [];
  const targeted = new Set(scenario.faults.map((fault) => fault.pool));
  const pools = [...new Set(loads.flatMap((load) => load.requests.map((request) => request.pool)))].filter((pool) => !targeted.has(pool));
  return pools.map((pool) => ({
    rule: `pool ${pool}, which no fault targets, is undisturbed: every request answered, no restart, no rapid-fail trip`,
    thresholds: [
      { metric: `http_req_failed{pool:${pool}}`, expression: 'rate==0' },
      { metric: `poolchaos_worker_restarts{pool:${pool}}`, expression: 'count==0' },
      { metric: `poolchaos_rapid_fail_trips{pool:${pool}}`, expression: 'count==0' },
    ],
  }));
}

/** With a burst, the steady load before and after it is never rejected, and no worker restarts. */
function burstOnly({ scenario, k6 }: RuleInput): ThresholdRule {
  if (k6.burst === null) return { rule: '', thresholds: [] };
  const countsRestarts = scenario.expect.some((expectation) => expectation.figure === 'restarts' || expectation.figure === 'recycles');
  return {
    rule: `only the burst may be rejected${countsRestarts ? '' : ', and it restarts no worker'}`,
    thresholds: [
      { metric: 'requests_rejected{phase:before}', expression: 'count==0' },
      { metric: 'requests_rejected{phase:after}', expression: 'count==0' },
      ...(countsRestarts ? [] : [{ metric: 'poolchaos_worker_restarts', expression: 'count==0' }]),
    ],
  };
}

/** Every AlwaysRunning pool has all its workers ready at the end, but a pool rapid-fail is to stop. */
function workersReady({ scenario, settings }: RuleInput): ThresholdRule {
  const stopped = new Set(
    scenario.expect
      .filter(
        (expectation) => expectation.figure === 'events' && expectation.labels['type'] === 'rapid-fail-tripped' && requiresOne(expectation),
      )
      .flatMap((expectation) => expectation.labels['pool'] ?? scenario.faults.map((fault) => fault.pool)),
  );
  const pools = Object.entries(settings.pools).filter(([name, pool]) => pool.startMode === 'AlwaysRunning' && !stopped.has(name));
  return {
    rule: 'every AlwaysRunning pool (but one rapid-fail protection is to stop) has all its workers ready at the end',
    thresholds: pools.map(([name, pool]) => ({
      metric: `poolchaos_workers_ready{pool:${name}}`,
      expression: `value==${String(pool.maxProcesses)}`,
    })),
  };
}

function followerChecks(): ThresholdRule {
  return {
    rule: "the event follower reads the server's event stream to the end, and its checks pass",
    thresholds: [{ metric: 'checks{scenario:events}', expression: 'rate==1' }],
  };
}
