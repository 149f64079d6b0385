import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, parseScenario } from '../../../../chaos/scenario/load-scenario.ts';
import { ScenarioError } from '../../../../chaos/scenario/scenario-errors.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const FILE = path.join(HERE, 'inline.yaml');
const HELLO = path.relative(HERE, fileURLToPath(new URL('../../../../examples/apps/hello.ts', import.meta.url)));

function base(): Record<string, unknown> {
  return {
    name: 'unit',
    target: { server: { pools: { web: { maxProcesses: 2 } }, apps: [{ path: '/', pool: 'web', module: HELLO }] } },
    load: { duration: '6s' },
    steadyState: { before: '1s', after: '1s' },
    faults: [],
    expect: ['requests.lost == 0'],
    verdictPower: { breaks: 'retry', server: { pools: { web: { retry: { idempotent: false } } } } },
  };
}

function issuesOf(raw: unknown, isBroken = false): string[] {
  try {
    parseScenario(raw, { file: FILE, isBroken });
  } catch (error) {
    assert.ok(error instanceof ScenarioError);
    assert.equal(error.code, 'ERR_SCENARIO_INVALID');
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  assert.fail('expected ERR_SCENARIO_INVALID');
}

describe('parseScenario', () => {
  describe('when the scenario is valid', () => {
    it('fills defaults and converts units to ms', () => {
      const scenario = parseScenario(base(), { file: FILE, isBroken: false });
      assert.deepEqual(scenario.load, {
        connections: 10,
        ratePerSecond: null,
        durationMs: 6000,
        timeoutMs: 5000,
        isKeepAlive: true,
        requests: [{ method: 'GET', path: '/', headers: {}, body: null }],
      });
      assert.deepEqual(scenario.steadyState, { beforeMs: 1000, afterMs: 1000 });
      assert.equal(scenario.seed, 1);
      assert.equal(scenario.brokenProtection, null);
    });

    it('starts its server on loopback port 0 with chaos enabled', () => {
      const scenario = parseScenario(base(), { file: FILE, isBroken: false });
      assert.equal(scenario.target.kind, 'start');
      if (scenario.target.kind !== 'start') return;
      assert.deepEqual(scenario.target.serverConfig['listen'], { host: '127.0.0.1', port: 0 });
      assert.deepEqual(scenario.target.serverConfig['admin'], { host: '127.0.0.1', port: 0 });
      assert.deepEqual(scenario.target.serverConfig['chaos'], { enabled: true });
    });

    it('expands a repeated fault and converts its params to the admin API names', () => {
      const raw = base();
      raw['faults'] = [
        {
          at: '1s',
          kind: 'slow-responses',
          target: { pool: 'web', worker: 1 },
          params: { delay: '300ms', share: 0.5 },
          duration: '1s',
          repeat: { every: '1500ms', times: 3 },
        },
      ];
      const scenario = parseScenario(raw, { file: FILE, isBroken: false });
      assert.deepEqual(
        scenario.faults.map((fault) => [fault.index, fault.atMs, fault.worker, fault.params, fault.durationMs]),
        [
          [0, 1000, { index: 1 }, { delayMs: 300, share: 0.5 }, 1000],
          [1, 2500, { index: 1 }, { delayMs: 300, share: 0.5 }, 1000],
          [2, 4000, { index: 1 }, { delayMs: 300, share: 0.5 }, 1000],
        ],
      );
    });

    it('runs the load with autocannon unless load.tool says k6, which takes k6 thresholds', () => {
      assert.deepEqual(parseScenario(base(), { file: FILE, isBroken: false }).loadTool, { name: 'autocannon' });
      const raw = base();
      raw['load'] = { tool: 'k6', duration: '6s' };
      assert.deepEqual(parseScenario(raw, { file: FILE, isBroken: false }).loadTool, { name: 'k6', thresholds: {} });
      const thresholds = {
        http_req_duration: ['p(99)<800', 'p(99.9) <= 1200', 'avg<1e3'],
        'poolchaos_outcome{outcome:lost}': ['count==0'],
      };
      raw['load'] = { tool: 'k6', duration: '6s', thresholds };
      const scenario = parseScenario(raw, { file: FILE, isBroken: false });
      assert.deepEqual(scenario.loadTool, { name: 'k6', thresholds });
      assert.deepEqual(scenario.load.durationMs, 6000);
    });

    it('applies the verdictPower patch to the broken run only', () => {
      const broken = parseScenario(base(), { file: FILE, isBroken: true });
      assert.equal(broken.brokenProtection, 'retry');
      assert.equal(broken.target.kind, 'start');
      if (broken.target.kind !== 'start') return;
      const pools = broken.target.serverConfig['pools'] as { web: Record<string, unknown> };
      assert.deepEqual(pools.web, { maxProcesses: 2, retry: { idempotent: false } });
    });
  });

  describe('when a bound names server settings', () => {
    const BOUND = 'latency.max < server.pools.web.processModel.pingInterval + server.pools.web.processModel.startupTimeLimit + 1s';

    it("reads them from the scenario's config with defaults filled, also on a verdict-power run", () => {
      const raw = base();
      (raw['target'] as { server: { pools: { web: Record<string, unknown> } } }).server.pools.web['processModel'] = {
        pingInterval: '500ms',
      };
      raw['verdictPower'] = { breaks: 'pings', server: { pools: { web: { processModel: { pingInterval: '1m' } } } } };
      raw['expect'] = [BOUND];
      for (const isBroken of [false, true]) {
        const [expectation] = parseScenario(raw, { file: FILE, isBroken }).expect;
        // 500 ms + startupTimeLimit's default 90 s + 1 s, from the scenario's own settings either way.
        assert.deepEqual({ value: expectation?.value, isFormula: expectation?.isFormula }, { value: 500 + 90_000 + 1000, isFormula: true });
      }
    });

    it('refuses them when the scenario attaches to a running server, and names an unknown one', () => {
      const attached = base();
      attached['target'] = { urls: { front: 'http://127.0.0.1:8080', admin: 'http://127.0.0.1:9464' } };
      delete attached['verdictPower'];
      attached['expect'] = [BOUND];
      assert.deepEqual(issuesOf(attached), [
        `expect[0]: expectation ${JSON.stringify(BOUND)}, column 15: setting server.pools.web.processModel.pingInterval: settings can be named only when the scenario starts the server (target.server)`,
      ]);
      const unknown = base();
      unknown['expect'] = ['latency.max < server.pools.api.processModel.pingInterval'];
      assert.deepEqual(issuesOf(unknown), [
        'expect[0]: expectation "latency.max < server.pools.api.processModel.pingInterval", column 15: setting server.pools.api.processModel.pingInterval: no pools.api in the server config (known here: web)',
      ]);
    });
  });

  describe('when the scenario is wrong', () => {
    it('lists every cross-key issue with its key path', () => {
      const raw = base();
      raw['faults'] = [
        { at: '5500ms', kind: 'crash', target: { pool: 'api' } },
        { at: '2s', kind: 'freeze', target: { pool: 'web' } },
        { at: '2s', kind: 'crash', target: { pool: 'web' }, duration: '1s' },
        { at: '2s', kind: 'leak', target: { pool: 'web' }, params: { rate: 'fast' } },
        { at: '2s', kind: 'error-responses', target: { pool: 'web' }, params: { colour: 'red' } },
      ];
      raw['expect'] = ['requests.lost == 0', 'latency.p99 < 5 parsecs'];
      assert.deepEqual(issuesOf(raw), [
        'faults[0].target.pool: no such pool in target.server (pools: web)',
        'faults[0].at: injection 1 at 5500ms falls outside the fault window [1000ms, 5000ms) between the steady-state windows',
        'faults[1].duration: missing: freeze lasts for a duration',
        'faults[2].duration: crash takes no duration',
        'faults[3].params.rate: not a size; expected a size such as 512KB, 200MB or 1.5GB, or a whole number of bytes',
        'faults[4].params: unknown param colour for error-responses',
        'expect[1]: expectation "latency.p99 < 5 parsecs", column 17: expected the end of the expectation, or + or - and another term, found "parsecs"',
      ]);
    });

    it('reports the embedded server config under target.server', () => {
      const raw = base();
      raw['target'] = { server: { pools: { web: { maxProcesses: 'two' } }, apps: [{ path: '/', pool: 'web', module: HELLO }] } };
      assert.deepEqual(issuesOf(raw), [
        "target.server.pools.web.maxProcesses: wrong type; expected an integer of 1 or more (0, IIS's one worker per NUMA node, is not supported)",
      ]);
    });

    it('refuses a front that is not on loopback', () => {
      const raw = base();
      raw['target'] = { urls: { front: 'http://10.0.0.5:8080', admin: 'http://127.0.0.1:9464' } };
      delete raw['verdictPower'];
      assert.deepEqual(issuesOf(raw), [
        'target.urls.front: load URL "http://10.0.0.5:8080" is not on loopback; the load driver only sends to 127.0.0.0/8, [::1] or localhost',
      ]);
    });

    it('refuses a front URL with a path before anything runs', () => {
      const raw = base();
      raw['target'] = { urls: { front: 'http://127.0.0.1:8080/app', admin: 'http://127.0.0.1:9464' } };
      delete raw['verdictPower'];
      assert.deepEqual(issuesOf(raw), [
        'target.urls.front: load URL "http://127.0.0.1:8080/app" is not an http(s) base URL: it has the path /app (request paths come from the plan\'s requests); write it like http://127.0.0.1:8080',
      ]);
    });

    it('refuses k6 thresholds unless load.tool is k6, naming the key', () => {
      const raw = base();
      raw['load'] = { duration: '6s', thresholds: { http_req_duration: ['p(99)<800'] } };
      assert.deepEqual(issuesOf(raw), [
        'load.thresholds: k6 thresholds need load.tool: k6 (the tool is autocannon; write expect[] entries instead)',
      ]);
    });

    it('refuses an unknown tool and threshold expressions k6 cannot parse, with their key paths', () => {
      const raw = base();
      raw['load'] = { tool: 'wrk', duration: '6s' };
      assert.deepEqual(issuesOf(raw), ['load.tool: Invalid option: expected one of "autocannon"|"k6"']);
      raw['load'] = { tool: 'k6', duration: '6s', thresholds: { http_req_duration: ['p(99)<800', 'p99 < 800ms'], http_req_failed: [] } };
      assert.deepEqual(issuesOf(raw), [
        'load.thresholds.http_req_duration[1]: not a k6 threshold expression; expected aggregation, operator and number, e.g. p(99)<800, rate<0.01, count==0',
        'load.thresholds.http_req_failed: Too small: expected array to have >=1 items',
      ]);
    });

    it('reports unknown keys and bad values from the schema', () => {
      const raw = { ...base(), name: 'bad name', loud: true };
      assert.deepEqual(issuesOf(raw), [
        'name: Invalid string: must match pattern /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/',
        'loud: unknown key',
      ]);
    });
  });
});

describe('loadScenario', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'poolchaos-scenario-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fails with ERR_SCENARIO_NOT_FOUND for a missing file', async () => {
    await assert.rejects(loadScenario(path.join(dir, 'none.yaml')), { code: 'ERR_SCENARIO_NOT_FOUND' });
  });

  it('fails with ERR_SCENARIO_SYNTAX for bad YAML', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'name: [unclosed\n');
    await assert.rejects(loadScenario(file), { code: 'ERR_SCENARIO_SYNTAX' });
  });

  it('loads every scenario of the default suite, and its broken twin', async () => {
    const suite = [
      'busy-loop',
      'crash-loop',
      'crash-storm',
      'deadlock',
      'freeze',
      'ignore-shutdown',
      'memory-leak',
      'periodic-recycle',
      'queue-full',
      'slow-start',
    ];
    for (const name of suite) {
      const file = fileURLToPath(new URL(`../../../../chaos/scenarios/${name}.yaml`, import.meta.url));
      assert.equal((await loadScenario(file)).name, name);
      assert.notEqual((await loadScenario(file, { isBroken: true })).brokenProtection, null);
    }
  });
});
