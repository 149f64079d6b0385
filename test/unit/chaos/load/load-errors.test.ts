import assert from 'node:assert/strict';
import { PoolchaosError } from '../../../../server/index.ts';
import { LoadError, loadErrorTemplates, type LoadErrorCode } from '../../../../chaos/load/load-errors.ts';

/** Every code with its `%s` count: changing either breaks the messages callers build. */
const CATALOGUE: Readonly<Record<LoadErrorCode, number>> = {
  ERR_LOAD_PLAN_INVALID: 1,
  ERR_LOAD_URL_INVALID: 2,
  ERR_LOAD_URL_NOT_LOOPBACK: 1,
  ERR_LOAD_CHILD_FAILED: 1,
  ERR_LOAD_CHILD_EXITED: 2,
  ERR_LOAD_CHILD_HUNG: 2,
  ERR_LOAD_K6_MISSING: 1,
};

describe('load error catalogue', () => {
  it('is exactly these codes, each with its placeholders', () => {
    assert.deepEqual(Object.keys(loadErrorTemplates).sort(), Object.keys(CATALOGUE).sort());
    for (const [code, placeholders] of Object.entries(CATALOGUE)) {
      assert.equal(loadErrorTemplates[code as LoadErrorCode].message.match(/%s/g)?.length ?? 0, placeholders, code);
    }
  });

  describe('LoadError', () => {
    it('carries its code, the filled message and a status by kind', () => {
      const error = new LoadError('ERR_LOAD_CHILD_FAILED', ['boom']);
      assert.ok(error instanceof PoolchaosError);
      assert.deepEqual(
        [error.name, error.code, error.message, error.httpStatus],
        ['LoadError', 'ERR_LOAD_CHILD_FAILED', 'the load driver child failed: boom', 500],
      );
      assert.equal(new LoadError('ERR_LOAD_PLAN_INVALID', ['x']).httpStatus, 400);
    });
  });
});
