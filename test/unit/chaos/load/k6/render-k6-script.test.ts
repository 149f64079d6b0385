import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { K6_CLASSIFY_SOURCE, k6Options, renderK6Script } from '../../../../../chaos/load/k6/render-k6-script.ts';
import type { LoadPlan } from '../../../../../chaos/load/load-types.ts';

const PLAN: LoadPlan = {
  url: 'http://127.0.0.1:8080',
  connections: 6,
  ratePerSecond: null,
  durationMs: 4500,
  timeoutMs: 2000,
  isKeepAlive: true,
  requests: [
    { method: 'GET', path: '/?sleepMs=5', headers: {}, body: null },
    { method: 'POST', path: '/orders', headers: { 'content-type': 'application/json' }, body: '{"id":1}' },
  ],
};

/** The JSON literal a script assigns to `name` (`const NAME = <json>;` or `export const NAME = <json>;`). */
function constantOf(script: string, name: string): unknown {
  const match = new RegExp(`^(?:export )?const ${name} = ([\\s\\S]*?);$`, 'm').exec(script);
  assert.ok(match !== null, `no constant ${name}`);
  return JSON.parse(match[1]!);
}

interface Classified {
  readonly outcome: string;
  readonly status: string;
  readonly reason?: string;
  readonly code?: string;
}

interface K6Response {
  readonly status: number;
  readonly error_code: number;
  readonly error: string;
  readonly headers: Record<string, string>;
}

/** The script's classify(), run here as plain JS with the script's two constants (its result copied out of the VM's realm). */
const classifyInVm = runInNewContext(`${K6_CLASSIFY_SOURCE}\nclassify;`, {
  REJECT_HEADER: 'x-poolchaos-reject',
  UNKNOWN_REJECT_REASON: 'Unknown',
}) as (res: K6Response) => Classified;
const classify = (res: K6Response): Classified => ({ ...classifyInVm(res) });

function lost(errorCode: number, error: string): Classified {
  return classify({ status: 0, error_code: errorCode, error, headers: {} });
}

describe('k6Options', () => {
  describe('when the plan is a closed loop', () => {
    it('runs one VU per connection for the duration, with a graceful stop one second past the timeout', () => {
      assert.deepEqual(k6Options(PLAN, {}), {
        scenarios: { load: { executor: 'constant-vus', vus: 6, duration: '4500ms', gracefulStop: '3000ms' } },
        noConnectionReuse: false,
        discardResponseBodies: true,
        thresholds: {},
      });
    });
  });

  describe('when the plan has a rate and no keep-alive', () => {
    it('runs a constant arrival rate on every connection allocated up front, and opens a connection per request', () => {
      const thresholds = { http_req_duration: ['p(99)<800', 'max<2000'], 'poolchaos_outcome{outcome:lost}': ['count==0'] };
      assert.deepEqual(k6Options({ ...PLAN, ratePerSecond: 250, isKeepAlive: false }, thresholds), {
        scenarios: {
          load: {
            executor: 'constant-arrival-rate',
            rate: 250,
            timeUnit: '1s',
            preAllocatedVUs: 6,
            maxVUs: 6,
            duration: '4500ms',
            gracefulStop: '3000ms',
          },
        },
        noConnectionReuse: true,
        discardResponseBodies: true,
        thresholds: { http_req_duration: ['p(99)<800', 'max<2000'], 'poolchaos_outcome{outcome:lost}': ['count==0'] },
      });
    });
  });
});

