import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { configFileSchema } from '../../../../server/config/schema.ts';
import type { PoolSettings } from '../../../../server/config/settings.ts';

/** The page that owns the config file: docs/configuration.md, its key tables rendered from this schema. */
const DOCS = readFileSync(new URL('../../../../docs/configuration.md', import.meta.url), 'utf8');

/** Names of every key the schema accepts, at any depth. */
function keyNames(schema: z.core.$ZodType): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (def['innerType'] ?? def['in'] ?? def['valueType'] ?? def['element']) as z.core.$ZodType | undefined;
  if (def.type === 'object') {
    return Object.entries(def['shape'] as Record<string, z.core.$ZodType>).flatMap(([key, child]) => [key, ...keyNames(child)]);
  }
  return inner === undefined ? [] : keyNames(inner);
}

const fixture = (name: string): unknown => parse(readFileSync(new URL(`../../../fixtures/configs/${name}`, import.meta.url), 'utf8'));

const IIS_DEFAULT_POOL: PoolSettings = {
  name: 'api',
  queueLength: 1000,
  maxProcesses: 1,
  startMode: 'OnDemand',
  processModel: {
    pingingEnabled: true,
    pingIntervalMs: 30_000,
    pingResponseTimeMs: 90_000,
    startupTimeLimitMs: 90_000,
    shutdownTimeLimitMs: 90_000,
    idleTimeoutMs: 1_200_000,
    maxConcurrentRequests: 5000,
  },
  responseDeadlockIntervalMs: 180_000,
  recycling: {
    periodicRestart: { timeMs: 104_400_000, requests: 0, privateMemoryBytes: 0, memoryBytes: 0, schedule: [] },
    disallowOverlappingRotation: false,
  },
  failure: {
    rapidFailProtection: true,
    rapidFailProtectionIntervalMs: 300_000,
    rapidFailProtectionMaxCrashes: 5,
    loadBalancerCapabilities: 'HttpLevel',
    orphanWorkerProcess: false,
    orphanActionExe: null,
    orphanActionParams: '',
    autoShutdownExe: null,
    autoShutdownParams: '',
  },
  retry: { idempotent: true, maxBufferedBodyBytes: 1_048_576 },
  identity: { user: null, group: null },
  environmentVariables: {},
};

