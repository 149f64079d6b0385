import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  PoolchaosError,
  formatTemplate,
  serverError,
  serverErrorTemplates,
  type ServerErrorCode,
} from '../../../server/errors.ts';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

const CODES = Object.keys(serverErrorTemplates) as ServerErrorCode[];

/** Every code with its `%s` count and HTTP status: changing either breaks callers or clients. */
const CATALOGUE: Readonly<Record<ServerErrorCode, readonly [placeholders: number, httpStatus: number]>> = {
  ERR_ADMIN_INTERNAL: [1, 500],
  ERR_ADMIN_METHOD_NOT_ALLOWED: [3, 405],
  ERR_ADMIN_NOT_FOUND: [2, 404],
  ERR_ADMIN_REQUEST_FAILED: [2, 502],
  ERR_ADMIN_UNAUTHORIZED: [0, 401],
  ERR_ADMIN_UNREACHABLE: [2, 502],
  ERR_CHAOS_DISABLED: [0, 404],
  ERR_CHAOS_INVALID: [1, 400],
  ERR_CHAOS_NO_TARGET: [3, 409],
  ERR_CONFIG_IDENTITY_NO_ACCESS: [3, 400],
  ERR_CONFIG_IDENTITY_REQUIRES_ROOT: [2, 400],
  ERR_CONFIG_IDENTITY_UNKNOWN: [3, 400],
  ERR_CONFIG_INVALID: [2, 400],
  ERR_CONFIG_MODULE_NOT_FOUND: [3, 400],
  ERR_CONFIG_NOT_FOUND: [1, 400],
  ERR_CONFIG_SYNTAX: [3, 400],
  ERR_CONFIG_UNREADABLE: [2, 400],
  ERR_FRONT_LISTEN: [3, 500],
  ERR_METRICS_DISABLED: [0, 404],
  ERR_POOL_NOT_FOUND: [2, 404],
  ERR_POOL_STOPPED: [1, 409],
  ERR_TELEMETRY_EXPORTER: [1, 400],
};

function placeholderCount(message: string): number {
  return message.match(/%s/g)?.length ?? 0;
}

describe('server error catalogue', () => {
  describe('the list of codes', () => {
    it('is exactly these twenty-one codes', () => {
      assert.deepEqual([...CODES].sort(), [
        'ERR_ADMIN_INTERNAL',
        'ERR_ADMIN_METHOD_NOT_ALLOWED',
        'ERR_ADMIN_NOT_FOUND',
        'ERR_ADMIN_REQUEST_FAILED',
        'ERR_ADMIN_UNAUTHORIZED',
        'ERR_ADMIN_UNREACHABLE',
        'ERR_CHAOS_DISABLED',
        'ERR_CHAOS_INVALID',
        'ERR_CHAOS_NO_TARGET',
        'ERR_CONFIG_IDENTITY_REQUIRES_ROOT',
        'ERR_CONFIG_IDENTITY_UNKNOWN',
        'ERR_CONFIG_INVALID',
        'ERR_CONFIG_MODULE_NOT_FOUND',
        'ERR_CONFIG_NOT_FOUND',
        'ERR_CONFIG_SYNTAX',
        'ERR_CONFIG_UNREADABLE',
        'ERR_FRONT_LISTEN',
        'ERR_METRICS_DISABLED',
        'ERR_POOL_NOT_FOUND',
        'ERR_POOL_STOPPED',
        'ERR_TELEMETRY_EXPORTER',
      ]);
    });

    it('names every code ERR_<AREA>_<WHAT> with a known area', () => {
      for (const code of CODES) assert.match(code, /^ERR_(CONFIG|POOL|ADMIN|CHAOS|METRICS|TELEMETRY|FRONT)_[A-Z]+(_[A-Z]+)*$/);
    });
  });

  describe('each template', () => {
    for (const code of Object.keys(CATALOGUE) as ServerErrorCode[]) {
      const [placeholders, httpStatus] = CATALOGUE[code];
      it(`gives ${code} ${placeholders} placeholder(s) and HTTP ${httpStatus}`, () => {
        const template = serverErrorTemplates[code];
        assert.equal(placeholderCount(template.message), placeholders);
        assert.equal(template.httpStatus, httpStatus);
      });
    }

    it('has a non-empty message with no other printf-style placeholder', () => {
      for (const code of CODES) {
        const { message } = serverErrorTemplates[code];
        assert.ok(message.length > 0, code);
        assert.doesNotMatch(message.replaceAll('%s', ''), /%[a-z%]/i, code);
      }
    });
  });

  describe('when a code is mentioned in README.md', () => {
    it('documents every code in README.md', () => {
      assert.ok(existsSync(README), `README.md does not exist yet at ${README}`);
      const readme = readFileSync(README, 'utf8');
      const missing = CODES.filter((code) => !readme.includes(code));
      assert.deepEqual(missing, []);
    });
  });
});

