import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveSeed } from '../../../../faults/index.ts';
import { parseScenario } from '../../../../chaos/scenario/load-scenario.ts';
import type { Scenario } from '../../../../chaos/scenario/scenario.ts';
import { planPromise } from '../../../../loadtests/k6/promise-plan.ts';
import { GENERATED_MARK, renderPromiseScript } from '../../../../loadtests/k6/render-promise-script.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const FILE = path.join(HERE, 'inline.yaml');
const HELLO = path.relative(HERE, fileURLToPath(new URL('../../../../examples/apps/hello.ts', import.meta.url)));
const SIGKILL = { method: 'signal', signal: 'SIGKILL', exitCode: 1 };

function scenarioOf(raw: Record<string, unknown>): Scenario {
  return parseScenario(raw, { file: FILE, isBroken: false });
}

/** Two SIGKILLs a second apart to a web garden of two, as crash-storm has four. */
function storm(): Record<string, unknown> {
  return {
    name: 'storm',
    description: 'Crashes.',
    seed: 7,
    target: {
      server: {
        pools: { web: { maxProcesses: 2, startMode: 'AlwaysRunning', processModel: { pingInterval: '500ms' } } },
        apps: [{ path: '/', pool: 'web', module: HELLO }],
      },
    },
    load: { connections: 16, duration: '7s', timeout: '3s' },
    steadyState: { before: '1500ms', after: '1500ms' },
    faults: [
      {
        at: '1500ms',
        kind: 'crash',
        target: { pool: 'web', worker: 'random' },
        params: { signal: 'SIGKILL' },
        repeat: { every: '1s', times: 2 },
      },
    ],
    expect: [
      'faults.failed == 0',
      'requests.lost == 0',
      'requests.served > 1000',
      'requests.retried > 0',
      'recovery.replacementReadyMs.max < server.pools.web.processModel.pingInterval + workers.startupMs.max + 1s',
    ],
    k6: { rate: 150, duration: '15s', faultsAt: '5s', after: '4s' },
  };
}

/** Pool a crash-loops and must be stopped, answering 503s, while pool b serves, as crash-loop. */
function twoPools(): Record<string, unknown> {
  return {
    name: 'two-pools',
    seed: 23,
    target: {
      server: {
        pools: {
          a: { maxProcesses: 1, startMode: 'AlwaysRunning' },
          b: { maxProcesses: 1, startMode: 'AlwaysRunning' },
          idle: { maxProcesses: 3 },
        },
        apps: [
          { path: '/a', pool: 'a', module: HELLO },
          { path: '/b', pool: 'b', module: HELLO },
          { path: '/idle', pool: 'idle', module: HELLO },
        ],
      },
    },
    load: { connections: 8, duration: '6s', timeout: '2s', requests: [{ path: '/a' }, { path: '/b?x=1' }] },
    steadyState: { before: '1500ms', after: '2s' },
    faults: [
      { at: '1500ms', kind: 'crash-loop', target: { pool: 'a' }, params: { count: 20 } },
      { at: '1600ms', kind: 'crash', target: { pool: 'a', worker: 'all' } },
    ],
    expect: [
      'events{type=rapid-fail-tripped,pool=a} == 1',
      'events{type=failure-counted,pool=a} == 3',
      'rejected{reason=AppOffline} > 0',
      'after.requests.lost == 0',
      'front.lost{pool=b} == 0',
    ],
    k6: { rate: 150, duration: '15s', faultsAt: '4s', after: '4s' },
  };
}

const LOAD = { executor: 'constant-arrival-rate', exec: 'load', timeUnit: '1s', duration: '15000ms' };

