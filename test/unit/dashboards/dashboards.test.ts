import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildDashboards,
  dashboardQueries,
  fillTemplateVariables,
  lintDashboard,
  metricNamesIn,
  rateCallsWithoutRateInterval,
  renderDashboards,
  stableJson,
  variableQueryAsPromql,
} from '../../../dashboards/src/index.ts';
import type { DashboardQuery } from '../../../dashboards/src/index.ts';
import { METRICS, prometheusName } from '../../../server/telemetry/metric-catalogue.ts';

/** The front's runtime metrics (instrumentation-runtime-node and our own), not in the catalogue. */
const FRONT_RUNTIME_METRICS = [
  'nodejs_eventloop_utilization',
  'nodejs_eventloop_delay_p50',
  'nodejs_eventloop_delay_p99',
  'nodejs_eventloop_delay_max',
  'nodejs_eventloop_time_total',
  'v8js_memory_heap_used',
  'process_cpu_time_total',
  'process_memory_usage',
];
const FRONT_RUNTIME_HISTOGRAMS = ['v8js_gc_duration'];
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

const EVENT_ANNOTATIONS = ['Chaos injections', 'Worker restarts', 'Rapid-fail trips'];

const EXPECTED = [
  { file: 'pool-overview.json', uid: 'poolchaos-pool-overview', variables: ['datasource', 'pool'], annotations: EVENT_ANNOTATIONS },
  { file: 'workers.json', uid: 'poolchaos-workers', variables: ['datasource', 'pool', 'worker_id'], annotations: EVENT_ANNOTATIONS },
  {
    file: 'chaos-resilience.json',
    uid: 'poolchaos-chaos-resilience',
    variables: ['datasource', 'pool'],
    annotations: ['Chaos active', ...EVENT_ANNOTATIONS],
  },
  { file: 'front-runtime.json', uid: 'poolchaos-front-runtime', variables: ['datasource', 'pool'], annotations: ['Worker restarts'] },
];

const TEMPLATE_VALUES = { rateInterval: '5s', interval: '2s', range: '2m', pool: '.*', worker_id: '.*' };

interface TargetJson {
  refId: string;
  expr: string;
}

interface PanelJson {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  fieldConfig?: { defaults: { unit?: string } };
  targets?: TargetJson[];
  options?: { content?: string };
}

interface DashboardJson {
  uid: string;
  schemaVersion: number;
  panels: PanelJson[];
  annotations: { list: { name: string; expr: string; step: string }[] };
  templating: { list: { name: string; type: string; query: unknown; multi?: boolean; includeAll?: boolean }[] };
}

function committedText(file: string): string {
  return readFileSync(new URL(`../../../dashboards/${file}`, import.meta.url), 'utf8');
}

function committed(file: string): DashboardJson {
  return JSON.parse(committedText(file)) as DashboardJson;
}

function panelById(dashboard: DashboardJson, id: number): PanelJson {
  const panel = dashboard.panels.find((candidate) => candidate.id === id);
  assert.ok(panel, `no panel ${id}`);
  return panel;
}

function allQueries(): DashboardQuery[] {
  return EXPECTED.flatMap(({ file }) => dashboardQueries(committed(file)));
}

/** Every Prometheus series name the server and the front runtime export. */
function exportedMetricNames(): Set<string> {
  const names = new Set(FRONT_RUNTIME_METRICS);
  const histograms = [...FRONT_RUNTIME_HISTOGRAMS];
  for (const metric of METRICS) {
    if (metric.kind === 'histogram') histograms.push(prometheusName(metric));
    else names.add(prometheusName(metric));
  }
  for (const histogram of histograms) for (const suffix of HISTOGRAM_SUFFIXES) names.add(`${histogram}${suffix}`);
  return names;
}

function unknownMetricNames(exprs: readonly string[]): string[] {
  const exported = exportedMetricNames();
  return [...new Set(exprs.flatMap(metricNamesIn))].filter((name) => !exported.has(name)).sort();
}

