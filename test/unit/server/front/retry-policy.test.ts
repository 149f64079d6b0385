import assert from 'node:assert/strict';
import { MAX_ATTEMPTS, decideFailover, isIdempotent, type FailoverFacts } from '../../../../server/front/retry-policy.ts';

/** A request that can be replayed: idempotent, retry on, no response byte yet, body held, first attempt. */
function facts(overrides: Partial<FailoverFacts> = {}): FailoverFacts {
  return {
    isIdempotent: true,
    isRetryEnabled: true,
    hasResponseStarted: false,
    isBodyReplayable: true,
    attempts: 1,
    ...overrides,
  };
}

describe('isIdempotent', () => {
  describe('when the request has no Idempotency-Key', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      it(`treats ${method} as idempotent`, () => {
        assert.equal(isIdempotent(method, false), true);
      });
    }

    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'CONNECT', 'TRACE', 'PROPFIND']) {
      it(`does not treat ${method} as idempotent`, () => {
        assert.equal(isIdempotent(method, false), false);
      });
    }

    it('matches method names case-sensitively (Node reports them upper-case)', () => {
      assert.equal(isIdempotent('get', false), false);
    });
  });

  describe('when the request carries an Idempotency-Key', () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      it(`treats ${method} as idempotent`, () => {
        assert.equal(isIdempotent(method, true), true);
      });
    }
  });
});

describe('decideFailover', () => {
  describe('when the request can be replayed', () => {
    it('allows MAX_ATTEMPTS = 3 attempts in all', () => {
      assert.equal(MAX_ATTEMPTS, 3);
    });

    it('retries after the first and second attempts', () => {
      assert.deepEqual(decideFailover(facts({ attempts: 1 })), { kind: 'retry' });
      assert.deepEqual(decideFailover(facts({ attempts: 2 })), { kind: 'retry' });
    });

    it('gives the request up as worker_died after MAX_ATTEMPTS attempts', () => {
      assert.deepEqual(decideFailover(facts({ attempts: MAX_ATTEMPTS })), { kind: 'lost', reason: 'worker_died' });
      assert.deepEqual(decideFailover(facts({ attempts: MAX_ATTEMPTS + 1 })), { kind: 'lost', reason: 'worker_died' });
    });
  });

  describe('when a response byte has arrived', () => {
    it('reports the request truncated', () => {
      assert.deepEqual(decideFailover(facts({ hasResponseStarted: true })), { kind: 'lost', reason: 'truncated' });
    });

    it('reports truncated rather than worker_died whatever else holds', () => {
      const worst = facts({ hasResponseStarted: true, isIdempotent: false, isRetryEnabled: false, isBodyReplayable: false, attempts: 3 });
      assert.deepEqual(decideFailover(worst), { kind: 'lost', reason: 'truncated' });
    });
  });

  describe('when one condition for a replay is missing', () => {
    it('loses a non-idempotent request as worker_died', () => {
      assert.deepEqual(decideFailover(facts({ isIdempotent: false })), { kind: 'lost', reason: 'worker_died' });
    });

    it('loses the request as worker_died when retry is disabled', () => {
      assert.deepEqual(decideFailover(facts({ isRetryEnabled: false })), { kind: 'lost', reason: 'worker_died' });
    });

    it('loses the request as worker_died when its body cannot be replayed', () => {
      assert.deepEqual(decideFailover(facts({ isBodyReplayable: false })), { kind: 'lost', reason: 'worker_died' });
    });
  });

  describe('over every combination of the facts', () => {
    it('retries only when idempotent, enabled, replayable, unstarted and below MAX_ATTEMPTS', () => {
      const bools = [false, true] as const;
      let retries = 0;
      let cases = 0;
      for (const isIdempotentRequest of bools) {
        for (const isRetryEnabled of bools) {
          for (const hasResponseStarted of bools) {
            for (const isBodyReplayable of bools) {
              for (const attempts of [1, 2, 3]) {
                const decision = decideFailover({
                  isIdempotent: isIdempotentRequest,
                  isRetryEnabled,
                  hasResponseStarted,
                  isBodyReplayable,
                  attempts,
                });
                cases++;
                let expected: ReturnType<typeof decideFailover>;
                if (hasResponseStarted) expected = { kind: 'lost', reason: 'truncated' };
                else if (isIdempotentRequest && isRetryEnabled && isBodyReplayable && attempts < 3) expected = { kind: 'retry' };
                else expected = { kind: 'lost', reason: 'worker_died' };
                if (decision.kind === 'retry') retries++;
                assert.deepEqual(
                  decision,
                  expected,
                  JSON.stringify({ isIdempotentRequest, isRetryEnabled, hasResponseStarted, isBodyReplayable, attempts }),
                );
              }
            }
          }
        }
      }
      assert.deepEqual([cases, retries], [48, 2]);
    });
  });
});
