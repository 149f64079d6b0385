import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { buildUpstreamHead, filterResponseHeaders } from '../../../../server/front/forward-headers.ts';

/**
 * An IncomingMessage stand-in with only what buildUpstreamHead reads. `headers` is built the way Node
 * builds it: lower-case names, duplicates joined with ", ".
 */
function request(method: string | undefined, url: string | undefined, rawHeaders: string[]): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { method, url, rawHeaders, headers } as unknown as IncomingMessage;
}

/** The head text split into lines, without the final blank line. */
function lines(text: string): string[] {
  assert.equal(text.endsWith('\r\n\r\n'), true, 'head ends with a blank line');
  return text.slice(0, -4).split('\r\n');
}

describe('buildUpstreamHead', () => {
  describe('when the request is a plain GET', () => {
    it('writes the exact head with X-Forwarded-* and keep-alive', () => {
      const head = buildUpstreamHead(request('GET', '/path?q=1', ['Host', 'example.com', 'Accept', '*/*']), '10.0.0.1');
      assert.deepEqual(head, {
        text:
          'GET /path?q=1 HTTP/1.1\r\n' +
          'Host: example.com\r\n' +
          'Accept: */*\r\n' +
          'x-forwarded-for: 10.0.0.1\r\n' +
          'x-forwarded-proto: http\r\n' +
          'x-forwarded-host: example.com\r\n' +
          'connection: keep-alive\r\n' +
          '\r\n',
        framing: 'none',
        contentLength: -1,
      });
    });

    it('keeps header names as the client spelled them and in the same order', () => {
      const head = buildUpstreamHead(request('GET', '/', ['accept', 'a', 'X-CUSTOM', 'b', 'Host', 'h']), '::1');
      assert.deepEqual(lines(head.text).slice(1, 4), ['accept: a', 'X-CUSTOM: b', 'Host: h']);
    });

    it('sends no x-forwarded-host when the request has no Host', () => {
      const head = buildUpstreamHead(request('GET', '/', []), '10.0.0.1');
      assert.equal(head.text, 'GET / HTTP/1.1\r\nx-forwarded-for: 10.0.0.1\r\nx-forwarded-proto: http\r\nconnection: keep-alive\r\n\r\n');
    });

    it('falls back to GET and / when method and url are missing', () => {
      const head = buildUpstreamHead(request(undefined, undefined, []), '10.0.0.1');
      assert.equal(lines(head.text)[0], 'GET / HTTP/1.1');
    });

    it('forwards any method and url verbatim', () => {
      const head = buildUpstreamHead(request('PROPFIND', '/a%20b/../c?x=%2F', []), '10.0.0.1');
      assert.equal(lines(head.text)[0], 'PROPFIND /a%20b/../c?x=%2F HTTP/1.1');
    });
  });

  describe('when the request carries hop-by-hop headers', () => {
    it('removes every standard hop-by-hop header whatever its case', () => {
      const raw = [
        'Host',
        'h',
        'Connection',
        'keep-alive',
        'Keep-Alive',
        'timeout=5',
        'Proxy-Connection',
        'keep-alive',
        'Proxy-Authenticate',
        'Basic',
        'PROXY-AUTHORIZATION',
        'Basic abc',
        'TE',
        'trailers',
        'Trailer',
        'X-Sum',
        'upgrade',
        'websocket',
        'X-Kept',
        '1',
      ];
      const head = buildUpstreamHead(request('GET', '/', raw), '10.0.0.1');
      assert.deepEqual(lines(head.text), [
        'GET / HTTP/1.1',
        'Host: h',
        'X-Kept: 1',
        'x-forwarded-for: 10.0.0.1',
        'x-forwarded-proto: http',
        'x-forwarded-host: h',
        'connection: keep-alive',
      ]);
    });

    it('removes the headers named in Connection, but not close or keep-alive as names', () => {
      const raw = ['Connection', 'close, X-Secret , keep-alive', 'x-secret', 's', 'X-Other', 'o', 'Close', 'c'];
      const head = buildUpstreamHead(request('GET', '/', raw), '10.0.0.1');
      assert.deepEqual(lines(head.text).slice(1, 3), ['X-Other: o', 'Close: c']);
    });

    it('removes names from every Connection header of the request', () => {
      const raw = ['Connection', 'X-A', 'Connection', 'X-B', 'X-A', '1', 'X-B', '2', 'X-C', '3'];
      const head = buildUpstreamHead(request('GET', '/', raw), '10.0.0.1');
      assert.deepEqual(lines(head.text).slice(1, 2), ['X-C: 3']);
    });
  });

  describe('when the request already carries X-Forwarded-*', () => {
    it('appends the client address to an existing X-Forwarded-For', () => {
      const head = buildUpstreamHead(request('GET', '/', ['X-Forwarded-For', '1.2.3.4']), '10.0.0.1');
      assert.equal(lines(head.text)[1], 'x-forwarded-for: 1.2.3.4, 10.0.0.1');
    });

    it('joins several X-Forwarded-For headers in order before the client address', () => {
      const raw = ['X-Forwarded-For', '1.2.3.4', 'Accept', '*/*', 'x-forwarded-for', '5.6.7.8, 9.9.9.9'];
      const head = buildUpstreamHead(request('GET', '/', raw), '10.0.0.1');
      assert.deepEqual(lines(head.text).slice(1, 3), ['Accept: */*', 'x-forwarded-for: 1.2.3.4, 5.6.7.8, 9.9.9.9, 10.0.0.1']);
    });

    it('replaces X-Forwarded-Proto and X-Forwarded-Host with its own', () => {
      const raw = ['Host', 'real.example', 'X-Forwarded-Proto', 'https', 'X-Forwarded-Host', 'spoofed.example'];
      const head = buildUpstreamHead(request('GET', '/', raw), '10.0.0.1');
      assert.deepEqual(lines(head.text), [
        'GET / HTTP/1.1',
        'Host: real.example',
        'x-forwarded-for: 10.0.0.1',
        'x-forwarded-proto: http',
        'x-forwarded-host: real.example',
        'connection: keep-alive',
      ]);
    });
  });

  describe('when the request has a body', () => {
    it('frames it by length and keeps Content-Length', () => {
      const head = buildUpstreamHead(request('POST', '/upload', ['Host', 'h', 'Content-Length', '10']), '10.0.0.1');
      assert.deepEqual(head, {
        text:
          'POST /upload HTTP/1.1\r\n' +
          'Host: h\r\n' +
          'Content-Length: 10\r\n' +
          'x-forwarded-for: 10.0.0.1\r\n' +
          'x-forwarded-proto: http\r\n' +
          'x-forwarded-host: h\r\n' +
          'connection: keep-alive\r\n' +
          '\r\n',
        framing: 'length',
        contentLength: 10,
      });
    });

    it('reports no framing for Content-Length 0 but keeps the header', () => {
      const head = buildUpstreamHead(request('POST', '/', ['Content-Length', '0']), '10.0.0.1');
      assert.deepEqual([head.framing, head.contentLength, lines(head.text)[1]], ['none', 0, 'Content-Length: 0']);
    });

    it('frames a chunked body as chunked and rewrites Transfer-Encoding after the forwarded headers', () => {
      const head = buildUpstreamHead(request('POST', '/', ['Host', 'h', 'Transfer-Encoding', 'Chunked']), '10.0.0.1');
      assert.deepEqual(head, {
        text:
          'POST / HTTP/1.1\r\n' +
          'Host: h\r\n' +
          'x-forwarded-for: 10.0.0.1\r\n' +
          'x-forwarded-proto: http\r\n' +
          'x-forwarded-host: h\r\n' +
          'transfer-encoding: chunked\r\n' +
          'connection: keep-alive\r\n' +
          '\r\n',
        framing: 'chunked',
        contentLength: -1,
      });
    });

    it('treats "gzip, chunked" as chunked', () => {
      const head = buildUpstreamHead(request('PUT', '/', ['Transfer-Encoding', 'gzip, chunked']), '10.0.0.1');
      assert.equal(head.framing, 'chunked');
      assert.equal(lines(head.text).filter((line) => line.toLowerCase().startsWith('transfer-encoding')).length, 1);
    });
  });

  describe('when the front passes its own traceparent', () => {
    const OURS = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const CLIENTS = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

    it("replaces the client's traceparent with it after the forwarded headers and keeps tracestate in place", () => {
      const raw = ['Host', 'h', 'traceparent', CLIENTS, 'tracestate', 'vendor=1,other=2', 'Accept', '*/*'];
      const head = buildUpstreamHead(request('GET', '/x?q', raw), '10.0.0.1', OURS);
      assert.deepEqual(head, {
        text:
          'GET /x?q HTTP/1.1\r\n' +
          'Host: h\r\n' +
          'tracestate: vendor=1,other=2\r\n' +
          'Accept: */*\r\n' +
          'x-forwarded-for: 10.0.0.1\r\n' +
          'x-forwarded-proto: http\r\n' +
          'x-forwarded-host: h\r\n' +
          `traceparent: ${OURS}\r\n` +
          'connection: keep-alive\r\n' +
          '\r\n',
        framing: 'none',
        contentLength: -1,
      });
    });

    it('drops every client traceparent whatever its case', () => {
      const raw = ['TraceParent', CLIENTS, 'TRACEPARENT', CLIENTS, 'X-Kept', '1'];
      const head = buildUpstreamHead(request('GET', '/', raw), '10.0.0.1', OURS);
      assert.deepEqual(lines(head.text), [
        'GET / HTTP/1.1',
        'X-Kept: 1',
        'x-forwarded-for: 10.0.0.1',
        'x-forwarded-proto: http',
        `traceparent: ${OURS}`,
        'connection: keep-alive',
      ]);
    });

    it('adds it when the client sent none', () => {
      const head = buildUpstreamHead(request('GET', '/', []), '10.0.0.1', OURS);
      assert.equal(
        head.text,
        `GET / HTTP/1.1\r\nx-forwarded-for: 10.0.0.1\r\nx-forwarded-proto: http\r\ntraceparent: ${OURS}\r\nconnection: keep-alive\r\n\r\n`,
      );
    });

    it('writes it before the rewritten transfer-encoding of a chunked body', () => {
      const raw = ['Host', 'h', 'Transfer-Encoding', 'chunked', 'traceparent', CLIENTS];
      const head = buildUpstreamHead(request('POST', '/', raw), '10.0.0.1', OURS);
      assert.deepEqual(lines(head.text).slice(1), [
        'Host: h',
        'x-forwarded-for: 10.0.0.1',
        'x-forwarded-proto: http',
        'x-forwarded-host: h',
        `traceparent: ${OURS}`,
        'transfer-encoding: chunked',
        'connection: keep-alive',
      ]);
      assert.equal(head.framing, 'chunked');
    });
  });

  describe('when the front passes no traceparent', () => {
    const CLIENTS = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';

    it("forwards the client's traceparent and tracestate where the client put them", () => {
      const raw = ['Traceparent', CLIENTS, 'Host', 'h', 'tracestate', 'vendor=1'];
      const head = buildUpstreamHead(request('GET', '/', raw), '10.0.0.1', null);
      assert.deepEqual(lines(head.text), [
        'GET / HTTP/1.1',
        `Traceparent: ${CLIENTS}`,
        'Host: h',
        'tracestate: vendor=1',
        'x-forwarded-for: 10.0.0.1',
        'x-forwarded-proto: http',
        'x-forwarded-host: h',
        'connection: keep-alive',
      ]);
    });

    it('builds the same head with null as without the argument', () => {
      const incoming = request('GET', '/', ['traceparent', CLIENTS, 'Host', 'h']);
      assert.deepEqual(buildUpstreamHead(incoming, '10.0.0.1', null), buildUpstreamHead(incoming, '10.0.0.1'));
    });
  });
});