describe('planPromise', () => {
  describe('for one pool and a repeated fault', () => {
    const plan = planPromise(scenarioOf(storm()));

    it('loads the pool at the k6 rate, injects from faultsAt and follows events past the load', () => {
      assert.deepEqual(plan.options.scenarios, {
        load: { ...LOAD, rate: 150, preAllocatedVUs: 150, maxVUs: 150, gracefulStop: '4000ms' },
        faults: { executor: 'per-vu-iterations', exec: 'faults', vus: 1, iterations: 1, startTime: '5000ms', maxDuration: '10000ms' },
        events: { executor: 'per-vu-iterations', exec: 'events', vus: 1, iterations: 1, maxDuration: '28000ms' },
      });
      assert.deepEqual(plan.runtime.timeline, { durationMs: 15_000, faultsAtMs: 5000, afterMs: 4000, timeoutMs: 3000, followMs: 18_000 });
    });

    it("injects each fault with the harness's body and derived seed, at its spacing from the first", () => {
      assert.deepEqual(plan.runtime.faults, [
        {
          offsetMs: 0,
          body: { kind: 'crash', pool: 'web', worker: 'random', count: 1, params: SIGKILL, durationMs: null, seed: deriveSeed(7, 0) },
          expectedAffected: 1,
        },
        {
          offsetMs: 1000,
          body: { kind: 'crash', pool: 'web', worker: 'random', count: 1, params: SIGKILL, durationMs: null, seed: deriveSeed(7, 1) },
          expectedAffected: 1,
        },
      ]);
    });

    it("gives exactly the expectations' thresholds, then k6's own", () => {
      assert.deepEqual(plan.options.thresholds, {
        poolchaos_fault_injected: ['count==2'],
        'checks{scenario:faults}': ['rate==1'],
        http_req_failed: ['rate==0'],
        requests_lost: ['count==0'],
        // 1000 in 7s is 2142 in 15s, more than 90% of the 2250 the k6 run sends.
        requests_served: ['count>2025'],
        poolchaos_recovery_duration: ['min>0'],
        poolchaos_detection_duration: ['max<1500'],
        'http_reqs{scenario:load}': ['count>=2025'],
        dropped_iterations: ['count==0'],
        'poolchaos_workers_ready{pool:web}': ['value==2'],
        'checks{scenario:events}': ['rate==1'],
      });
      assert.deepEqual(plan.runtime.eventChecks, []);
    });

    it('lists the expectation k6 cannot state in the header, judged by npm run chaos only', () => {
      const script = renderPromiseScript(scenarioOf(storm()), 'chaos/scenarios/storm.yaml');
      const lines = script.split('\n');
      assert.equal(lines[0], `${GENERATED_MARK}chaos/scenarios/storm.yaml: do not edit; change the scenario and run it again.`);
      const from = lines.indexOf(' * Judged by npm run chaos only:');
      assert.deepEqual(lines.slice(from, from + 3), [
        ' * Judged by npm run chaos only:',
        ' *   requests.retried > 0: a replay is invisible to the client',
        ' *',
      ]);
      assert.equal(lines.filter((line) => line.includes('requests.retried')).length, 1);
      assert.ok(lines.includes("import { followEvents, injectFaults, sendLoad } from '../promise-timeline.js';"));
    });
  });

  describe('for two pools the load reaches, one of which must reject', () => {
    const plan = planPromise(scenarioOf(twoPools()));

    it('gives each pool its own load scenario at half the rate, and accepts 503 only on the faulted pool', () => {
      const half = { ...LOAD, rate: 75, preAllocatedVUs: 75, maxVUs: 75, gracefulStop: '3000ms' };
      assert.deepEqual(Object.keys(plan.options.scenarios), ['load_a', 'load_b', 'faults', 'events']);
      assert.deepEqual([plan.options.scenarios['load_a'], plan.options.scenarios['load_b']], [half, half]);
      assert.deepEqual(plan.runtime.loads, {
        load_a: [{ method: 'GET', path: '/a', headers: {}, body: null, pool: 'a', acceptedStatuses: [200, 503] }],
        load_b: [{ method: 'GET', path: '/b?x=1', headers: {}, body: null, pool: 'b', acceptedStatuses: [200] }],
      });
      assert.deepEqual(
        plan.runtime.faults.map((fault) => [fault.offsetMs, fault.body['kind'], fault.expectedAffected]),
        [
          [0, 'crash-loop', null],
          [100, 'crash', 1],
        ],
      );
    });

    it('checks the follower for the events k6 has no metric for, and leaves the front to npm run chaos', () => {
      assert.deepEqual(plan.runtime.eventChecks, [
        { name: 'events{type=failure-counted,pool=a} == 3', count: { type: 'failure-counted', pool: 'a' }, operator: '==', value: 3 },
      ]);
      assert.deepEqual(
        plan.translations.filter((translation) => 'chaosOnly' in translation),
        [{ expectation: 'front.lost{pool=b} == 0', chaosOnly: "the front's own count; k6 sees only the client's side" }],
      );
    });

    it('keeps the pool no fault targets undisturbed and whole, and does not ask the stopped pool for workers', () => {
      assert.deepEqual(plan.options.thresholds, {
        'poolchaos_rapid_fail_trips{pool:a}': ['count==1'],
        'requests_rejected{reason:AppOffline}': ['count>0'],
        'http_req_failed{phase:after}': ['rate==0'],
        'requests_lost{phase:after}': ['count==0'],
        'http_reqs{scenario:load_a}': ['count>=1012'],
        'http_reqs{scenario:load_b}': ['count>=1012'],
        dropped_iterations: ['count==0'],
        'http_req_failed{pool:b}': ['rate==0'],
        'poolchaos_worker_restarts{pool:b}': ['count==0'],
        'poolchaos_rapid_fail_trips{pool:b}': ['count==0'],
        // idle is OnDemand: it has no worker to be ready.
        'poolchaos_workers_ready{pool:b}': ['value==1'],
        'checks{scenario:events}': ['rate==1'],
      });
    });
  });

  describe('for a burst, the fault of a scenario with none', () => {
    const raw = twoPools();
    raw['target'] = {
      server: { pools: { web: { maxProcesses: 1, startMode: 'AlwaysRunning' } }, apps: [{ path: '/', pool: 'web', module: HELLO }] },
    };
    raw['load'] = { connections: 64, duration: '5s', requests: [{ path: '/?sleepMs=100' }] };
    raw['steadyState'] = { before: '0s', after: '0s' };
    raw['faults'] = [];
    raw['expect'] = ['rejected{reason=QueueFull} > 0', 'requests.lost == 0', 'requests.served > 100'];
    raw['k6'] = { rate: 20, duration: '15s', faultsAt: '5s', after: '4s', burst: { rate: 150, duration: '5s' } };
    const plan = planPromise(scenarioOf(raw));

    it('adds the burst from faultsAt, accepting 503 everywhere, and has no faults scenario', () => {
      assert.deepEqual(plan.options.scenarios, {
        load: { ...LOAD, rate: 20, preAllocatedVUs: 20, maxVUs: 20, gracefulStop: '6000ms' },
        burst: { ...LOAD, duration: '5000ms', startTime: '5000ms', rate: 150, preAllocatedVUs: 150, maxVUs: 150, gracefulStop: '6000ms' },
        events: { executor: 'per-vu-iterations', exec: 'events', vus: 1, iterations: 1, maxDuration: '28000ms' },
      });
      const request = { method: 'GET', path: '/?sleepMs=100', headers: {}, body: null, pool: 'web', acceptedStatuses: [200, 503] };
      assert.deepEqual(plan.runtime.loads, { load: [request], burst: [request] });
    });

    it('rejects nothing outside the burst and restarts no worker', () => {
      assert.deepEqual(plan.options.thresholds, {
        'requests_rejected{reason:QueueFull}': ['count>0'],
        http_req_failed: ['rate==0'],
        requests_lost: ['count==0'],
        // 100 in 5s is 300 in 15s, less than 90% of the 300 + 750 the k6 run sends.
        requests_served: ['count>300'],
        'http_reqs{scenario:load}': ['count>=270'],
        'http_reqs{scenario:burst}': ['count>=675'],
        dropped_iterations: ['count==0'],
        'requests_rejected{phase:before}': ['count==0'],
        'requests_rejected{phase:after}': ['count==0'],
        poolchaos_worker_restarts: ['count==0'],
        'poolchaos_workers_ready{pool:web}': ['value==1'],
        'checks{scenario:events}': ['rate==1'],
      });
      assert.ok(
        renderPromiseScript(scenarioOf(raw), 'chaos/scenarios/burst.yaml').includes(
          "import { followEvents, sendLoad } from '../promise-timeline.js';",
        ),
      );
    });
  });

  it('refuses a scenario without a k6 block', () => {
    const raw = storm();
    delete raw['k6'];
    assert.throws(() => planPromise(scenarioOf(raw)), {
      message: 'scenario storm has no k6 block or starts no server, so it has no k6 promise script',
    });
  });
});
