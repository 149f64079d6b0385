import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { METRICS, prometheusName } from '../../../../server/telemetry/metric-catalogue.ts';

const README = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe('README.md metrics table', () => {
  it('has a row for every metric of the catalogue, with its Prometheus name, kind and unit', () => {
    const missing = METRICS.filter(
      (metric) => !README.includes(`| \`${metric.name}\` | \`${prometheusName(metric)}\` | ${metric.kind} | \`${metric.unit}\` |`),
    ).map((metric) => metric.name);
    assert.deepEqual(missing, []);
  });

  it('has no row for a metric the catalogue does not define', () => {
    const documented = [...README.matchAll(/^\| `((?:http|poolchaos)\.[a-z_.]+)` \| `/gm)].map((match) => match[1]);
    assert.deepEqual(documented, METRICS.map((metric) => metric.name));
  });
});