describe('configFileSchema', () => {
  describe('when a config sets only a pool and an app', () => {
    it('fills every pool setting with the IIS default', () => {
      const config = configFileSchema.parse(fixture('minimal.yaml'));
      assert.deepStrictEqual(config.pools, { api: IIS_DEFAULT_POOL });
    });

    it('fills the server sections with their defaults', () => {
      const config = configFileSchema.parse(fixture('minimal.yaml'));
      assert.deepStrictEqual(
        { ...config, pools: {} },
        {
          listen: { host: '127.0.0.1', port: 8080 },
          admin: { host: '127.0.0.1', port: 9464, token: null },
          chaos: { enabled: false },
          limits: { maxAllowedContentLengthBytes: 30_000_000, connectionTimeoutMs: 120_000, keepAliveTimeoutMs: 5000 },
          telemetry: { isMetricsEnabled: true, traceSamplingRatio: 0.05, traceMaxPerSecond: 50 },
          log: { level: 'info' },
          pools: {},
          apps: [{ path: '/', pool: 'api', module: 'handlers/hello.ts', inProcess: false }],
        },
      );
    });

    it('gives every parse its own default lists', () => {
      const first = configFileSchema.parse(fixture('minimal.yaml'));
      const second = configFileSchema.parse(fixture('minimal.yaml'));
      assert.notEqual(first.pools['api']!.recycling.periodicRestart.schedule, second.pools['api']!.recycling.periodicRestart.schedule);
    });
  });

  describe('when every key is set', () => {
    it('converts durations to ms and sizes to bytes under the settings.ts names', () => {
      const config = configFileSchema.parse(fixture('full.yaml'));
      assert.deepStrictEqual(config, {
        listen: { host: '0.0.0.0', port: 8081 },
        admin: { host: '0.0.0.0', port: 0, token: 's3cret-token' },
        chaos: { enabled: true },
        limits: { maxAllowedContentLengthBytes: 10_485_760, connectionTimeoutMs: 60_000, keepAliveTimeoutMs: 2500 },
        telemetry: { isMetricsEnabled: false, traceSamplingRatio: 0.5, traceMaxPerSecond: 200 },
        log: { level: 'debug' },
        pools: {
          api: {
            name: 'api',
            queueLength: 50,
            maxProcesses: 4,
            startMode: 'AlwaysRunning',
            processModel: {
              pingingEnabled: true,
              pingIntervalMs: 1000,
              pingResponseTimeMs: 2000,
              startupTimeLimitMs: 5000,
              shutdownTimeLimitMs: 3000,
              idleTimeoutMs: 0,
              maxConcurrentRequests: 64,
            },
            responseDeadlockIntervalMs: 10_000,
            recycling: {
              periodicRestart: {
                timeMs: 5_400_000,
                requests: 10_000,
                privateMemoryBytes: 536_870_912,
                memoryBytes: 1_073_741_824,
                schedule: ['03:00', '15:30'],
              },
              disallowOverlappingRotation: true,
            },
            failure: {
              rapidFailProtection: true,
              rapidFailProtectionIntervalMs: 60_000,
              rapidFailProtectionMaxCrashes: 3,
              loadBalancerCapabilities: 'TcpLevel',
              orphanWorkerProcess: true,
              orphanActionExe: '/usr/bin/gcore',
              orphanActionParams: '-o /tmp/core %1%',
              autoShutdownExe: '/usr/local/bin/page-oncall',
              autoShutdownParams: 'pool api stopped',
            },
            retry: { idempotent: false, maxBufferedBodyBytes: 65_536 },
            identity: { user: 'www-data', group: '33' },
            environmentVariables: { NODE_ENV: 'production', PORT_HINT: '3000' },
          },
          'batch.nightly': { ...IIS_DEFAULT_POOL, name: 'batch.nightly' },
        },
        apps: [
          { path: '/api', pool: 'api', module: 'handlers/hello.ts', inProcess: false },
          { path: '/batch', pool: 'batch.nightly', module: './handlers/hello.ts', inProcess: false },
          { path: '/baseline', pool: null, module: 'handlers/hello.ts', inProcess: true },
        ],
      });
    });
  });

  describe('when every app runs in process', () => {
    it('accepts a config without pools and gives the app a null pool', () => {
      const config = configFileSchema.parse(fixture('in-process.yaml'));
      assert.deepStrictEqual(config.pools, {});
      assert.deepStrictEqual(config.apps, [{ path: '/', pool: null, module: './handlers/hello.ts', inProcess: true }]);
    });
  });

  describe('when a key is unknown at any depth', () => {
    const cases: readonly (readonly [string, unknown])[] = [
      ['top level', { apps: [], extra: 1 }],
      ['pool', { pools: { api: { pingInteval: 1 } } }],
      ['processModel', { pools: { api: { processModel: { idleTimeoutAction: 'Suspend' } } } }],
      ['periodicRestart', { pools: { api: { recycling: { periodicRestart: { days: 1 } } } } }],
      ['app', { apps: [{ path: '/', module: 'x', inProcess: true, name: 'x' }] }],
    ];
    for (const [where, input] of cases) {
      it(`fails with unrecognized_keys in the ${where}`, () => {
        const result = configFileSchema.safeParse(input);
        assert.equal(result.success, false);
        assert.equal(result.error?.issues.filter((issue) => issue.code === 'unrecognized_keys').length, 1);
      });
    }
  });
});

describe('docs/configuration.md', () => {
  describe('its tables', () => {
    it('document every key the schema accepts, in a table row or a section heading', () => {
      const names = [...new Set(keyNames(configFileSchema))];
      assert.equal(names.length, 61);
      // Rows and headings name a key by its path (`pools.<name>.processModel.pingInterval`).
      const isDocumented = (name: string): boolean => new RegExp(`^(?:\\| |#+ )\`(?:[^\`\\s]*[.\\]])?${name}\`(?: \\||$)`, 'm').test(DOCS);
      const undocumented = names.filter((name) => !isDocumented(name));
      assert.deepEqual(undocumented, []);
    });
  });

  describe('its complete example', () => {
    it('is a valid config', () => {
      const example = /## Complete example\n\n```yaml\n([\s\S]*?)```/.exec(DOCS)?.[1];
      assert.ok(example !== undefined);
      const config = configFileSchema.parse(parse(example));
      assert.deepEqual(Object.keys(config.pools), ['api', 'reports']);
      assert.equal(config.pools['api']!.maxProcesses, 4);
      assert.equal(config.pools['reports']!.recycling.periodicRestart.privateMemoryBytes, 209_715_200);
      assert.equal(config.apps.length, 3);
    });
  });
});
