import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

interface Lockfile {
  readonly packages: Readonly<Record<string, { readonly version?: string }>>;
}

const LOCK = JSON.parse(readFileSync(new URL('../../../../package-lock.json', import.meta.url), 'utf8')) as Lockfile;

/** Every installed version of each @opentelemetry package, from package-lock.json. */
function openTelemetryVersions(): Map<string, Set<string>> {
  const versions = new Map<string, Set<string>>();
  for (const [path, entry] of Object.entries(LOCK.packages)) {
    const match = /(?:^|\/)node_modules\/(@opentelemetry\/[^/]+)$/.exec(path);
    if (match === null || entry.version === undefined) continue;
    const name = match[1] as string;
    versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
  }
  return versions;
}

describe('OpenTelemetry dependencies', () => {
  // Two copies of the SDK would give two sets of globals and instruments that never reach the exporter.
  it('installs exactly one version of every @opentelemetry package', () => {
    const duplicated = [...openTelemetryVersions()]
      .filter(([, versions]) => versions.size > 1)
      .map(([name, versions]) => `${name}: ${[...versions].join(', ')}`);
    assert.deepEqual(duplicated, []);
  });

  it('keeps the stable packages on 3.1.0 and the exporters on 0.301.0', () => {
    const versions = openTelemetryVersions();
    const single = (name: string): string => [...(versions.get(name) ?? [])].join(',');
    assert.deepEqual(
      [
        '@opentelemetry/core',
        '@opentelemetry/sdk-metrics',
        '@opentelemetry/sdk-trace',
        '@opentelemetry/resources',
        '@opentelemetry/context-async-hooks',
      ].map(single),
      ['3.1.0', '3.1.0', '3.1.0', '3.1.0', '3.1.0'],
    );
    assert.deepEqual(
      ['@opentelemetry/exporter-prometheus', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/exporter-metrics-otlp-http'].map(
        single,
      ),
      ['0.301.0', '0.301.0', '0.301.0'],
    );
    assert.equal(single('@opentelemetry/api'), '1.10.0');
  });
});
