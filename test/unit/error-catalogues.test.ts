/**
 * Every error catalogue of the project, pinned in one place: each code with its placeholder count,
 * HTTP status and exit status. Changing any of them breaks a caller, a client or a script that reads
 * the exit status, so a change here is a change of the public surface.
 */
import assert from 'node:assert/strict';
import { ExpectationError, expectErrorTemplates } from '../../chaos/expect/expect-errors.ts';
import { LoadError, loadErrorTemplates } from '../../chaos/load/load-errors.ts';
import { ScenarioError, scenarioErrorTemplates } from '../../chaos/scenario/scenario-errors.ts';
import {
  ConfigError,
  PoolchaosError,
  placeholderCount,
  serverError,
  serverErrorTemplates,
  type ErrorCatalogue,
} from '../../server/index.ts';

type Pin = readonly [placeholders: number, httpStatus: number, exitCode: number];

const CATALOGUES: Readonly<
  Record<string, { readonly catalogue: ErrorCatalogue; readonly prefixes: readonly string[]; readonly pins: Readonly<Record<string, Pin>> }>
> = {
  server: {
    catalogue: serverErrorTemplates,
    prefixes: ['ERR_CONFIG_', 'ERR_POOL_', 'ERR_ADMIN_', 'ERR_CHAOS_', 'ERR_METRICS_', 'ERR_TELEMETRY_', 'ERR_FRONT_'],
    pins: {
      ERR_CONFIG_NOT_FOUND: [1, 400, 2],
      ERR_CONFIG_UNREADABLE: [2, 400, 2],
      ERR_CONFIG_SYNTAX: [3, 400, 2],
      ERR_CONFIG_INVALID: [2, 400, 2],
      ERR_CONFIG_MODULE_NOT_FOUND: [3, 400, 2],
      ERR_CONFIG_IDENTITY_REQUIRES_ROOT: [2, 400, 2],
      ERR_CONFIG_IDENTITY_UNKNOWN: [3, 400, 2],
      ERR_CONFIG_IDENTITY_NO_ACCESS: [3, 400, 2],
      ERR_POOL_NOT_FOUND: [2, 404, 1],
      ERR_POOL_STOPPED: [1, 409, 1],
      ERR_ADMIN_UNAUTHORIZED: [0, 401, 1],
      ERR_ADMIN_NOT_FOUND: [2, 404, 1],
      ERR_ADMIN_METHOD_NOT_ALLOWED: [3, 405, 1],
      ERR_ADMIN_UNREACHABLE: [2, 502, 1],
      ERR_ADMIN_INTERNAL: [1, 500, 1],
      ERR_ADMIN_REQUEST_FAILED: [2, 502, 1],
      ERR_CHAOS_DISABLED: [0, 404, 1],
      ERR_CHAOS_INVALID: [1, 400, 1],
      ERR_CHAOS_NO_TARGET: [3, 409, 1],
      ERR_METRICS_DISABLED: [0, 404, 1],
      ERR_TELEMETRY_EXPORTER: [1, 400, 1],
      ERR_FRONT_LISTEN: [3, 500, 1],
    },
  },
  scenario: {
    catalogue: scenarioErrorTemplates,
    prefixes: ['ERR_SCENARIO_'],
    pins: {
      ERR_SCENARIO_NOT_FOUND: [1, 400, 2],
      ERR_SCENARIO_UNREADABLE: [2, 400, 2],
      ERR_SCENARIO_SYNTAX: [2, 400, 2],
      ERR_SCENARIO_INVALID: [2, 400, 2],
    },
  },
  expectation: {
    catalogue: expectErrorTemplates,
    prefixes: ['ERR_EXPECT_'],
    pins: {
      ERR_EXPECT_SYNTAX: [2, 400, 2],
      ERR_EXPECT_UNKNOWN_FIGURE: [2, 400, 2],
      ERR_EXPECT_WINDOW_UNSUPPORTED: [3, 400, 2],
      ERR_EXPECT_BAD_LABEL: [3, 400, 2],
      ERR_EXPECT_MISSING_LABEL: [3, 400, 2],
      ERR_EXPECT_UNKNOWN_UNIT: [4, 400, 2],
      ERR_EXPECT_UNIT_MISMATCH: [5, 400, 2],
      ERR_EXPECT_BAD_SETTING: [2, 400, 2],
    },
  },
  'load driver': {
    catalogue: loadErrorTemplates,
    prefixes: ['ERR_LOAD_'],
    pins: {
      ERR_LOAD_PLAN_INVALID: [1, 400, 2],
      ERR_LOAD_URL_INVALID: [2, 400, 2],
      ERR_LOAD_URL_NOT_LOOPBACK: [1, 400, 2],
      ERR_LOAD_CHILD_FAILED: [1, 500, 1],
      ERR_LOAD_CHILD_EXITED: [2, 500, 1],
      ERR_LOAD_CHILD_HUNG: [2, 500, 1],
      ERR_LOAD_K6_MISSING: [1, 500, 1],
    },
  },
};

describe('error catalogues', () => {
  for (const [area, { catalogue, prefixes, pins }] of Object.entries(CATALOGUES)) {
    describe(`the ${area} catalogue`, () => {
      it('has exactly the pinned codes, each with its placeholders, HTTP status and exit status', () => {
        const actual = Object.fromEntries(
          Object.entries(catalogue).map(([code, entry]) => [code, [placeholderCount(entry.message), entry.httpStatus, entry.exitCode]]),
        );
        assert.deepEqual(actual, pins);
      });

      it('names every code for its area and writes messages with %s placeholders only, without a final period', () => {
        for (const [code, entry] of Object.entries(catalogue)) {
          assert.ok(prefixes.some((prefix) => code.startsWith(prefix)) && /^ERR_[A-Z0-9]+(_[A-Z0-9]+)+$/.test(code), code);
          assert.equal(/%[^s]/.test(entry.message), false, code);
          assert.equal(entry.message.endsWith('.'), false, code);
        }
      });
    });
  }

  it('never gives two catalogues the same code', () => {
    const codes = Object.values(CATALOGUES).flatMap(({ catalogue }) => Object.keys(catalogue));
    assert.equal(new Set(codes).size, codes.length);
  });

  describe('every error class', () => {
    it('is a PoolchaosError carrying the code and both statuses of its entry, as stated', () => {
      const errors: readonly [PoolchaosError, string, number, number][] = [
        [serverError('ERR_POOL_STOPPED', ['web']), 'ERR_POOL_STOPPED', 409, 1],
        [new ConfigError('ERR_CONFIG_INVALID', ['f.yaml', '  x: y'], []), 'ERR_CONFIG_INVALID', 400, 2],
        [new ScenarioError('ERR_SCENARIO_NOT_FOUND', ['s.yaml']), 'ERR_SCENARIO_NOT_FOUND', 400, 2],
        [new ExpectationError('ERR_EXPECT_SYNTAX', 'x', 1, 'bad'), 'ERR_EXPECT_SYNTAX', 400, 2],
        [new LoadError('ERR_LOAD_URL_NOT_LOOPBACK', ['http://10.0.0.1']), 'ERR_LOAD_URL_NOT_LOOPBACK', 400, 2],
        [new LoadError('ERR_LOAD_CHILD_HUNG', [1, 2]), 'ERR_LOAD_CHILD_HUNG', 500, 1],
      ];
      for (const [error, code, httpStatus, exitCode] of errors) {
        assert.ok(error instanceof PoolchaosError, code);
        assert.deepEqual([error.code, error.httpStatus, error.exitCode], [code, httpStatus, exitCode]);
      }
    });
  });
});