describe('renderK6Script', () => {
  const script = renderK6Script({
    plan: PLAN,
    thresholds: { http_req_duration: ['p(99)<0.001'] },
    signalUrl: 'http://127.0.0.1:41234/poolchaos-start/abc',
    thresholdsFile: '/tmp/poolchaos-k6-x/thresholds.json',
  });

  it('exports the options k6Options gives', () => {
    assert.deepEqual(constantOf(script, 'options'), k6Options(PLAN, { http_req_duration: ['p(99)<0.001'] }));
  });

  it('carries each request shape with an absolute URL, and the run constants', () => {
    assert.deepEqual(constantOf(script, 'REQUESTS'), [
      { method: 'GET', url: 'http://127.0.0.1:8080/?sleepMs=5', body: null, headers: {} },
      { method: 'POST', url: 'http://127.0.0.1:8080/orders', body: '{"id":1}', headers: { 'content-type': 'application/json' } },
    ]);
    assert.deepEqual(
      ['TIMEOUT_MS', 'SIGNAL_URL', 'THRESHOLDS_FILE', 'REJECT_HEADER', 'UNKNOWN_REJECT_REASON'].map((name) => constantOf(script, name)),
      [2000, 'http://127.0.0.1:41234/poolchaos-start/abc', '/tmp/poolchaos-k6-x/thresholds.json', 'x-poolchaos-reject', 'Unknown'],
    );
  });

  it('declares the three metrics of the contract and the hooks k6 calls', () => {
    const declarations = script.split('\n').filter((line) => /^(?:const \w+ = new|export (?:default )?function)/.test(line));
    assert.deepEqual(declarations, [
      'const sent = new Counter("poolchaos_sent");',
      'const outcomes = new Counter("poolchaos_outcome");',
      'const latency = new Trend("poolchaos_latency", true);',
      'export function setup() {',
      'export default function () {',
      'export function handleSummary(data) {',
    ]);
  });

  it('is the same text for the same inputs', () => {
    const again = renderK6Script({
      plan: PLAN,
      thresholds: { http_req_duration: ['p(99)<0.001'] },
      signalUrl: 'http://127.0.0.1:41234/poolchaos-start/abc',
      thresholdsFile: '/tmp/poolchaos-k6-x/thresholds.json',
    });
    assert.equal(again, script);
  });
});

describe('the script classification', () => {
  describe('when k6 got a complete response', () => {
    it('counts a 503 with the reject header as rejected by its reason, and any other status as served', () => {
      assert.deepEqual(
        [
          classify({ status: 503, error_code: 1503, error: '', headers: { 'X-Poolchaos-Reject': 'QueueFull', 'Content-Length': '0' } }),
          classify({ status: 503, error_code: 1503, error: '', headers: { 'X-Poolchaos-Reject': '  ' } }),
          classify({ status: 503, error_code: 1503, error: '', headers: { 'Retry-After': '1' } }),
          classify({ status: 200, error_code: 0, error: '', headers: {} }),
          classify({ status: 500, error_code: 1500, error: '', headers: { 'X-Poolchaos-Reject': 'QueueFull' } }),
        ],
        [
          { outcome: 'rejected', status: '503', reason: 'QueueFull' },
          { outcome: 'rejected', status: '503', reason: 'Unknown' },
          { outcome: 'served', status: '503' },
          { outcome: 'served', status: '200' },
          { outcome: 'served', status: '500' },
        ],
      );
    });
  });

  describe('when k6 got no complete response', () => {
    it('maps each k6 error code family to a lost reason and keeps the code', () => {
      const cases: [number, string, string][] = [
        [1050, 'request timeout', 'timeout'],
        [1211, 'dial: i/o timeout', 'timeout'],
        [1000, 'EOF', 'eof'],
        [1000, 'http: server closed idle connection', 'eof'],
        [1000, 'unexpected EOF', 'truncated'],
        [1000, 'malformed MIME header: missing colon: "content-le"', 'truncated'],
        [1701, 'error decompressing response body', 'truncated'],
        [1220, 'read: connection reset by peer', 'reset'],
        [1201, 'write: broken pipe', 'reset'],
        [1212, 'dial: connection refused', 'reset'],
        [1200, 'read tcp: use of closed network connection', 'reset'],
      ];
      assert.deepEqual(
        cases.map(([code, error]) => lost(code, error)),
        cases.map(([code, , reason]) => ({ outcome: 'lost', status: '0', reason, code: String(code) })),
      );
    });
  });
});
