import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { PoolchaosError } from '../../../../server/errors.ts';
import { ConfigError, loadConfig, parseConfig } from '../../../../server/config/load-config.ts';
import type { ServerConfig } from '../../../../server/config/settings.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/configs/', import.meta.url));
const HELLO = path.join(FIXTURES, 'handlers', 'hello.ts');
const fixture = (name: string): string => path.join(FIXTURES, name);
const options = { file: null, baseDir: FIXTURES } as const;

/** A valid raw config with one pool `api` (settings merged in) and one app on it. */
function rawConfig(pool: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { pools: { api: pool }, apps: [{ path: '/', pool: 'api', module: 'handlers/hello.ts' }], ...extra };
}

/** The issue lines of the ERR_CONFIG_INVALID that parsing `raw` throws. */
function issueLines(raw: unknown): string[] {
  try {
    parseConfig(raw, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, 'ERR_CONFIG_INVALID');
    const [first, ...lines] = error.message.split('\n');
    assert.equal(first, '<inline config> is not a valid poolchaos config:');
    assert.equal(lines.length, error.issues.length);
    return lines;
  }
  assert.fail('parseConfig accepted the config');
}

describe('parseConfig', () => {
  describe('when the config is valid', () => {
    it('resolves each module against baseDir to an absolute path', () => {
      const config = parseConfig(rawConfig({}, { apps: [{ path: '/', pool: 'api', module: './handlers/../handlers/hello.ts' }] }), options);
      assert.equal(config.apps[0]!.module, HELLO);
    });

    it('keeps an absolute module path', () => {
      const config = parseConfig(rawConfig({}, { apps: [{ path: '/', pool: 'api', module: HELLO }] }), {
        file: null,
        baseDir: '/nonexistent',
      });
      assert.equal(config.apps[0]!.module, HELLO);
    });

    it('records the file as an absolute path, or null when built in code', () => {
      assert.equal(parseConfig(rawConfig(), options).file, null);
      const relative = path.relative(process.cwd(), fixture('minimal.yaml'));
      assert.equal(parseConfig(rawConfig(), { file: relative, baseDir: FIXTURES }).file, fixture('minimal.yaml'));
    });

    it('returns a deep-frozen object', () => {
      const config = parseConfig(rawConfig(), options);
      const pool = config.pools['api']!;
      for (const part of [
        config,
        config.listen,
        config.pools,
        pool,
        pool.processModel,
        pool.recycling.periodicRestart.schedule,
        config.apps,
        config.apps[0],
      ]) {
        assert.equal(Object.isFrozen(part), true);
      }
      assert.throws(() => {
        (config.listen as { port: number }).port = 1;
      }, TypeError);
      assert.throws(() => {
        (pool.recycling.periodicRestart.schedule as string[]).push('03:00');
      }, TypeError);
    });

    it('accepts pingResponseTime 0 when pinging is disabled', () => {
      const config = parseConfig(rawConfig({ processModel: { pingingEnabled: false, pingResponseTime: 0 } }), options);
      assert.equal(config.pools['api']!.processModel.pingResponseTimeMs, 0);
    });

    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LocalHost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      it(`needs no admin token when the admin host is loopback ${host}`, () => {
        assert.equal(parseConfig(rawConfig({}, { admin: { host } }), options).admin.token, null);
      });
    }

    it('accepts a non-loopback admin host that has a token', () => {
      const config = parseConfig(rawConfig({}, { admin: { host: '0.0.0.0', token: 'secret' } }), options);
      assert.deepStrictEqual(config.admin, { host: '0.0.0.0', port: 9464, token: 'secret' });
    });
  });

  describe('when a key has a bad value', () => {
    const cases: readonly (readonly [string, unknown, string])[] = [
      [
        'a bad duration',
        rawConfig({ processModel: { pingInterval: 'fast' } }),
        '  pools.api.processModel.pingInterval: not a duration (got "fast"; expected a duration such as 90s, 1m30s, 00:01:30 or milliseconds)',
      ],
      [
        'a zero duration where 0 means nothing',
        rawConfig({ failure: { rapidFailProtectionInterval: '0s' } }),
        '  pools.api.failure.rapidFailProtectionInterval: out of range (got "0s"; expected a duration above 0)',
      ],
      [
        'a bad size',
        rawConfig({ recycling: { periodicRestart: { privateMemory: '1 gig' } } }),
        '  pools.api.recycling.periodicRestart.privateMemory: not a size (got "1 gig"; expected a size such as 512KB, 200MB or 1.5GB, or a whole number of kilobytes)',
      ],
      [
        'a number in quotes',
        rawConfig({ queueLength: '10' }),
        '  pools.api.queueLength: wrong type (got "10"; expected an integer of 1 or more)',
      ],
      [
        'maxProcesses 0 (IIS NUMA mode)',
        rawConfig({ maxProcesses: 0 }),
        "  pools.api.maxProcesses: out of range (got 0; expected an integer of 1 or more (0, IIS's one worker per NUMA node, is not supported))",
      ],
      [
        'an unknown enum value',
        rawConfig({ startMode: 'Always' }),
        '  pools.api.startMode: unknown value (got "Always"; expected one of OnDemand, AlwaysRunning)',
      ],
      [
        'a string for a boolean',
        rawConfig({ failure: { rapidFailProtection: 'yes' } }),
        '  pools.api.failure.rapidFailProtection: wrong type (got "yes"; expected true or false)',
      ],
      [
        'a scalar for a section',
        rawConfig({ processModel: 5 }),
        '  pools.api.processModel: wrong type (got 5; expected a mapping with the keys pingingEnabled, pingInterval, pingResponseTime, startupTimeLimit, shutdownTimeLimit, idleTimeout, maxConcurrentRequests)',
      ],
      [
        'a schedule entry past 23:59',
        rawConfig({ recycling: { periodicRestart: { schedule: ['03:00', '24:00'] } } }),
        '  pools.api.recycling.periodicRestart.schedule[1]: wrong format (got "24:00"; expected a time of day hh:mm from 00:00 to 23:59)',
      ],
      [
        'a schedule entry without a leading zero',
        rawConfig({ recycling: { periodicRestart: { schedule: ['3:00'] } } }),
        '  pools.api.recycling.periodicRestart.schedule[0]: wrong format (got "3:00"; expected a time of day hh:mm from 00:00 to 23:59)',
      ],
      [
        'a number for an environment variable',
        rawConfig({ environmentVariables: { PORT: 3000 } }),
        '  pools.api.environmentVariables.PORT: wrong type (got 3000; expected a string (quote numbers and booleans in YAML))',
      ],
      [
        'a user name with a space',
        rawConfig({ identity: { user: 'www data' } }),
        '  pools.api.identity.user: wrong type (got "www data"; expected a name or a numeric id)',
      ],
      [
        'a bad pool name',
        { pools: { 'my pool': {} }, apps: [{ path: '/', module: 'handlers/hello.ts', inProcess: true }] },
        '  pools["my pool"]: invalid name (got "my pool"; expected a pool name: a letter or digit, then up to 63 letters, digits, ".", "_" or "-")',
      ],
      [
        'a port out of range',
        rawConfig({}, { listen: { port: 65_536 } }),
        '  listen.port: out of range (got 65536; expected a TCP port from 0 to 65535)',
      ],
      [
        'a log level pino does not have',
        rawConfig({}, { log: { level: 'verbose' } }),
        '  log.level: unknown value (got "verbose"; expected one of fatal, error, warn, info, debug, trace, silent)',
      ],
      [
        'a negative trace cap',
        rawConfig({}, { telemetry: { traces: { maxPerSecond: -1 } } }),
        '  telemetry.traces.maxPerSecond: out of range (got -1; expected an integer of 0 or more)',
      ],
      [
        'a fractional trace cap',
        rawConfig({}, { telemetry: { traces: { maxPerSecond: 2.5 } } }),
        '  telemetry.traces.maxPerSecond: wrong type (got 2.5; expected an integer of 0 or more)',
      ],
      [
        'an app path without a leading slash',
        rawConfig({}, { apps: [{ path: 'api', pool: 'api', module: 'handlers/hello.ts' }] }),
        '  apps[0].path: wrong format (got "api"; expected a URL path starting with /)',
      ],
      [
        'an app without a module',
        rawConfig({}, { apps: [{ path: '/', pool: 'api' }] }),
        '  apps[0].module: missing (expected a path to a handler module)',
      ],
      ['no apps at all', rawConfig({}, { apps: [] }), '  apps: too few items (got []; expected a list of at least one app)'],
      [
        'a long value',
        rawConfig({ processModel: { pingInterval: 'x'.repeat(100) } }),
        `  pools.api.processModel.pingInterval: not a duration (got "${'x'.repeat(76)}...; expected a duration such as 90s, 1m30s, 00:01:30 or milliseconds)`,
      ],
    ];
    for (const [situation, raw, line] of cases) {
      it(`names the key path, value and expectation for ${situation}`, () => {
        assert.deepEqual(issueLines(raw), [line]);
      });
    }

    it('says what a config is when the top level is not a mapping', () => {
      assert.deepEqual(issueLines(null), [
        '  (top level): wrong type (got null; expected a mapping with the keys listen, admin, chaos, limits, telemetry, log, pools, apps)',
      ]);
    });

    it('lists the known keys for each unknown key, without a value', () => {
      assert.deepEqual(issueLines(rawConfig({ pingInteval: '5s', proccessModel: {} })), [
        '  pools.api.pingInteval: unknown key (expected one of: queueLength, maxProcesses, startMode, processModel, responseDeadlockInterval, recycling, failure, retry, identity, environmentVariables)',
        '  pools.api.proccessModel: unknown key (expected one of: queueLength, maxProcesses, startMode, processModel, responseDeadlockInterval, recycling, failure, retry, identity, environmentVariables)',
      ]);
    });

    it('attaches the structured issues to the error', () => {
      try {
        parseConfig(rawConfig({ processModel: { pingInterval: 'fast' } }), options);
        assert.fail('parseConfig accepted the config');
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        assert.ok(error instanceof PoolchaosError);
        assert.equal(error.httpStatus, 400);
        assert.deepStrictEqual(error.issues, [
          {
            path: 'pools.api.processModel.pingInterval',
            message: 'not a duration',
            value: 'fast',
            expected: 'a duration such as 90s, 1m30s, 00:01:30 or milliseconds',
          },
        ]);
      }
    });
  });

  describe('when a rule spans several keys', () => {
    it('rejects an app whose pool does not exist, listing the pools', () => {
      const raw = { pools: { api: {}, web: {} }, apps: [{ path: '/', pool: 'apl', module: 'handlers/hello.ts' }] };
      assert.deepEqual(issueLines(raw), ['  apps[0].pool: no such pool (got "apl"; expected one of the pools: api, web)']);
    });

    it('rejects an app naming a pool when no pool is defined', () => {
      const raw = { apps: [{ path: '/', pool: 'api', module: 'handlers/hello.ts' }] };
      assert.deepEqual(issueLines(raw), ['  apps[0].pool: no such pool (got "api"; expected a pool defined under pools (none is))']);
    });

    it('requires a pool unless the app is inProcess', () => {
      const raw = {
        pools: { api: {} },
        apps: [
          { path: '/', module: 'handlers/hello.ts' },
          { path: '/in', module: 'handlers/hello.ts', inProcess: true },
        ],
      };
      assert.deepEqual(issueLines(raw), ['  apps[0].pool: missing (expected one of the pools: api (only inProcess apps have no pool))']);
    });

    it('rejects two apps on the same path, trailing slash or not', () => {
      const app = { pool: 'api', module: 'handlers/hello.ts' };
      const raw = rawConfig(
        {},
        {
          apps: [
            { path: '/api', ...app },
            { path: '/web', ...app },
            { path: '/api/', ...app },
          ],
        },
      );
      assert.deepEqual(issueLines(raw), ['  apps[2].path: same path as apps[0] (got "/api/"; expected a path no other app uses)']);
    });

    for (const host of ['0.0.0.0', '10.1.2.3', '::', 'admin.example.com', '128.0.0.1']) {
      it(`requires an admin token when the admin host is ${host}`, () => {
        assert.deepEqual(issueLines(rawConfig({}, { admin: { host } })), [
          `  admin.token: missing (expected a bearer token, because admin.host ${JSON.stringify(host)} is not a loopback address)`,
        ]);
      });
    }

    it('requires pingResponseTime above 0 while pinging is enabled', () => {
      assert.deepEqual(issueLines(rawConfig({ processModel: { pingResponseTime: '0s' } })), [
        '  pools.api.processModel.pingResponseTime: out of range (got "0s"; expected a duration above 0 while pingingEnabled is true (set pingingEnabled: false to stop health pings))',
      ]);
    });
  });

  describe('when several things are wrong', () => {
    it('lists every issue in one error, structural ones first', async () => {
      const file = fixture('invalid.yaml');
      await assert.rejects(loadConfig(file), {
        code: 'ERR_CONFIG_INVALID',
        message: [
          `${file} is not a valid poolchaos config:`,
          '  pools.api.queueLength: wrong type (got "10"; expected an integer of 1 or more)',
          '  pools.api.processModel.pingInterval: not a duration (got "fast"; expected a duration such as 90s, 1m30s, 00:01:30 or milliseconds)',
          '  pools.api.recycling.periodicRestart.schedule[1]: wrong format (got "24:00"; expected a time of day hh:mm from 00:00 to 23:59)',
          '  pools.api.pingInteval: unknown key (expected one of: queueLength, maxProcesses, startMode, processModel, responseDeadlockInterval, recycling, failure, retry, identity, environmentVariables)',
          '  apps[1].pool: no such pool (got "web"; expected one of the pools: api)',
          '  admin.token: missing (expected a bearer token, because admin.host "0.0.0.0" is not a loopback address)',
        ].join('\n'),
      });
    });
  });

  describe('when a handler module does not exist', () => {
    it('throws ERR_CONFIG_MODULE_NOT_FOUND naming the file, the key path and the resolved path', async () => {
      const file = fixture('missing-module.yaml');
      const missing = path.join(FIXTURES, 'handlers', 'missing.ts');
      await assert.rejects(loadConfig(file), {
        code: 'ERR_CONFIG_MODULE_NOT_FOUND',
        message: `${file}: apps[2].module: handler module ${missing} does not exist`,
        issues: [
          {
            path: 'apps[2].module',
            message: 'not found',
            value: 'handlers/missing.ts',
            expected: `a handler module file (looked for ${missing})`,
          },
        ],
      });
    });

    it('treats a directory as missing', () => {
      assert.throws(() => parseConfig(rawConfig({}, { apps: [{ path: '/', pool: 'api', module: 'handlers' }] }), options), {
        code: 'ERR_CONFIG_MODULE_NOT_FOUND',
        message: `<inline config>: apps[0].module: handler module ${path.join(FIXTURES, 'handlers')} does not exist`,
      });
    });
  });
});