describe('filterResponseHeaders', () => {
  describe('when the response carries several Connection headers', () => {
    it('drops the names listed in every one of them', () => {
      const raw = ['Connection', 'X-A', 'Connection', 'X-B', 'X-A', '1', 'X-B', '2', 'X-C', '3'];
      assert.deepEqual(filterResponseHeaders(raw), ['X-C', '3']);
    });
  });

  describe('when the response has no hop-by-hop headers', () => {
    it('returns the same names and values in the same order', () => {
      const raw = ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Length', '5'];
      assert.deepEqual(filterResponseHeaders(raw), raw);
    });

    it('returns a new array', () => {
      const raw = ['X-A', '1'];
      assert.notEqual(filterResponseHeaders(raw), raw);
    });
  });

  describe('when the response has hop-by-hop headers', () => {
    it('removes each standard one whatever its case', () => {
      const raw = [
        'Connection',
        'keep-alive',
        'Keep-Alive',
        'timeout=5',
        'Transfer-Encoding',
        'chunked',
        'TRAILER',
        'X-Sum',
        'Upgrade',
        'h2c',
        'Proxy-Authenticate',
        'Basic',
        'X-Kept',
        'yes',
      ];
      assert.deepEqual(filterResponseHeaders(raw), ['X-Kept', 'yes']);
    });

    it('removes the headers named in Connection', () => {
      const raw = ['X-Secret', 's', 'Connection', 'close, x-secret', 'X-Kept', 'k'];
      assert.deepEqual(filterResponseHeaders(raw), ['X-Kept', 'k']);
    });

    it('keeps headers called close or keep-alive when Connection lists them', () => {
      assert.deepEqual(filterResponseHeaders(['Connection', 'close', 'Close', 'x']), ['Close', 'x']);
    });
  });
});
