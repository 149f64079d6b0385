import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { placeholderCount } from '../../../server/error-catalogue.ts';
import { PoolchaosError, formatTemplate, serverError, serverErrorTemplates, type ServerErrorCode } from '../../../server/errors.ts';

/** The page that owns the error codes. */
const ERRORS_DOC = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));

const CODES = Object.keys(serverErrorTemplates) as ServerErrorCode[];

describe('server error catalogue', () => {
  // Codes, placeholders and statuses are pinned with every other catalogue in test/unit/error-catalogues.test.ts.
  describe('when a code is mentioned in docs/errors.md', () => {
    it('documents every code in docs/errors.md', () => {
      assert.ok(existsSync(ERRORS_DOC), `docs/errors.md does not exist yet at ${ERRORS_DOC}`);
      const page = readFileSync(ERRORS_DOC, 'utf8');
      const missing = CODES.filter((code) => !page.includes(code));
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
        const args = Array.from({ length: placeholderCount(serverErrorTemplates[code].message) }, (_, i) => `<${i}>`);
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
      assert.deepEqual(
        [error.name, error.code, error.message, error.httpStatus, error.exitCode],
        ['PoolchaosError', 'ERR_CHAOS_X', 'chaos broke', 500, 1],
      );
    });
  });
});
