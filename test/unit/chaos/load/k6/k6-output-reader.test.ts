import assert from 'node:assert/strict';
import { K6OutputReader, parseK6Time } from '../../../../../chaos/load/k6/k6-output-reader.ts';

const STARTED_AT_MS = Date.parse('2026-11-21T07:00:00Z');

/** A Point line exactly as k6's JSON output writes it; `atMs` from the start signal. */
function point(metric: string, atMs: number, value: number, tags: Record<string, string>): string {
  const time = new Date(STARTED_AT_MS + Math.floor(atMs))
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(Math.round((atMs % 1) * 1e6)).padStart(6, '0')}Z`);
  return JSON.stringify({ metric, type: 'Point', data: { time, value, tags } });
}

const LOAD = { group: '', scenario: 'load' };
const sent = (atMs: number): string => point('poolchaos_sent', atMs, 1, LOAD);
const outcome = (atMs: number, tags: Record<string, string>): string => point('poolchaos_outcome', atMs, 1, { ...LOAD, ...tags });
const latency = (atMs: number, ms: number, kind: string): string => point('poolchaos_latency', atMs, ms, { ...LOAD, outcome: kind });

/** A short run: 2.5 s, so seconds 0, 1 and 2; one request still out when k6 stopped. */
const RUN_LINES = [
  '{"type":"Metric","data":{"name":"poolchaos_sent","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"poolchaos_sent"}',
  // setup()'s signal request: k6's own metrics, no scenario tag.
  '{"metric":"http_reqs","type":"Point","data":{"time":"2026-11-20T06:59:59.990000000Z","value":1,"tags":{"group":"::setup","name":"poolchaos-signal","status":"204"}}}',
  sent(-4), // k6 starts the scenario a hair before the signal's clock reading: second 0
  sent(100),
  sent(150),
  sent(200),
  '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-21T07:00:00.210000000Z","value":10,"tags":{"scenario":"load","status":"200"}}}',
  outcome(110, { outcome: 'served', status: '200' }),
  latency(110, 10, 'served'),
  outcome(170, { outcome: 'served', status: '200' }),
  latency(170, 20, 'served'),
  outcome(400, { outcome: 'rejected', status: '503', reason: 'QueueFull' }),
  latency(400, 5, 'rejected'),
  sent(1200.5),
  sent(1900),
  outcome(1250, { outcome: 'lost', status: '0', reason: 'eof', code: '1000' }),
  outcome(1999.999, { outcome: 'served', status: '500' }),
  latency(1999.999, 30, 'served'),
  sent(2400),
  // Outcomes during k6's graceful stop count in the last second.
  outcome(3700, { outcome: 'lost', status: '0', reason: 'timeout', code: '1050' }),
  latency(3700, 2000, 'lost'),
  // A poolchaos sample outside the load scenario is not the load's.
  point('poolchaos_sent', 500, 1, { group: '::setup' }),
];

function read(lines: readonly string[], durationMs = 2500): ReturnType<K6OutputReader['accounting']> {
  const reader = new K6OutputReader({ startedAtMs: STARTED_AT_MS, durationMs });
  for (const line of lines) reader.addLine(line);
  return reader.accounting();
}

const ZERO_LOST = { reset: 0, eof: 0, truncated: 0, timeout: 0 };

describe('K6OutputReader', () => {
  describe('when the output holds a whole run', () => {
    const accounting = read(RUN_LINES);

    it('counts every load request once and leaves what never ended in flight at stop', () => {
      assert.deepEqual(accounting.counts, {
        sent: 7,
        served: 3,
        rejected: 1,
        lost: 2,
        inFlightAtStop: 1,
        servedByStatus: { '200': 2, '500': 1 },
        rejectedByReason: { QueueFull: 1 },
        lostByReason: { reset: 0, eof: 1, truncated: 0, timeout: 1 },
      });
    });

    it('records the latency of served and rejected responses and of timeouts at their full length', () => {
      assert.deepEqual(accounting.latency, { count: 5, p50Ms: 20.015, p90Ms: 2000, p99Ms: 2000, maxMs: 2000, meanMs: 413 });
    });

    it('puts sends in the second they were sent and outcomes in the second they ended, late ones in the last', () => {
      assert.deepEqual(
        accounting.timeline.map((second) => [
          second.second,
          second.sent,
          second.served,
          second.rejected,
          second.lost,
          second.latency.count,
        ]),
        [
          [0, 4, 2, 1, 0, 3],
          [1, 2, 1, 0, 1, 1],
          [2, 1, 0, 0, 1, 1],
        ],
      );
      assert.deepEqual(accounting.timeline[1], {
        second: 1,
        sent: 2,
        served: 1,
        rejected: 0,
        lost: 1,
        servedByStatus: { '500': 1 },
        rejectedByReason: {},
        lostByReason: { ...ZERO_LOST, eof: 1 },
        latency: { count: 1, p50Ms: 30, p90Ms: 30, p99Ms: 30, maxMs: 30, meanMs: 30 },
      });
      assert.equal(accounting.lastSampleAtMs, STARTED_AT_MS + 3700);
    });
  });

  describe('when the output has no load samples', () => {
    it('gives one empty row per second of the duration and no last sample', () => {
      const accounting = read([], 1001);
      assert.deepEqual(accounting.counts, {
        sent: 0,
        served: 0,
        rejected: 0,
        lost: 0,
        inFlightAtStop: 0,
        servedByStatus: {},
        rejectedByReason: {},
        lostByReason: ZERO_LOST,
      });
      assert.deepEqual(
        accounting.timeline.map((second) => [second.second, second.sent, second.latency.count]),
        [
          [0, 0, 0],
          [1, 0, 0],
        ],
      );
      assert.equal(accounting.lastSampleAtMs, null);
    });
  });

  describe('when a line of ours does not read', () => {
    it('throws naming the line and the problem', () => {
      const cases: [string, RegExp][] = [
        ['{"metric":"poolchaos_sent","type":"Point","data":{', /^k6 output line 2: not JSON: /],
        [
          point('poolchaos_outcome', 10, 1, { ...LOAD, outcome: 'lost', reason: 'vanished' }),
          /^k6 output line 2: poolchaos_outcome has tags .*"vanished".*, not a served status/,
        ],
        [point('poolchaos_outcome', 10, 1, { ...LOAD, outcome: 'served', status: '0' }), /^k6 output line 2: poolchaos_outcome has tags/],
        [point('poolchaos_sent', 10, 2, LOAD), /^k6 output line 2: a count other than 1: /],
        [point('poolchaos_other', 10, 1, LOAD), /^k6 output line 2: an unknown poolchaos metric: /],
        [
          '{"metric":"poolchaos_sent","type":"Point","data":{"time":"yesterday","value":1,"tags":{"scenario":"load"}}}',
          /^k6 output line 2: no readable time: /,
        ],
      ];
      for (const [line, message] of cases) assert.throws(() => read([sent(1), line]), { message }, line);
    });

    it('throws when more requests ended than were sent', () => {
      assert.throws(() => read([outcome(10, { outcome: 'served', status: '200' })]), {
        message: 'k6 output: 1 requests ended but only 0 were sent',
      });
    });
  });
});

describe('parseK6Time', () => {
  it('reads Go RFC 3339 times to epoch ms, keeping the sub-millisecond part', () => {
    assert.deepEqual(
      [
        parseK6Time('2026-11-21T07:46:03.974191601Z'),
        parseK6Time('2026-11-21T07:46:03Z'),
        parseK6Time('2026-11-21T09:46:03.5+02:00'),
        parseK6Time('2026-11-21 07:46:03Z'),
        parseK6Time('2026-13-45T07:46:03Z'),
      ],
      [
        Date.parse('2026-11-21T07:46:03Z') + 974.191601,
        Date.parse('2026-11-21T07:46:03Z'),
        Date.parse('2026-11-21T07:46:03.500Z'),
        null,
        null,
      ],
    );
  });
});
