import assert from 'node:assert/strict';
import { buildRequestBytes } from '../../../../chaos/load/request-bytes.ts';

describe('buildRequestBytes', () => {
  describe('when keep-alive is on and there is no body', () => {
    it("writes the request line, Host, Connection: keep-alive and the plan's headers", () => {
      const bytes = buildRequestBytes({ method: 'GET', path: '/a?b=1', headers: { 'X-Step': '1' }, body: null }, '127.0.0.1:8080', true);
      assert.equal(bytes.toString('latin1'), 'GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: keep-alive\r\nX-Step: 1\r\n\r\n');
    });
  });

  describe('when keep-alive is off and there is a body', () => {
    it("writes Connection: close once and the body's UTF-8 length", () => {
      const bytes = buildRequestBytes(
        {
          method: 'POST',
          path: '/p',
          headers: { connection: 'keep-alive', 'Content-Length': '999', 'content-type': 'text/plain' },
          body: 'é!',
        },
        'localhost:1',
        false,
      );
      assert.equal(
        bytes.toString('utf8'),
        'POST /p HTTP/1.1\r\nHost: localhost:1\r\nConnection: close\r\ncontent-type: text/plain\r\nContent-Length: 3\r\n\r\né!',
      );
    });

    it('writes Content-Length: 0 for an empty body', () => {
      const bytes = buildRequestBytes({ method: 'PUT', path: '/', headers: {}, body: '' }, 'h:1', false);
      assert.equal(bytes.toString('latin1'), 'PUT / HTTP/1.1\r\nHost: h:1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
  });

  describe('when the plan sets Host', () => {
    it("sends the plan's Host instead of the URL's, once", () => {
      const bytes = buildRequestBytes({ method: 'GET', path: '/', headers: { HOST: 'front.test' }, body: null }, '127.0.0.1:1', true);
      assert.equal(bytes.toString('latin1'), 'GET / HTTP/1.1\r\nHost: front.test\r\nConnection: keep-alive\r\n\r\n');
    });
  });
});
