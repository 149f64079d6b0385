import assert from 'node:assert/strict';
import { validateLoadPlan } from '../../../../chaos/load/load-plan-validation.ts';
import type { LoadPlan } from '../../../../chaos/load/load-types.ts';

const VALID: LoadPlan = {
  url: 'http://127.0.0.1:8080',
  connections: 4,
  ratePerSecond: null,
  durationMs: 1000,
  timeoutMs: 500,
  isKeepAlive: true,
  requests: [{ method: 'GET', path: '/', headers: { 'x-a': 'b' }, body: null }],
};

/** The plan as a caller outside TypeScript might pass it. */
function withFields(fields: Record<string, unknown>): LoadPlan {
  const plan: Record<string, unknown> = { ...VALID, ...fields };
  return plan as unknown as LoadPlan;
}

describe('validateLoadPlan', () => {
  describe('when the plan is valid', () => {
    it('accepts it, with or without a rate', () => {
      validateLoadPlan(VALID);
      validateLoadPlan({ ...VALID, ratePerSecond: 100, requests: [{ method: 'POST', path: '/x?y=%20', headers: {}, body: '' }] });
    });
  });

  describe('when the URL is off loopback', () => {
    it('throws the URL error before anything else', () => {
      assert.throws(() => validateLoadPlan(withFields({ url: 'http://10.0.0.1', connections: 0 })), { code: 'ERR_LOAD_URL_NOT_LOOPBACK' });
    });
  });

  describe('when fields are wrong', () => {
    it('lists every problem with its path, what was expected and the value', () => {
      const plan = withFields({ connections: 0, ratePerSecond: 1.5, durationMs: -1, timeoutMs: '5', isKeepAlive: 'yes' });
      assert.throws(() => validateLoadPlan(plan), {
        code: 'ERR_LOAD_PLAN_INVALID',
        message: [
          'not a valid load plan:',
          '  - connections: expected a whole number >= 1 (got 0)',
          '  - ratePerSecond: expected null or a whole number >= 1 (got 1.5)',
          '  - durationMs: expected a whole number >= 1 (got -1)',
          '  - timeoutMs: expected a whole number >= 1 (got "5")',
          '  - isKeepAlive: expected true or false (got "yes")',
        ].join('\n'),
      });
    });

    it('refuses an empty request list', () => {
      assert.throws(() => validateLoadPlan({ ...VALID, requests: [] }), {
        message: 'not a valid load plan:\n  - requests: expected at least one request (got [])',
      });
    });

    it('refuses requests that would not be one well-formed HTTP request', () => {
      const plan = withFields({
        requests: [
          { method: 'GE T', path: 'relative', headers: { 'bad name': 'x', ok: 'line\r\nbreak' }, body: 5 },
          { method: 'GET', path: '/with space', headers: {}, body: null },
        ],
      });
      assert.throws(() => validateLoadPlan(plan), {
        code: 'ERR_LOAD_PLAN_INVALID',
        message: [
          'not a valid load plan:',
          '  - requests[0].method: expected an HTTP method token such as GET (got "GE T")',
          '  - requests[0].path: expected a path starting with "/" in visible ASCII (got "relative")',
          '  - requests[0].body: expected a string or null (got 5)',
          '  - requests[0].headers: expected header names that are HTTP tokens (got "bad name")',
          '  - requests[0].headers.ok: expected a one-line latin1 header value (got "line\\r\\nbreak")',
          '  - requests[1].path: expected a path starting with "/" in visible ASCII (got "/with space")',
        ].join('\n'),
      });
    });
  });
});
