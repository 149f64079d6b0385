/**
 * The Prometheus config, rules and rule unit tests under deploy/prometheus, checked by the real
 * promtool 2.42 (Debian's `prometheus` package, installed by the test when run as root), and the rules'
 * metric names checked against the metric catalogue so a renamed instrument cannot leave a rule
 * silently matching nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ensureAptPackages } from '../../../scripts/ensure-apt.ts';
import { METRICS, prometheusName } from '../../../server/telemetry/metric-catalogue.ts';

/** Installing prometheus on a fresh machine (apt-get update and install) can take minutes. */
const APT_INSTALL_TIMEOUT_MS = 600_000;
const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const CONFIG_PATH = 'deploy/prometheus/prometheus.yml';
const RULES_PATH = 'deploy/prometheus/rules/poolchaos.rules.yml';
const RULE_TESTS_PATH = 'deploy/prometheus/rules/poolchaos.rules.test.yml';
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

const RECORDING_RULES = [
  'poolchaos:requests:rate1m',
  'poolchaos:request_errors:ratio_rate1m',
  'poolchaos:request_duration_seconds:p95_1m',
  'poolchaos:queue_saturation:ratio',
  'poolchaos:worker_restarts:increase5m',
];
const ALERTS = [
  'PoolchaosRapidFailProtectionTripped',
  'PoolchaosWorkerRestartStorm',
  'PoolchaosQueueSaturated',
  'PoolchaosNoReadyWorkers',
  'PoolchaosFrontDown',
];

interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

interface RuleFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly Rule[] }[];
}

interface RuleTestFile {
  readonly tests: readonly {
    readonly alert_rule_test?: readonly { readonly alertname: string; readonly exp_alerts: readonly unknown[] }[];
  }[];
}

interface PromtoolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function readYaml<T>(relativePath: string): T {
  return parseYaml(readFileSync(join(REPO_ROOT, relativePath), 'utf8')) as T;
}

/** Every Prometheus metric name a series of the catalogue can have. */
function catalogueSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const metric of METRICS) {
    const base = prometheusName(metric);
    if (metric.kind === 'histogram') for (const suffix of HISTOGRAM_SUFFIXES) names.add(`${base}${suffix}`);
    else names.add(base);
  }
  return names;
}