describe('loadConfig', () => {
  describe('when the file is valid', () => {
    it('reads YAML and JSON to the same config', async () => {
      const fromYaml = await loadConfig(fixture('minimal.yaml'));
      const fromJson = await loadConfig(fixture('minimal.json'));
      assert.deepStrictEqual({ ...fromJson, file: null }, { ...fromYaml, file: null });
      assert.equal(fromYaml.file, fixture('minimal.yaml'));
      assert.equal(fromJson.file, fixture('minimal.json'));
    });

    it('resolves modules against the config file folder, whatever the working directory', async () => {
      const config: ServerConfig = await loadConfig(path.relative(process.cwd(), fixture('full.yaml')));
      assert.deepEqual(
        config.apps.map((app) => app.module),
        [HELLO, HELLO, HELLO],
      );
    });

    it('loads a config whose apps all run in process', async () => {
      const config = await loadConfig(fixture('in-process.yaml'));
      assert.deepStrictEqual(config.apps, [{ path: '/', pool: null, module: HELLO, inProcess: true }]);
    });
  });

  describe('when the file cannot be parsed', () => {
    it('reports a YAML error with its line and column', async () => {
      const file = fixture('duplicate-key.yaml');
      await assert.rejects(loadConfig(file), {
        code: 'ERR_CONFIG_SYNTAX',
        message: `${file} is not valid YAML: line 3, column 3: Map keys must be unique`,
      });
    });

    it('reports a JSON error with its position', async () => {
      const file = fixture('trailing-comma.json');
      await assert.rejects(loadConfig(file), {
        code: 'ERR_CONFIG_SYNTAX',
        message: `${file} is not valid JSON: Expected double-quoted property name in JSON at position 17 (line 3 column 1)`,
      });
    });

    it('treats an empty file as an empty config', async () => {
      const file = fixture('empty.yaml');
      await assert.rejects(loadConfig(file), {
        code: 'ERR_CONFIG_INVALID',
        message: `${file} is not a valid poolchaos config:\n  (top level): wrong type (got null; expected a mapping with the keys listen, admin, chaos, limits, telemetry, log, pools, apps)`,
      });
    });
  });

  describe('when the file cannot be read', () => {
    it('reports a missing file', async () => {
      const file = fixture('nope.yaml');
      await assert.rejects(loadConfig(file), { code: 'ERR_CONFIG_NOT_FOUND', message: `config file ${file} does not exist` });
    });

    it('reports a directory as unreadable', async () => {
      await assert.rejects(loadConfig(path.join(FIXTURES, 'handlers')), {
        code: 'ERR_CONFIG_UNREADABLE',
        message: `config file ${path.join(FIXTURES, 'handlers')} cannot be read: EISDIR: illegal operation on a directory, read`,
      });
    });
  });
});