describe('formatTemplate', () => {
  describe('when the arguments match the placeholders', () => {
    it('fills each %s in order', () => {
      assert.equal(formatTemplate('%s is not valid %s: %s', ['a.yaml', 'YAML', 'bad']), 'a.yaml is not valid YAML: bad');
    });

    it('stringifies numbers, null, undefined and objects with String()', () => {
      assert.equal(formatTemplate('%s|%s|%s|%s', [42, null, undefined, ['x', 'y']]), '42|null|undefined|x,y');
    });

    it('returns a template without placeholders unchanged', () => {
      assert.equal(formatTemplate('missing or wrong bearer token', ['ignored']), 'missing or wrong bearer token');
    });
  });

  describe('when the arguments do not match', () => {
    it('ignores extra arguments', () => {
      assert.equal(formatTemplate('pool %s', ['a', 'b']), 'pool a');
    });

    it('leaves %s for missing arguments', () => {
      assert.equal(formatTemplate('%s and %s', ['one']), 'one and %s');
      assert.equal(formatTemplate('%s and %s', []), '%s and %s');
    });
  });

  describe('when an argument itself contains %s', () => {
    it('does not fill it with a later argument', () => {
      assert.equal(formatTemplate('%s then %s', ['%s', 'second']), '%s then second');
    });

    it('inserts $ patterns literally', () => {
      assert.equal(formatTemplate('got %s', ["$& $1 $$ $'"]), "got $& $1 $$ $'");
    });
  });
});

describe('serverError', () => {
  describe('when building an error from the catalogue', () => {
    it('sets code, formatted message and httpStatus', () => {
      const error = serverError('ERR_POOL_NOT_FOUND', ['api', 'web, batch']);
      assert.ok(error instanceof PoolchaosError);
      assert.ok(error instanceof Error);
      assert.deepEqual(
        [error.name, error.code, error.message, error.httpStatus],
        ['PoolchaosError', 'ERR_POOL_NOT_FOUND', 'no pool named api (pools: web, batch)', 404],
      );
    });

    it('builds every code with its template filled', () => {
      for (const code of CODES) {
        const args = Array.from({ length: CATALOGUE[code][0] }, (_, i) => `<${i}>`);
        const error = serverError(code, args);
        assert.equal(error.code, code);
        assert.equal(error.httpStatus, serverErrorTemplates[code].httpStatus);
        assert.equal(error.message.includes('%s'), false, code);
        for (const arg of args) assert.ok(error.message.includes(arg), `${code} shows ${arg}`);
      }
    });

    it('passes the cause through', () => {
      const cause = new Error('EACCES');
      const error = serverError('ERR_CONFIG_UNREADABLE', ['/etc/p.yaml', 'EACCES'], { cause });
      assert.equal(error.cause, cause);
      assert.equal(error.message, 'config file /etc/p.yaml cannot be read: EACCES');
    });

    it('has no cause when none is given', () => {
      assert.equal(Object.hasOwn(serverError('ERR_ADMIN_UNAUTHORIZED', []), 'cause'), false);
    });
  });
});

describe('PoolchaosError', () => {
  describe('when constructed directly', () => {
    it('keeps code, message and httpStatus as given', () => {
      const error = new PoolchaosError('ERR_CHAOS_X', { message: 'unused', httpStatus: 500, exitCode: 1 }, 'chaos broke');
      assert.deepEqual([error.name, error.code, error.message, error.httpStatus, error.exitCode], ['PoolchaosError', 'ERR_CHAOS_X', 'chaos broke', 500, 1]);
    });
  });
});
