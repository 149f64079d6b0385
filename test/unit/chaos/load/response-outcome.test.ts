import assert from 'node:assert/strict';
import { headerValue, headerValues } from '../../../../chaos/load/raw-headers.ts';
import { UNKNOWN_REJECT_REASON, classifyResponse } from '../../../../chaos/load/response-outcome.ts';

describe('classifyResponse', () => {
  describe('when the front rejects', () => {
    it('counts a 503 with x-poolchaos-reject as rejected with that reason, whatever the header case', () => {
      assert.deepEqual(classifyResponse(503, ['Content-Length', '4', 'X-Poolchaos-Reject', 'QueueFull']), {
        kind: 'rejected',
        reason: 'QueueFull',
      });
      assert.deepEqual(classifyResponse(503, ['x-poolchaos-reject', ' AppOffline ']), { kind: 'rejected', reason: 'AppOffline' });
    });

    it('names an empty reason Unknown', () => {
      assert.deepEqual(classifyResponse(503, ['x-poolchaos-reject', '']), { kind: 'rejected', reason: UNKNOWN_REJECT_REASON });
      assert.equal(UNKNOWN_REJECT_REASON, 'Unknown');
    });
  });

  describe("when the response is the app's own", () => {
    it('counts a 503 without the header as served', () => {
      assert.deepEqual(classifyResponse(503, ['Content-Length', '4']), { kind: 'served', statusCode: 503 });
    });

    it('counts any other status as served, even with the header', () => {
      assert.deepEqual(classifyResponse(500, ['x-poolchaos-reject', 'QueueFull']), { kind: 'served', statusCode: 500 });
      assert.deepEqual(classifyResponse(200, []), { kind: 'served', statusCode: 200 });
    });
  });
});

describe('raw header lookups', () => {
  it('find values case-insensitively, in order', () => {
    const raw = ['Connection', 'keep-alive', 'X-A', '1', 'connection', 'close'];
    assert.deepEqual(headerValues(raw, 'CONNECTION'), ['keep-alive', 'close']);
    assert.equal(headerValue(raw, 'x-a'), '1');
    assert.equal(headerValue(raw, 'x-b'), null);
  });
});
