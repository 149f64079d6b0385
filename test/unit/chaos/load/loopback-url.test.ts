import assert from 'node:assert/strict';
import { isLoopbackHostname, parseLoopbackBaseUrl } from '../../../../chaos/load/loopback-url.ts';

describe('isLoopbackHostname', () => {
  for (const hostname of ['127.0.0.1', '127.255.255.254', '127.0.1.1', 'localhost', 'LOCALHOST', '[::1]']) {
    it(`accepts ${hostname}`, () => assert.equal(isLoopbackHostname(hostname), true));
  }
  for (const hostname of [
    '128.0.0.1',
    '0.0.0.0',
    '10.0.0.1',
    '192.0.2.1',
    'example.com',
    'localhost.',
    'localhost.example.com',
    '[::]',
    '[::ffff:7f00:1]',
    '127.example.com',
  ]) {
    it(`refuses ${hostname}`, () => assert.equal(isLoopbackHostname(hostname), false));
  }
});

describe('parseLoopbackBaseUrl', () => {
  describe('when the URL is a loopback base URL', () => {
    it('returns it parsed, after WHATWG normalisation', () => {
      assert.equal(parseLoopbackBaseUrl('http://127.1:8080').host, '127.0.0.1:8080');
      assert.equal(parseLoopbackBaseUrl('http://2130706433/').hostname, '127.0.0.1');
      assert.equal(parseLoopbackBaseUrl('https://[::1]:8443/').origin, 'https://[::1]:8443');
      assert.equal(parseLoopbackBaseUrl('http://localhost:1').port, '1');
    });
  });

  describe('when the host is not loopback', () => {
    it('throws ERR_LOAD_URL_NOT_LOOPBACK', () => {
      assert.throws(() => parseLoopbackBaseUrl('http://192.0.2.1:8080'), {
        code: 'ERR_LOAD_URL_NOT_LOOPBACK',
        message: 'load URL "http://192.0.2.1:8080" is not on loopback; the load driver only sends to 127.0.0.0/8, [::1] or localhost',
      });
    });
  });

  describe('when the URL is not a base URL', () => {
    const cases: [string, string][] = [
      ['not a url', 'it does not parse'],
      ['ftp://127.0.0.1/', 'protocol ftp: is not http: or https:'],
      ['http://u:p@127.0.0.1/', 'it carries credentials'],
      ['http://127.0.0.1/api', "it has the path /api (request paths come from the plan's requests)"],
      ['http://127.0.0.1/?q=1', 'it has a query or fragment'],
    ];
    for (const [url, problem] of cases) {
      it(`throws ERR_LOAD_URL_INVALID for ${url}`, () => {
        assert.throws(() => parseLoopbackBaseUrl(url), {
          code: 'ERR_LOAD_URL_INVALID',
          message: `load URL ${JSON.stringify(url)} is not an http(s) base URL: ${problem}; write it like http://127.0.0.1:8080`,
        });
      });
    }
  });
});
