import assert from 'node:assert/strict';
import { MAX_HEAD_BYTES, ResponseParseError, ResponseParser, type ResponseHead } from '../../../../server/front/response-parser.ts';

type Recorded = ['head', ResponseHead] | ['body', string] | ['complete'];

/** A parser armed for `method` that records every callback, bodies as latin1 strings. */
function recorder(method = 'GET'): { parser: ResponseParser; events: Recorded[] } {
  const events: Recorded[] = [];
  const parser = new ResponseParser({
    onHead: (head) => events.push(['head', head]),
    onBody: (chunk) => events.push(['body', chunk.toString('latin1')]),
    onComplete: () => events.push(['complete']),
  });
  parser.expect(method);
  return { parser, events };
}

/** The same events with consecutive body pieces joined, to compare however the input was split. */
function joined(events: readonly Recorded[]): Recorded[] {
  const result: Recorded[] = [];
  for (const event of events) {
    const last = result.at(-1);
    if (event[0] === 'body' && last?.[0] === 'body') last[1] += event[1];
    else result.push(event[0] === 'body' ? ['body', event[1]] : event);
  }
  return result;
}

function head(statusCode: number, statusMessage: string, rawHeaders: string[], isKeepAlive = true): Recorded {
  return ['head', { statusCode, statusMessage, rawHeaders, isKeepAlive }];
}

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

function feedInPieces(parser: ResponseParser, text: string, cuts: readonly number[]): void {
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    parser.execute(bytes(text.slice(start, cut)));
    start = cut;
  }
}

const CHUNKED =
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n' +
  '5;name=value\r\nhello\r\n' +
  'A; ext\r\n, world!!\n\r\n' +
  '0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n';

const CHUNKED_EVENTS: Recorded[] = [
  head(200, 'OK', ['Transfer-Encoding', 'chunked', 'Content-Type', 'text/plain']),
  ['body', 'hello, world!!\n'],
  ['complete'],
];

