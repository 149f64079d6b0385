import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { METRICS, prometheusName } from '../../../../server/telemetry/metric-catalogue.ts';

/** The page that owns the metrics: docs/observability.md. */
const DOCS = readFileSync(new URL('../../../../docs/observability.md', import.meta.url), 'utf8');

describe('the metric catalogue in docs/observability.md', () => {
  it('has a row for every metric of the catalogue, with its Prometheus name, kind and unit', () => {
    const missing = METRICS.filter(
      (metric) => !DOCS.includes(`| \`${metric.name}\` | \`${prometheusName(metric)}\` | ${metric.kind} | \`${metric.unit}\` |`),
    ).map((metric) => metric.name);
    assert.deepEqual(missing, []);
  });

  it('has no row for a metric the catalogue does not define', () => {
    const documented = [...DOCS.matchAll(/^\| `((?:http|poolchaos)\.[a-z_.]+)` \| `/gm)].map((match) => match[1]);
    assert.deepEqual(
      documented,
      METRICS.map((metric) => metric.name),
    );
  });
});
