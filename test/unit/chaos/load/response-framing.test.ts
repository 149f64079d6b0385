import assert from 'node:assert/strict';
import { hasNoBody, isConnectionReusable, type ResponseHead } from '../../../../chaos/load/response-framing.ts';

function head(overrides: Partial<ResponseHead>): ResponseHead {
  return { versionMajor: 1, versionMinor: 1, statusCode: 200, headers: [], shouldKeepAlive: true, ...overrides };
}

describe('hasNoBody', () => {
  it('is true for HEAD, 204 and 304 only', () => {
    assert.deepEqual(
      [hasNoBody('HEAD', 200), hasNoBody('GET', 204), hasNoBody('POST', 304), hasNoBody('GET', 200), hasNoBody('GET', 503)],
      [true, true, true, false, false],
    );
  });
});

describe('isConnectionReusable', () => {
  describe('when the parser says keep alive', () => {
    it('reuses the connection', () => {
      assert.equal(isConnectionReusable(head({}), false), true);
    });
  });

  describe('when the parser says not to keep alive', () => {
    it('does not reuse a connection whose response had a body', () => {
      assert.equal(isConnectionReusable(head({ shouldKeepAlive: false }), false), false);
    });

    it('reuses it after a bodiless HTTP/1.1 response unless Connection says close', () => {
      assert.equal(isConnectionReusable(head({ shouldKeepAlive: false, statusCode: 204 }), true), true);
      assert.equal(isConnectionReusable(head({ shouldKeepAlive: false, headers: ['Connection', 'Close'] }), true), false);
      assert.equal(
        isConnectionReusable(head({ shouldKeepAlive: false, headers: ['Connection', 'x', 'connection', 'close'] }), true),
        false,
      );
    });

    it('reuses it after a bodiless HTTP/1.0 response only with Connection: keep-alive', () => {
      assert.equal(isConnectionReusable(head({ shouldKeepAlive: false, versionMinor: 0 }), true), false);
      assert.equal(
        isConnectionReusable(head({ shouldKeepAlive: false, versionMinor: 0, headers: ['Connection', 'Keep-Alive'] }), true),
        true,
      );
    });
  });
});