describe('ResponseParser', () => {
  describe('when armed and idle', () => {
    it('is awaiting between expect and completion only', () => {
      const events: Recorded[] = [];
      const parser = new ResponseParser({
        onHead: (h) => events.push(['head', h]),
        onBody: (chunk) => events.push(['body', chunk.toString()]),
        onComplete: () => events.push(['complete']),
      });
      assert.equal(parser.isAwaiting, false);
      parser.expect('GET');
      assert.equal(parser.isAwaiting, true);
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
      assert.equal(parser.isAwaiting, false);
      assert.deepEqual(events, [head(200, 'OK', ['Content-Length', '0']), ['complete']]);
    });

    it('ignores an empty buffer', () => {
      const { parser, events } = recorder();
      parser.execute(Buffer.alloc(0));
      assert.deepEqual(events, []);
      assert.equal(parser.isAwaiting, true);
    });
  });

  describe('when the body has a content-length', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-Id: 7\r\n\r\nhello world';

    it('parses a response that arrives in one piece', () => {
      const { parser, events } = recorder();
      parser.execute(bytes(response));
      assert.deepEqual(events, [head(200, 'OK', ['Content-Length', '11', 'X-Id', '7']), ['body', 'hello world'], ['complete']]);
    });

    it('delivers a body that arrives byte by byte as one callback per byte', () => {
      const { parser, events } = recorder();
      const headEnd = response.indexOf('\r\n\r\n') + 4;
      parser.execute(bytes(response.slice(0, headEnd)));
      for (const char of response.slice(headEnd)) parser.execute(bytes(char));
      assert.deepEqual(events, [
        head(200, 'OK', ['Content-Length', '11', 'X-Id', '7']),
        ...[...'hello world'].map((char): Recorded => ['body', char]),
        ['complete'],
      ]);
    });

    it('parses the whole response fed byte by byte, head included', () => {
      const { parser, events } = recorder();
      for (const char of response) parser.execute(bytes(char));
      assert.deepEqual(joined(events), [head(200, 'OK', ['Content-Length', '11', 'X-Id', '7']), ['body', 'hello world'], ['complete']]);
      assert.equal(events.filter((event) => event[0] === 'body').length, 11);
    });

    it('gives the same result for a cut at every position', () => {
      for (let cut = 0; cut <= response.length; cut++) {
        const { parser, events } = recorder();
        feedInPieces(parser, response, [cut]);
        assert.deepEqual(
          joined(events),
          [head(200, 'OK', ['Content-Length', '11', 'X-Id', '7']), ['body', 'hello world'], ['complete']],
          `cut at ${cut}`,
        );
      }
    });

    it('completes at once when content-length is 0', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
      assert.deepEqual(events, [head(200, 'OK', ['Content-Length', '0']), ['complete']]);
    });

    it('passes binary bytes through unchanged', () => {
      const body = Buffer.from([0, 255, 13, 10, 13, 10, 128]);
      const chunks: Buffer[] = [];
      const parser = new ResponseParser({ onHead: () => {}, onBody: (chunk) => chunks.push(Buffer.from(chunk)), onComplete: () => {} });
      parser.expect('GET');
      parser.execute(Buffer.concat([bytes('HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n'), body]));
      assert.deepEqual(Buffer.concat(chunks), body);
    });
  });

  describe('when the body is chunked', () => {
    it('parses chunk extensions and skips trailers', () => {
      const { parser, events } = recorder();
      parser.execute(bytes(CHUNKED));
      assert.deepEqual(events, [CHUNKED_EVENTS[0], ['body', 'hello'], ['body', ', world!!\n'], ['complete']]);
    });

    it('gives the same result for a cut at every position', () => {
      for (let cut = 0; cut <= CHUNKED.length; cut++) {
        const { parser, events } = recorder();
        feedInPieces(parser, CHUNKED, [cut]);
        assert.deepEqual(joined(events), CHUNKED_EVENTS, `cut at ${cut}`);
      }
    });

    it('gives the same result for every pair of cuts', () => {
      for (let first = 1; first < CHUNKED.length; first++) {
        for (let second = first; second < CHUNKED.length; second++) {
          const { parser, events } = recorder();
          feedInPieces(parser, CHUNKED, [first, second]);
          assert.deepEqual(joined(events), CHUNKED_EVENTS, `cuts at ${first} and ${second}`);
        }
      }
    });

    it('parses the response fed byte by byte', () => {
      const { parser, events } = recorder();
      for (const char of CHUNKED) parser.execute(bytes(char));
      assert.deepEqual(joined(events), CHUNKED_EVENTS);
    });

    it('completes an empty chunked body without trailers', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'));
      assert.deepEqual(events, [head(200, 'OK', ['Transfer-Encoding', 'chunked']), ['complete']]);
    });

    it('reads upper- and lower-case hex sizes', () => {
      const { parser, events } = recorder();
      const sixteen = 'abcdefghijklmnop';
      parser.execute(
        bytes(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\n${sixteen}0123456789\r\n10\r\n${sixteen}\r\n0\r\n\r\n`),
      );
      assert.deepEqual(joined(events).slice(1), [['body', `${sixteen}0123456789${sixteen}`], ['complete']]);
    });

    it('prefers chunked over content-length and treats "gzip, chunked" as chunked', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'));
      assert.deepEqual(events, [
        head(200, 'OK', ['Content-Length', '99', 'Transfer-Encoding', 'gzip, chunked']),
        ['body', 'abc'],
        ['complete'],
      ]);
    });
  });

  describe('when interim 1xx responses come first', () => {
    it('skips them and reports only the final response', () => {
      const { parser, events } = recorder();
      parser.execute(
        bytes(
          'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
        ),
      );
      assert.deepEqual(events, [head(200, 'OK', ['Content-Length', '2']), ['body', 'ok'], ['complete']]);
    });

    it('skips a 100 Continue that arrives alone', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 100 Continue\r\n\r\n'));
      assert.deepEqual(events, []);
      assert.equal(parser.isAwaiting, true);
      parser.execute(bytes('HTTP/1.1 204 No Content\r\n\r\n'));
      assert.deepEqual(events, [head(204, 'No Content', []), ['complete']]);
    });
  });

  describe('when the response carries no body', () => {
    it('completes a HEAD response after its head despite a content-length', () => {
      const { parser, events } = recorder('HEAD');
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n'));
      assert.deepEqual(events, [head(200, 'OK', ['Content-Length', '100']), ['complete']]);
    });

    it('completes a HEAD response that announces chunked encoding', () => {
      const { parser, events } = recorder('HEAD');
      parser.execute(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
      assert.deepEqual(events, [head(200, 'OK', ['Transfer-Encoding', 'chunked']), ['complete']]);
    });

    it('completes a 204 after its head and keeps the connection alive', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 204 No Content\r\n\r\n'));
      assert.deepEqual(events, [head(204, 'No Content', [], true), ['complete']]);
    });

    it('completes a 304 after its head despite a content-length', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\nETag: "x"\r\n\r\n'));
      assert.deepEqual(events, [head(304, 'Not Modified', ['Content-Length', '5', 'ETag', '"x"']), ['complete']]);
    });

    it('rejects body bytes after a bodiless response', () => {
      const { parser, events } = recorder('HEAD');
      assert.throws(() => parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello')), {
        name: 'ResponseParseError',
        message: 'worker sent bytes with no request outstanding',
      });
      assert.deepEqual(events, [head(200, 'OK', ['Content-Length', '5']), ['complete']]);
    });
  });

  describe('when the body runs until the connection closes', () => {
    it('streams every byte and completes on finishOnEnd', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst'));
      parser.execute(bytes(' second'));
      assert.equal(parser.isAwaiting, true);
      assert.equal(parser.finishOnEnd(), true);
      assert.equal(parser.isAwaiting, false);
      assert.deepEqual(events, [
        head(200, 'OK', ['Content-Type', 'text/plain'], false),
        ['body', 'first'],
        ['body', ' second'],
        ['complete'],
      ]);
    });

    it('completes an empty body on finishOnEnd', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.0 200 OK\r\n\r\n'));
      assert.equal(parser.finishOnEnd(), true);
      assert.deepEqual(events, [head(200, 'OK', [], false), ['complete']]);
    });
  });

  describe('when the connection ends', () => {
    it('reports a cut-short content-length body', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
      assert.equal(parser.finishOnEnd(), false);
      assert.deepEqual(joined(events), [head(200, 'OK', ['Content-Length', '10']), ['body', 'abc']]);
    });

    it('reports a cut-short head and a cut-short chunked body', () => {
      const partialHead = recorder();
      partialHead.parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-'));
      assert.equal(partialHead.parser.finishOnEnd(), false);
      const partialChunks = recorder();
      partialChunks.parser.execute(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel'));
      assert.equal(partialChunks.parser.finishOnEnd(), false);
      assert.deepEqual(partialChunks.events.at(-1), ['body', 'hel']);
    });

    it('reports a clean end when no response is outstanding', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
      assert.equal(parser.finishOnEnd(), true);
      assert.deepEqual(events, [head(200, 'OK', ['Content-Length', '0']), ['complete']]);
    });
  });

  describe('when deciding whether the connection stays open', () => {
    const cases: readonly [string, string, boolean][] = [
      ['HTTP/1.1 with framing', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', true],
      ['HTTP/1.1 with connection: close', 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', false],
      ['HTTP/1.1 with Connection: Close in mixed case', 'HTTP/1.1 200 OK\r\nCONNECTION: Close\r\nContent-Length: 0\r\n\r\n', false],
      ['HTTP/1.1 with connection: keep-alive', 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n', true],
      ['HTTP/1.1 chunked', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', true],
      ['HTTP/1.0 without connection header', 'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n', false],
      ['HTTP/1.0 with connection: keep-alive', 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n', true],
      ['HTTP/1.1 body until close', 'HTTP/1.1 200 OK\r\n\r\n', false],
      ['HTTP/1.0 keep-alive body until close', 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n', false],
      ['HTTP/1.1 204 without framing', 'HTTP/1.1 204 No Content\r\n\r\n', true],
    ];
    for (const [label, response, isKeepAlive] of cases) {
      it(`reports isKeepAlive ${isKeepAlive} for ${label}`, () => {
        const { parser, events } = recorder();
        parser.execute(bytes(response));
        const first = events[0];
        assert.ok(first?.[0] === 'head');
        assert.equal(first[1].isKeepAlive, isKeepAlive);
      });
    }
  });

  describe('when reading the status line and headers', () => {
    it('keeps an empty status message and trims header values but not names', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 404\r\nX-Spaced:   padded value  \r\nX-Empty:\r\nContent-Length: 0\r\n\r\n'));
      assert.deepEqual(events[0], head(404, '', ['X-Spaced', 'padded value', 'X-Empty', '', 'Content-Length', '0']));
    });

    it('keeps a status message with spaces', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 503 Service Temporarily Unavailable\r\nContent-Length: 0\r\n\r\n'));
      assert.deepEqual(events[0], head(503, 'Service Temporarily Unavailable', ['Content-Length', '0']));
    });

    it('keeps duplicate headers in arrival order', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n'));
      assert.deepEqual(events[0], head(200, 'OK', ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Length', '0']));
    });
  });

  describe('when one parser serves several responses on a keep-alive connection', () => {
    it('parses the next response after expect is called again', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na'));
      parser.expect('HEAD');
      parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n'));
      parser.expect('GET');
      parser.execute(bytes('HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n'));
      assert.deepEqual(events, [
        head(200, 'OK', ['Content-Length', '1']),
        ['body', 'a'],
        ['complete'],
        head(200, 'OK', ['Content-Length', '9']),
        ['complete'],
        head(201, 'Created', ['Transfer-Encoding', 'chunked']),
        ['body', 'b'],
        ['complete'],
      ]);
    });

    it('drops a partial head left over when expect is called again', () => {
      const { parser, events } = recorder();
      parser.execute(bytes('HTTP/1.1 200 O'));
      parser.expect('GET');
      parser.execute(bytes('HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n'));
      assert.deepEqual(events, [head(202, 'Accepted', ['Content-Length', '0']), ['complete']]);
    });
  });

  describe('when the input is malformed', () => {
    const failures: readonly [string, string, string][] = [
      ['a bad status line', 'HTTP/2 200 OK\r\n\r\n', 'bad status line "HTTP/2 200 OK"'],
      ['a status code of two digits', 'HTTP/1.1 20 OK\r\n\r\n', 'bad status line "HTTP/1.1 20 OK"'],
      ['garbage instead of a status line', 'hello\r\n\r\n', 'bad status line "hello"'],
      ['a header line without a colon', 'HTTP/1.1 200 OK\r\nNoColon\r\n\r\n', 'bad header line "NoColon"'],
      ['a header line starting with a colon', 'HTTP/1.1 200 OK\r\n: value\r\n\r\n', 'bad header line ": value"'],
      ['a content-length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n', 'bad content-length "ten"'],
      ['a fractional content-length', 'HTTP/1.1 200 OK\r\nContent-Length: 1.5\r\n\r\n', 'bad content-length "1.5"'],
      ['a negative content-length', 'HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n', 'bad content-length "-5"'],
      ['a hex content-length', 'HTTP/1.1 200 OK\r\nContent-Length: 0x3\r\n\r\n', 'bad content-length "0x3"'],
      ['two different content-lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n', 'bad content-length "4"'],
      ['a complete head over the size limit', `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, 'response head too large'],
      ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n', 'bad chunk size'],
      ['an empty chunk size line', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n', 'bad chunk size'],
      ['a negative chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n', 'bad chunk size'],
      [
        'chunk data longer than its size',
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n',
        'chunk data not followed by CRLF',
      ],
      ['a 101 upgrade', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', 'protocol upgrades are not supported'],
    ];
    for (const [label, response, message] of failures) {
      it(`throws ResponseParseError for ${label}`, () => {
        const { parser } = recorder();
        assert.throws(
          () => parser.execute(bytes(response)),
          (error: unknown) => {
            assert.ok(error instanceof ResponseParseError);
            assert.deepEqual([error.name, error.message], ['ResponseParseError', message]);
            return true;
          },
        );
      });
    }

    it('reports the head before a bad chunk size', () => {
      const { parser, events } = recorder();
      assert.throws(() => parser.execute(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')), {
        message: 'bad chunk size',
      });
      assert.deepEqual(events, [head(200, 'OK', ['Transfer-Encoding', 'chunked'])]);
    });

    it('throws for bytes when no response is expected', () => {
      const parser = new ResponseParser({ onHead: () => {}, onBody: () => {}, onComplete: () => {} });
      assert.throws(() => parser.execute(bytes('HTTP/1.1 200 OK\r\n\r\n')), {
        name: 'ResponseParseError',
        message: 'worker sent bytes with no request outstanding',
      });
    });

    it('throws for bytes after a complete response, having completed it first', () => {
      const { parser, events } = recorder();
      assert.throws(() => parser.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n')), {
        message: 'worker sent bytes with no request outstanding',
      });
      assert.deepEqual(events, [head(200, 'OK', ['Content-Length', '2']), ['body', 'ok'], ['complete']]);
    });
  });

  describe('when the head is large', () => {
    it('is 64 KiB at most', () => {
      assert.equal(MAX_HEAD_BYTES, 65_536);
    });

    it('waits for more when an unfinished head is exactly MAX_HEAD_BYTES', () => {
      const { parser, events } = recorder();
      const start = 'HTTP/1.1 200 OK\r\nX-Big: ';
      parser.execute(bytes(start + 'a'.repeat(MAX_HEAD_BYTES - start.length)));
      assert.deepEqual(events, []);
      assert.equal(parser.isAwaiting, true);
    });

    it('throws when an unfinished head passes MAX_HEAD_BYTES', () => {
      const { parser } = recorder();
      const start = 'HTTP/1.1 200 OK\r\nX-Big: ';
      assert.throws(() => parser.execute(bytes(start + 'a'.repeat(MAX_HEAD_BYTES - start.length + 1))), {
        name: 'ResponseParseError',
        message: 'response head too large',
      });
    });

    it('throws when an unfinished head grows past MAX_HEAD_BYTES over several pieces', () => {
      const { parser } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nX-Big: '));
      parser.execute(bytes('a'.repeat(40_000)));
      assert.throws(() => parser.execute(bytes('a'.repeat(40_000))), { message: 'response head too large' });
    });

    it('throws when a chunk-size line passes MAX_HEAD_BYTES', () => {
      const { parser } = recorder();
      parser.execute(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
      assert.throws(() => parser.execute(bytes(`1;${'x'.repeat(MAX_HEAD_BYTES)}`)), { message: 'line too long' });
    });
  });
});
