import assert from 'node:assert/strict';
import { EMPTY_LATENCY } from '../../../../chaos/load/latency-recorder.ts';
import type { ClientCounts, LoadSecond } from '../../../../chaos/load/load-types.ts';
import { RequestLedger, lostReasonFor, type ConnectionLoss } from '../../../../chaos/load/request-ledger.ts';
import type { ResponseOutcome } from '../../../../chaos/load/response-outcome.ts';

const OK: ResponseOutcome = { kind: 'served', statusCode: 200 };
const ZERO_LOST = { reset: 0, eof: 0, truncated: 0, timeout: 0 };

function ledgerFor(durationMs = 3000, timeoutMs = 300): RequestLedger {
  return new RequestLedger({ durationMs, timeoutMs });
}

function assertIdentity(counts: ClientCounts): void {
  assert.equal(counts.sent, counts.served + counts.rejected + counts.lost + counts.inFlightAtStop);
}

function zeroSecond(second: number): LoadSecond {
  return {
    second,
    sent: 0,
    served: 0,
    rejected: 0,
    lost: 0,
    servedByStatus: {},
    rejectedByReason: {},
    lostByReason: ZERO_LOST,
    latency: EMPTY_LATENCY,
  };
}

describe('lostReasonFor', () => {
  const cases: [ConnectionLoss, boolean, string][] = [
    ['socket-error', false, 'reset'],
    ['socket-error', true, 'reset'],
    ['socket-end', false, 'eof'],
    ['socket-end', true, 'truncated'],
    ['parse-error', false, 'truncated'],
    ['parse-error', true, 'truncated'],
    ['timeout', false, 'timeout'],
    ['timeout', true, 'timeout'],
  ];
  for (const [loss, hasResponseBytes, reason] of cases) {
    it(`gives ${reason} for ${loss} ${hasResponseBytes ? 'inside' : 'before'} a response`, () => {
      assert.equal(lostReasonFor(loss, hasResponseBytes), reason);
    });
  }
});