describe('dashboards', () => {
  describe('committed JSON', () => {
    it('is exactly what a fresh build renders, byte for byte', () => {
      const rendered = renderDashboards();
      assert.deepEqual(
        rendered.map(({ file }) => file),
        EXPECTED.map(({ file }) => file),
      );
      for (const { file, text } of rendered) assert.equal(committedText(file), text, `dashboards/${file} is stale: run npm run dashboards`);
    });

    it('renders the same text on every build', () => {
      assert.deepEqual(renderDashboards(), renderDashboards());
    });

    it('gives each dashboard its own stable uid', () => {
      assert.deepEqual(
        buildDashboards().map(({ dashboard }) => dashboard.uid),
        EXPECTED.map(({ uid }) => uid),
      );
    });
  });

  for (const expected of EXPECTED) {
    describe(expected.file, () => {
      it('passes every structural check', () => {
        assert.deepEqual(lintDashboard(committed(expected.file)), []);
      });

      it('has schemaVersion 42 and its uid', () => {
        const dashboard = committed(expected.file);
        assert.equal(dashboard.schemaVersion, 42);
        assert.equal(dashboard.uid, expected.uid);
      });

      it('has the datasource variable and the query variables it filters by', () => {
        assert.deepEqual(
          committed(expected.file).templating.list.map(({ name, type }) => `${name}:${type}`),
          expected.variables.map((name) => `${name}:${name === 'datasource' ? 'datasource' : 'query'}`),
        );
      });

      it('draws its event annotations with an explicit step', () => {
        const annotations = committed(expected.file).annotations.list;
        assert.deepEqual(
          annotations.map(({ name }) => name),
          expected.annotations,
        );
        for (const { step } of annotations) assert.match(step, /^[1-9][0-9]*s$/);
      });
    });
  }

  describe('variables', () => {
    it('offers every pool, several at once or all', () => {
      const pool = committed('pool-overview.json').templating.list[1];
      assert.deepEqual(
        { query: pool?.query, multi: pool?.multi, includeAll: pool?.includeAll },
        {
          query: { query: 'label_values(poolchaos_queue_limit, pool)', refId: 'PrometheusVariableQueryEditor-VariableQuery' },
          multi: true,
          includeAll: true,
        },
      );
    });

    it('offers the workers of the chosen pools on the workers dashboard', () => {
      const workerId = committed('workers.json').templating.list[2];
      assert.deepEqual(workerId?.query, {
        query: 'label_values(poolchaos_worker_info{pool=~"$pool"}, worker_id)',
        refId: 'PrometheusVariableQueryEditor-VariableQuery',
      });
    });
  });

  describe('annotations', () => {
    it('marks chaos injections by pool and kind', () => {
      const annotation = committed('pool-overview.json').annotations.list[0];
      assert.equal(annotation?.expr, 'sum by (pool, kind) (changes(poolchaos_chaos_injections_total{pool=~"$pool"}[1m])) > 0');
    });
  });

  describe('the k6 row of chaos-resilience.json', () => {
    it('is a titled row over a text panel that queries nothing', () => {
      const dashboard = committed('chaos-resilience.json');
      const row = panelById(dashboard, 14);
      const placeholder = panelById(dashboard, 15);
      assert.deepEqual([row.type, row.title, placeholder.type, placeholder.targets ?? []], ['row', 'k6 (optional)', 'text', []]);
      assert.match(placeholder.options?.content ?? '', /fills when k6 remote-writes/);
    });
  });

  describe('metric names', () => {
    it('selects only metrics the server or the front runtime exports', () => {
      assert.deepEqual(unknownMetricNames(allQueries().map(({ expr }) => expr)), []);
    });

    it('flags a metric name the catalogue does not have (a renamed metric)', () => {
      assert.deepEqual(unknownMetricNames(['sum(rate(poolchaos_worker_restart_total{pool=~"$pool"}[$__rate_interval]))']), [
        'poolchaos_worker_restart_total',
      ]);
    });

    it('charts every metric of the catalogue somewhere', () => {
      const used = new Set(allQueries().flatMap(({ expr }) => metricNamesIn(expr)));
      const unused = METRICS.map(prometheusName).filter(
        (name) => !used.has(name) && !HISTOGRAM_SUFFIXES.some((suffix) => used.has(`${name}${suffix}`)),
      );
      assert.deepEqual(unused, []);
    });
  });

  describe('lintDashboard with a broken dashboard', () => {
    it('reports a duplicate panel id', () => {
      const dashboard = committed('pool-overview.json');
      panelById(dashboard, 3).id = 2;
      assert.deepEqual(lintDashboard(dashboard), ['duplicate panel id 2']);
    });

    it('reports a panel without a unit', () => {
      const dashboard = committed('pool-overview.json');
      delete panelById(dashboard, 9).fieldConfig?.defaults.unit;
      assert.deepEqual(lintDashboard(dashboard), ['panel 9 "Requests/s by outcome" has no unit']);
    });

    it('reports a rate over a fixed window', () => {
      const dashboard = committed('pool-overview.json');
      const target = panelById(dashboard, 9).targets?.[0];
      assert.ok(target);
      target.expr = target.expr.replace('[$__rate_interval]', '[5m]');
      assert.deepEqual(lintDashboard(dashboard), [
        'panel 9 "Requests/s by outcome" target A has rate(http_server_request_duration_count{job="poolchaos", pool=~"$pool"}[5m]) without [$__rate_interval]',
      ]);
    });

    it('reports overlapping panels and a panel off the grid', () => {
      const dashboard = committed('pool-overview.json');
      panelById(dashboard, 10).gridPos.x = 4;
      panelById(dashboard, 11).gridPos.x = 20;
      assert.deepEqual(lintDashboard(dashboard), [
        'panel 11 "5xx and lost" gridPos is outside the 24-column grid',
        'panel 9 overlaps panel 10',
      ]);
    });

    it('reports a hard-coded datasource and a missing variable', () => {
      const dashboard = committed('front-runtime.json');
      panelById(dashboard, 10).datasource = { type: 'prometheus', uid: 'prometheus' };
      dashboard.templating.list = dashboard.templating.list.filter(({ name }) => name !== 'pool');
      assert.deepEqual(lintDashboard(dashboard), [
        'variable pool is missing',
        'panel 10 "RSS" datasource uid is prometheus, expected ${datasource}',
      ]);
    });

    it('rejects something that is not a dashboard', () => {
      assert.deepEqual(lintDashboard([]), ['dashboard is not a JSON object']);
    });
  });

  describe('dashboardQueries', () => {
    it('lists the 9 panel targets, 1 annotation and 1 variable of the front runtime dashboard', () => {
      const queries = dashboardQueries(committed('front-runtime.json'));
      assert.deepEqual(
        ['panel', 'annotation', 'variable'].map((kind) => queries.filter((query) => query.kind === kind).length),
        [9, 1, 1],
      );
      assert.deepEqual(queries[0], {
        dashboard: 'poolchaos-front-runtime',
        panelId: 2,
        panelTitle: 'Event-loop utilization',
        refId: 'A',
        expr: 'max by (instance) (nodejs_eventloop_utilization{job="poolchaos"})',
        kind: 'panel',
      });
      assert.deepEqual(queries.at(-1), {
        dashboard: 'poolchaos-front-runtime',
        panelId: null,
        panelTitle: 'pool',
        refId: 'pool',
        expr: 'count by (pool) (poolchaos_queue_limit)',
        kind: 'variable',
      });
    });

    it('lists 71 queries over the four dashboards', () => {
      assert.equal(allQueries().length, 71);
    });

    it('leaves no template variable once filled', () => {
      const unfilled = allQueries()
        .map(({ expr }) => fillTemplateVariables(expr, TEMPLATE_VALUES))
        .filter((expr) => expr.includes('$'));
      assert.deepEqual(unfilled, []);
    });
  });

  describe('fillTemplateVariables', () => {
    it('substitutes the macros and variables in both spellings', () => {
      assert.equal(
        fillTemplateVariables(
          'rate(x{pool=~"$pool", worker_id=~"${worker_id}", p=~"${pool}"}[$__rate_interval]) $__interval $__range $worker_id',
          TEMPLATE_VALUES,
        ),
        'rate(x{pool=~".*", worker_id=~".*", p=~".*"}[5s]) 2s 2m .*',
      );
    });

    it('leaves regex references such as $1 alone', () => {
      assert.equal(
        fillTemplateVariables('label_replace(x, "a", "$1", "b", "(.*)")', TEMPLATE_VALUES),
        'label_replace(x, "a", "$1", "b", "(.*)")',
      );
    });

    it('throws on a variable it has no value for', () => {
      assert.throws(() => fillTemplateVariables('x{job=~"$job"}', TEMPLATE_VALUES), {
        message: 'unknown template variable $job in x{job=~"$job"}',
      });
    });
  });

  describe('variableQueryAsPromql', () => {
    it('turns label_values into a count by the label', () => {
      assert.deepEqual(
        [
          variableQueryAsPromql('label_values(poolchaos_worker_info{pool=~"$pool", job="a"}, worker_id)'),
          variableQueryAsPromql('label_values(pool)'),
          variableQueryAsPromql('up'),
        ],
        ['count by (worker_id) (poolchaos_worker_info{pool=~"$pool", job="a"})', 'count by (pool) ({pool!=""})', 'up'],
      );
    });
  });

  describe('metricNamesIn', () => {
    it('keeps metric names and drops functions, keywords, labels, strings and durations', () => {
      assert.deepEqual(
        metricNamesIn(
          'histogram_quantile(0.95, sum by (pool, le) (rate(a_bucket{outcome="served", x=~"b_c"}[$__rate_interval]))) ' +
            'or on (pool) time() - max without (le) (b offset 5m) > bool 1e3 unless c:rule',
        ),
        ['a_bucket', 'b', 'c:rule'],
      );
    });
  });

  describe('rateCallsWithoutRateInterval', () => {
    it('names each rate, irate or increase over another window', () => {
      assert.deepEqual(
        rateCallsWithoutRateInterval(
          'rate(a[$__rate_interval]) + irate(b[1m]) + increase(sum_over_time(c[5m:1m])[$__rate_interval]) + increase(d[5m])',
        ),
        ['irate(b[1m])', 'increase(d[5m])'],
      );
    });
  });

  describe('stableJson', () => {
    it('sorts keys at every level, drops undefined and ends with a newline', () => {
      assert.equal(stableJson({ b: 1, a: [{ d: 2, c: undefined }] }), '{\n  "a": [\n    {\n      "d": 2\n    }\n  ],\n  "b": 1\n}\n');
    });
  });
});