describe('Prometheus config and rules under promtool', function () {
  this.timeout(30_000);
  let promtool = '';

  /** Runs promtool from the repository root (or `cwd`), so its output names the relative paths. */
  function runPromtool(args: readonly string[], cwd = REPO_ROOT): PromtoolResult {
    const result = spawnSync(promtool, args, { cwd, encoding: 'utf8', timeout: 20_000 });
    if (result.error !== undefined) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  before(function () {
    this.timeout(APT_INSTALL_TIMEOUT_MS);
    promtool = ensureAptPackages([{ binary: 'promtool', packageName: 'prometheus' }]).get('promtool') ?? '';
  });

  describe('the compose config', () => {
    it('passes promtool check config and loads the one rule file with its 10 rules', () => {
      const result = runPromtool(['check', 'config', CONFIG_PATH]);

      assert.equal(result.status, 0, result.stderr);
      assert.equal(
        result.stdout,
        [
          `Checking ${CONFIG_PATH}`,
          '  SUCCESS: 1 rule files found',
          ` SUCCESS: ${CONFIG_PATH} is valid prometheus config file syntax`,
          '',
          `Checking ${RULES_PATH}`,
          '  SUCCESS: 10 rules found',
          '',
          '',
        ].join('\n'),
      );
    });
  });

  describe('the rule file', () => {
    it('passes promtool check rules with exactly its 10 rules', () => {
      const result = runPromtool(['check', 'rules', RULES_PATH]);

      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `Checking ${RULES_PATH}\n  SUCCESS: 10 rules found\n\n`);
    });

    it('holds the five recording rules and the five alerts, in that order', () => {
      const groups = readYaml<RuleFile>(RULES_PATH).groups;

      assert.deepEqual(
        groups.map((group) => [group.name, group.rules.map((rule) => rule.record ?? rule.alert)]),
        [
          ['poolchaos.recording', RECORDING_RULES],
          ['poolchaos.alerts', ALERTS],
        ],
      );
    });

    it('gives every alert a severity, a summary and a description', () => {
      const alerts = readYaml<RuleFile>(RULES_PATH).groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined));

      assert.deepEqual(
        alerts.map((rule) => [rule.alert, rule.labels?.['severity'], Object.keys(rule.annotations ?? {}).sort()]),
        [
          ['PoolchaosRapidFailProtectionTripped', 'critical', ['description', 'summary']],
          ['PoolchaosWorkerRestartStorm', 'warning', ['description', 'summary']],
          ['PoolchaosQueueSaturated', 'warning', ['description', 'summary']],
          ['PoolchaosNoReadyWorkers', 'critical', ['description', 'summary']],
          ['PoolchaosFrontDown', 'critical', ['description', 'summary']],
        ],
      );
    });

    it('queries only metric names that the catalogue exports', () => {
      const exprs = readYaml<RuleFile>(RULES_PATH).groups.flatMap((group) => group.rules.map((rule) => rule.expr));
      const used = [...new Set(exprs.flatMap((expr) => expr.match(/\b(?:poolchaos|http_server)_[a-z0-9_]+/g) ?? []))].sort();
      const known = catalogueSeriesNames();

      assert.deepEqual(
        used.filter((name) => !known.has(name)),
        [],
      );
      assert.deepEqual(used, [
        'http_server_request_duration_bucket',
        'http_server_request_duration_count',
        'poolchaos_pool_state',
        'poolchaos_queue_depth',
        'poolchaos_queue_limit',
        'poolchaos_worker_restarts_total',
        'poolchaos_workers',
      ]);
    });
  });

  describe('the rule unit tests', () => {
    it('pass under promtool test rules', () => {
      const result = runPromtool(['test', 'rules', RULE_TESTS_PATH]);

      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `Unit Testing:  ${RULE_TESTS_PATH}\n  SUCCESS\n\n`);
    });

    it('have for every alert a case where it fires and a case where it does not', () => {
      const cases = readYaml<RuleTestFile>(RULE_TESTS_PATH).tests.flatMap((test) => test.alert_rule_test ?? []);

      const coverage = ALERTS.map((alert) => {
        const expected = cases.filter((testCase) => testCase.alertname === alert).map((testCase) => testCase.exp_alerts.length);
        return [alert, expected.some((count) => count > 0), expected.includes(0)];
      });

      assert.deepEqual(
        coverage,
        ALERTS.map((alert) => [alert, true, true]),
      );
    });
  });

  describe('a broken copy of the rules', () => {
    let directory = '';

    beforeEach(() => {
      directory = mkdtempSync(join(tmpdir(), 'poolchaos-promtool-'));
    });

    afterEach(() => {
      rmSync(directory, { recursive: true, force: true });
    });

    /** Writes the rule file to the temporary folder with `from` replaced by `to` (which must occur). */
    function writeRulesWith(from: string, to: string): void {
      const rules = readFileSync(join(REPO_ROOT, RULES_PATH), 'utf8');
      assert.ok(rules.includes(from), `the rule file no longer contains ${from}`);
      writeFileSync(join(directory, 'poolchaos.rules.yml'), rules.replace(from, to));
    }

    it('fails promtool check rules naming the rule whose expression does not parse', () => {
      writeRulesWith(
        'expr: max by (pool) (poolchaos_queue_depth) / max by (pool) (poolchaos_queue_limit)',
        'expr: max by (pool) (poolchaos_queue_depth) / max by (pool)',
      );

      const result = runPromtool(['check', 'rules', 'poolchaos.rules.yml'], directory);

      assert.equal(result.status, 1);
      const error = 'group "poolchaos.recording", rule 4, "poolchaos:queue_saturation:ratio": could not parse expression: ';
      assert.ok(result.stderr.includes(`${error}1:54: parse error: unexpected end of input in aggregation`), result.stderr);
    });

    it('fails promtool test rules when a threshold moves, naming the alert and the time', () => {
      writeRulesWith('poolchaos:queue_saturation:ratio > 0.8', 'poolchaos:queue_saturation:ratio >= 0.8');
      copyFileSync(join(REPO_ROOT, RULE_TESTS_PATH), join(directory, 'poolchaos.rules.test.yml'));

      const result = runPromtool(['test', 'rules', 'poolchaos.rules.test.yml'], directory);

      assert.equal(result.status, 1);
      assert.match(result.stderr, /FAILED:\n\s+alertname: PoolchaosQueueSaturated, time: 1m45s,/);
      assert.match(result.stderr, /Labels:\{alertname="PoolchaosQueueSaturated", pool="reports", severity="warning"\}/);
    });
  });
});
