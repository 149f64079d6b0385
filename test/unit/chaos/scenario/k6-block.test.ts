import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../../../chaos/scenario/load-scenario.ts';
import { ScenarioError } from '../../../../chaos/scenario/scenario-errors.ts';
import { scenarioJsonSchema } from '../../../../chaos/scenario/scenario-json-schema.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const FILE = path.join(HERE, 'inline.yaml');
const HELLO = path.relative(HERE, fileURLToPath(new URL('../../../../examples/apps/hello.ts', import.meta.url)));

/** Three crashes a second apart from 1s, in a 6s load with 1s steady-state windows. */
function base(k6: unknown): Record<string, unknown> {
  return {
    name: 'unit',
    target: { server: { pools: { web: { maxProcesses: 2 } }, apps: [{ path: '/app', pool: 'web', module: HELLO }] } },
    load: { duration: '6s', requests: [{ path: '/app' }] },
    steadyState: { before: '1s', after: '1s' },
    faults: [{ at: '1s', kind: 'crash', target: { pool: 'web' }, repeat: { every: '1s', times: 3 } }],
    expect: ['requests.lost == 0'],
    k6,
  };
}

/** Each issue as `path: message (got value)`, as ERR_SCENARIO_INVALID lists them. */
function issuesOf(raw: unknown): string[] {
  try {
    parseScenario(raw, { file: FILE, isBroken: false });
  } catch (error) {
    assert.ok(error instanceof ScenarioError);
    assert.equal(error.code, 'ERR_SCENARIO_INVALID');
    return error.issues.map(
      (issue) => `${issue.path}: ${issue.message}${issue.value === undefined ? '' : ` (got ${JSON.stringify(issue.value)})`}`,
    );
  }
  assert.fail('expected ERR_SCENARIO_INVALID');
}

describe('the scenario k6 block', () => {
  describe('when it is valid', () => {
    it('converts its durations to ms and fills what it leaves out from the scenario', () => {
      const full = parseScenario(
        base({ rate: 150, duration: '15s', faultsAt: '5s', after: '3s', burst: { rate: 300, duration: '2s' }, verdictPower: false }),
        { file: FILE, isBroken: false },
      );
      assert.deepEqual(full.k6, {
        ratePerSecond: 150,
        durationMs: 15_000,
        faultsAtMs: 5000,
        afterMs: 3000,
        burst: { ratePerSecond: 300, durationMs: 2000 },
        hasVerdictPowerRun: false,
      });
      const raw = base({});
      (raw['load'] as Record<string, unknown>)['rate'] = 40;
      // rate from load.rate, duration from load.duration, faultsAt from the first fault, after from steadyState.after.
      assert.deepEqual(parseScenario(raw, { file: FILE, isBroken: false }).k6, {
        ratePerSecond: 40,
        durationMs: 6000,
        faultsAtMs: 1000,
        afterMs: 1000,
        burst: null,
        hasVerdictPowerRun: true,
      });
    });

    it('is null without a block, and the parsed server settings come along either way', () => {
      const raw = base(undefined);
      delete raw['k6'];
      const scenario = parseScenario(raw, { file: FILE, isBroken: false });
      assert.equal(scenario.k6, null);
      assert.deepEqual(
        scenario.settings?.apps.map((app) => [app.path, app.pool]),
        [['/app', 'web']],
      );
    });

    it('is published in the JSON Schema with every key', () => {
      const schema = scenarioJsonSchema() as { properties: { k6: { properties: Record<string, unknown>; additionalProperties: boolean } } };
      assert.deepEqual(Object.keys(schema.properties.k6.properties), ['rate', 'duration', 'faultsAt', 'after', 'burst', 'verdictPower']);
      assert.equal(schema.properties.k6.additionalProperties, false);
    });
  });

  describe('when it is wrong', () => {
    it('reports a bad duration, a bad burst and unknown keys at their key paths', () => {
      assert.deepEqual(issuesOf(base({ rate: 100, duration: '15x', ratee: 3, burst: { rate: 0, duration: '1s', extra: 1 } })), [
        'k6.duration: not a duration; expected a duration such as 500ms, 2s, 1m30s or milliseconds (got "15x")',
        'k6.burst.rate: Too small: expected number to be >=1 (got 0)',
        'k6.burst.extra: unknown key',
        'k6.ratee: unknown key',
      ]);
    });

    it('needs a rate when the load is a closed loop', () => {
      assert.deepEqual(issuesOf(base({ duration: '10s' })), [
        'k6.rate: missing: the load is a closed loop (load.rate is null) and a k6 run is an open model; give its requests per second',
      ]);
    });

    it('needs room for the faults between faultsAt and the after window, and keeps the burst out of the after window', () => {
      assert.deepEqual(issuesOf(base({ rate: 10, duration: '10s', faultsAt: '8s', after: '3s' })), [
        'k6: faultsAt + after must leave time for faults inside duration',
      ]);
      assert.deepEqual(issuesOf(base({ rate: 10, duration: '10s', faultsAt: '6s', after: '2s', burst: { rate: 100, duration: '3s' } })), [
        'k6.faultsAt: the last injection, 2000ms after the first, falls at 8000ms, outside the k6 fault window [6000ms, 8000ms)',
        'k6.burst.duration: the burst ends at 9000ms, inside the k6 after window (from 8000ms)',
      ]);
    });

    it('needs every request to reach a pool, and a server the harness starts', () => {
      const unrouted = base({ rate: 10 });
      unrouted['load'] = { duration: '6s', requests: [{ path: '/app' }, { path: '/other' }] };
      assert.deepEqual(issuesOf(unrouted), [
        'load.requests[1].path: no pooled app of target.server serves it (apps: /app); a k6 run loads the pools its requests reach (got "/other")',
      ]);
      const attached = base({ rate: 10 });
      attached['target'] = { urls: { front: 'http://127.0.0.1:8080', admin: 'http://127.0.0.1:9464' } };
      assert.deepEqual(issuesOf(attached), [
        'k6: a k6 run needs target.server: its load scenarios and thresholds come from the pools and apps of the server it starts',
      ]);
    });
  });
});