describe('RequestLedger', () => {
  describe('when every request is answered', () => {
    it('counts each served by status and rejected by reason, with its latency', () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 10);
      ledger.requestSent(1, 11);
      ledger.requestSent(2, 12);
      ledger.responseCompleted(0, OK, 10.5);
      ledger.responseCompleted(1, { kind: 'served', statusCode: 500 }, 13);
      ledger.responseCompleted(2, { kind: 'rejected', reason: 'QueueFull' }, 13);
      ledger.stop();
      assert.deepEqual(ledger.counts(), {
        sent: 3,
        served: 2,
        rejected: 1,
        lost: 0,
        servedByStatus: { '200': 1, '500': 1 },
        rejectedByReason: { QueueFull: 1 },
        lostByReason: ZERO_LOST,
        inFlightAtStop: 0,
      });
      assert.deepEqual(ledger.latency(), { count: 3, p50Ms: 1, p90Ms: 2, p99Ms: 2, maxMs: 2, meanMs: 1.167 });
    });

    it("answers a client's requests oldest first", () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 0);
      ledger.requestSent(0, 5);
      ledger.responseCompleted(0, OK, 7);
      assert.equal(ledger.latency().maxMs, 7);
      assert.equal(ledger.msUntilTimeout(0, 7), 298);
    });
  });

  describe('when a response completes with nothing in flight', () => {
    it('ignores it', () => {
      const ledger = ledgerFor();
      ledger.responseCompleted(0, OK, 5);
      ledger.requestSent(0, 10);
      ledger.responseCompleted(0, OK, 11);
      ledger.responseCompleted(0, OK, 12);
      assert.deepEqual(ledger.counts().servedByStatus, { '200': 1 });
      assert.equal(ledger.latency().count, 1);
    });
  });

  describe('when a connection is lost', () => {
    it('counts eof when the server closed before any byte of the response', () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 0);
      ledger.connectionLost(0, 'socket-end', 4);
      assert.deepEqual(ledger.counts().lostByReason, { ...ZERO_LOST, eof: 1 });
      assert.equal(ledger.latency().count, 0);
    });

    it('counts truncated when bytes of the response had arrived, and eof for any request behind it', () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 0);
      ledger.requestSent(0, 1);
      ledger.responseBytesArrived(0);
      ledger.connectionLost(0, 'socket-end', 4);
      assert.deepEqual(ledger.counts().lostByReason, { ...ZERO_LOST, eof: 1, truncated: 1 });
      assert.equal(ledger.counts().lost, 2);
    });

    it('forgets response bytes once that response completed', () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 0);
      ledger.responseBytesArrived(0);
      ledger.responseCompleted(0, OK, 1);
      ledger.requestSent(0, 1);
      ledger.connectionLost(0, 'socket-end', 2);
      assert.deepEqual(ledger.counts().lostByReason, { ...ZERO_LOST, eof: 1 });
    });

    it('counts reset on a socket error, with no latency', () => {
      const ledger = ledgerFor();
      ledger.requestSent(3, 0);
      ledger.responseBytesArrived(3);
      ledger.connectionLost(3, 'socket-error', 4);
      assert.deepEqual(ledger.counts().lostByReason, { ...ZERO_LOST, reset: 1 });
      assert.equal(ledger.latency().count, 0);
    });

    it('counts truncated on a parse error', () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 0);
      ledger.connectionLost(0, 'parse-error', 4);
      assert.deepEqual(ledger.counts().lostByReason, { ...ZERO_LOST, truncated: 1 });
    });

    it('does nothing when the client had nothing in flight', () => {
      const ledger = ledgerFor();
      ledger.connectionLost(0, 'socket-end', 4);
      ledger.requestSent(0, 5);
      ledger.responseCompleted(0, OK, 6);
      ledger.connectionLost(0, 'socket-error', 7);
      assert.equal(ledger.counts().lost, 0);
    });

    it("loses only that client's requests", () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 0);
      ledger.requestSent(1, 0);
      ledger.connectionLost(0, 'socket-error', 1);
      assert.deepEqual({ lost: ledger.counts().lost, inFlight: ledger.counts().inFlightAtStop }, { lost: 1, inFlight: 1 });
    });
  });

  describe('when a request times out', () => {
    it('reports the time left until the oldest request times out, and null when idle', () => {
      const ledger = ledgerFor(3000, 300);
      assert.equal(ledger.msUntilTimeout(0, 0), null);
      ledger.requestSent(0, 100);
      assert.equal(ledger.msUntilTimeout(0, 150), 250);
      assert.equal(ledger.msUntilTimeout(0, 400), 0);
      assert.equal(ledger.msUntilTimeout(0, 410), -10);
    });

    it('records the timeout at its full length even when the timer fired a little early', () => {
      const ledger = ledgerFor(3000, 300);
      ledger.requestSent(0, 100);
      ledger.connectionLost(0, 'timeout', 399.5);
      ledger.requestSent(1, 100);
      ledger.connectionLost(1, 'timeout', 420);
      assert.deepEqual(ledger.counts().lostByReason, { ...ZERO_LOST, timeout: 2 });
      // p50 is HDR's: 300 ms sits in a 256 µs bucket whose highest value is 300.031 ms.
      assert.deepEqual(ledger.latency(), { count: 2, p50Ms: 300.031, p90Ms: 320, p99Ms: 320, maxMs: 320, meanMs: 310 });
    });
  });

  describe('when the run drains at the end of the duration', () => {
    it('summarises the requests in flight at the end and how each ended, and leaves none in flight at stop', () => {
      const ledger = ledgerFor(3000, 300);
      ledger.requestSent(0, 2900);
      ledger.requestSent(1, 2950);
      ledger.requestSent(2, 2990);
      ledger.responseCompleted(2, OK, 2995);
      assert.equal(ledger.inFlight, 2);
      ledger.beginDrain(3000);
      assert.equal(ledger.isDraining, true);
      ledger.responseCompleted(0, { kind: 'rejected', reason: 'QueueFull' }, 3010);
      assert.equal(ledger.inFlight, 1);
      ledger.timeOutInFlight(3300);
      assert.equal(ledger.inFlight, 0);
      assert.deepEqual(ledger.drainSummary(3300), {
        inFlightAtEnd: 2,
        waitedMs: 300,
        served: 0,
        rejected: 1,
        lostByReason: { ...ZERO_LOST, timeout: 1 },
      });
      ledger.stop();
      const counts = ledger.counts();
      assert.deepEqual(
        {
          sent: counts.sent,
          served: counts.served,
          rejected: counts.rejected,
          lost: counts.lostByReason,
          inFlightAtStop: counts.inFlightAtStop,
        },
        {
          sent: 3,
          served: 1,
          rejected: 1,
          lost: { ...ZERO_LOST, timeout: 1 },
          inFlightAtStop: 0,
        },
      );
      // The request timed out by the drain was sent at 2950: 350 ms, above the 300 ms timeout.
      assert.equal(ledger.latency().maxMs, 350);
      assertIdentity(counts);
    });

    it('has no summary when no drain began, and takes only the first drain', () => {
      const ledger = ledgerFor();
      assert.equal(ledger.drainSummary(10), null);
      ledger.requestSent(0, 0);
      ledger.beginDrain(100);
      ledger.requestSent(1, 150);
      ledger.beginDrain(200);
      assert.deepEqual(ledger.drainSummary(250), { inFlightAtEnd: 1, waitedMs: 150, served: 0, rejected: 0, lostByReason: ZERO_LOST });
    });
  });

  describe('when the run stops', () => {
    it('counts requests still in flight as in flight at stop, not lost', () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 0);
      ledger.requestSent(1, 0);
      ledger.requestSent(2, 0);
      ledger.responseCompleted(2, OK, 1);
      assert.equal(ledger.counts().inFlightAtStop, 2, 'before the stop: in flight now');
      ledger.stop();
      const counts = ledger.counts();
      assert.deepEqual(
        { sent: counts.sent, served: counts.served, lost: counts.lost, inFlightAtStop: counts.inFlightAtStop },
        {
          sent: 3,
          served: 1,
          lost: 0,
          inFlightAtStop: 2,
        },
      );
      assertIdentity(counts);
    });

    it('ignores everything reported after the stop', () => {
      const ledger = ledgerFor();
      ledger.requestSent(0, 0);
      ledger.requestSent(1, 0);
      assert.equal(ledger.isStopped, false);
      ledger.stop();
      assert.equal(ledger.isStopped, true);
      ledger.responseBytesArrived(0);
      ledger.responseCompleted(0, OK, 5);
      ledger.connectionLost(1, 'socket-error', 5);
      ledger.requestSent(2, 6);
      assert.equal(ledger.msUntilTimeout(0, 6), null);
      assert.deepEqual(ledger.stop(), []);
      const counts = ledger.counts();
      assert.deepEqual(
        { sent: counts.sent, served: counts.served, lost: counts.lost, inFlightAtStop: counts.inFlightAtStop },
        {
          sent: 2,
          served: 0,
          lost: 0,
          inFlightAtStop: 2,
        },
      );
    });

    it('keeps sent = served + rejected + lost + in flight through a mixed run', () => {
      const ledger = ledgerFor();
      const outcomes: ((client: number, atMs: number) => void)[] = [
        (client, atMs) => ledger.responseCompleted(client, OK, atMs),
        (client, atMs) => ledger.responseCompleted(client, { kind: 'rejected', reason: 'AppOffline' }, atMs),
        (client, atMs) => ledger.connectionLost(client, 'socket-end', atMs),
        (client, atMs) => ledger.connectionLost(client, 'timeout', atMs),
        () => {},
      ];
      for (let index = 0; index < 100; index++) {
        const client = index % 7;
        ledger.requestSent(client, index * 20);
        outcomes[index % outcomes.length]!(client, index * 20 + 3);
      }
      ledger.stop();
      assertIdentity(ledger.counts());
    });
  });

  describe('the timeline', () => {
    it('has one row per second of the duration, zero rows included', () => {
      const ledger = ledgerFor(2500);
      assert.deepEqual(ledger.stop(), [zeroSecond(0), zeroSecond(1), zeroSecond(2)]);
      assert.deepEqual(ledger.timeline(), [zeroSecond(0), zeroSecond(1), zeroSecond(2)]);
    });

    it('counts a send in the second it was sent and its outcome in the second it was seen', () => {
      const ledger = ledgerFor(2000);
      ledger.requestSent(0, 999);
      ledger.responseCompleted(0, OK, 1000.5);
      const [first, second] = ledger.stop();
      assert.deepEqual(first, { ...zeroSecond(0), sent: 1 });
      assert.deepEqual(second, {
        ...zeroSecond(1),
        served: 1,
        servedByStatus: { '200': 1 },
        latency: { count: 1, p50Ms: 1.5, p90Ms: 1.5, p99Ms: 1.5, maxMs: 1.5, meanMs: 1.5 },
      });
    });

    it('counts events after the duration in the last second', () => {
      const ledger = ledgerFor(1500);
      ledger.requestSent(0, 1499);
      ledger.connectionLost(0, 'socket-error', 2600);
      const seconds = ledger.stop();
      assert.equal(seconds.length, 2);
      assert.deepEqual(seconds[1], { ...zeroSecond(1), sent: 1, lost: 1, lostByReason: { ...ZERO_LOST, reset: 1 } });
    });

    it('closes each second once it is over, never the last before the stop', () => {
      const ledger = ledgerFor(3000);
      ledger.requestSent(0, 10);
      assert.deepEqual(ledger.closeSeconds(999.9), []);
      assert.deepEqual(ledger.closeSeconds(1000), [{ ...zeroSecond(0), sent: 1 }]);
      assert.deepEqual(ledger.closeSeconds(1500), []);
      assert.deepEqual(ledger.closeSeconds(9000), [zeroSecond(1)]);
      assert.deepEqual(
        ledger.timeline().map((second) => second.second),
        [0, 1],
      );
      assert.deepEqual(
        ledger.stop().map((second) => second.second),
        [2],
      );
    });

    it('counts an event stamped in a closed second in the first open one', () => {
      const ledger = ledgerFor(3000);
      ledger.closeSeconds(1000);
      ledger.requestSent(0, 500);
      const seconds = ledger.stop();
      assert.deepEqual(seconds[0], { ...zeroSecond(1), sent: 1 });
      assert.deepEqual(ledger.timeline()[0], zeroSecond(0));
    });

    it('adds up to the totals', () => {
      const ledger = ledgerFor(3000);
      for (let index = 0; index < 60; index++) {
        const atMs = index * 50;
        ledger.requestSent(index % 3, atMs);
        if (index % 4 === 0) ledger.connectionLost(index % 3, 'socket-end', atMs + 30);
        else ledger.responseCompleted(index % 3, index % 5 === 0 ? { kind: 'rejected', reason: 'QueueFull' } : OK, atMs + 30);
      }
      const seconds = ledger.stop();
      const counts = ledger.counts();
      const sum = (pick: (second: LoadSecond) => number): number => seconds.reduce((total, second) => total + pick(second), 0);
      assert.deepEqual(
        [sum((s) => s.sent), sum((s) => s.served), sum((s) => s.rejected), sum((s) => s.lostByReason.eof), sum((s) => s.latency.count)],
        [counts.sent, counts.served, counts.rejected, counts.lostByReason.eof, ledger.latency().count],
      );
      assert.deepEqual([counts.sent, counts.served, counts.rejected, counts.lost], [60, 36, 9, 15]);
    });
  });
});
