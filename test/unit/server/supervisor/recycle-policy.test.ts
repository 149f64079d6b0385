import assert from 'node:assert/strict';
import type { PeriodicRestartSettings } from '../../../../server/config/settings.ts';
import {
  MAX_RECYCLE_JITTER_FRACTION,
  decideRecycle,
  isScheduleDue,
  pickJitterFraction,
  type RecycleFacts,
} from '../../../../server/supervisor/recycle-policy.ts';

function limits(overrides: Partial<PeriodicRestartSettings> = {}): PeriodicRestartSettings {
  return { timeMs: 0, requests: 0, privateMemoryBytes: 0, memoryBytes: 0, schedule: [], ...overrides };
}

function facts(overrides: Partial<RecycleFacts> = {}): RecycleFacts {
  return { startedAtMs: 1000, requestsDispatched: 0, rssBytes: 0, virtualBytes: 0, jitterFraction: 0, ...overrides };
}

/** Epoch ms of a local wall-clock time (the schedule is in server local time). */
function localMs(day: number, hours: number, minutes: number, seconds = 0, ms = 0): number {
  return new Date(2025, 2, day, hours, minutes, seconds, ms).getTime();
}

describe('decideRecycle', () => {
  describe('when every limit is off', () => {
    it('never recycles', () => {
      const old = facts({ startedAtMs: 0, requestsDispatched: 1e9, rssBytes: 1e12, virtualBytes: 1e12 });
      assert.equal(decideRecycle(old, limits(), 1e12), null);
    });
  });

  describe('when privateMemory is set', () => {
    const settings = limits({ privateMemoryBytes: 1000 });

    it('recycles for PrivateMemory once rss passes the limit', () => {
      assert.equal(decideRecycle(facts({ rssBytes: 1001 }), settings, 1000), 'PrivateMemory');
    });

    it('does not recycle at exactly the limit', () => {
      assert.equal(decideRecycle(facts({ rssBytes: 1000 }), settings, 1000), null);
    });

    it('does not stretch the limit by jitter', () => {
      assert.equal(decideRecycle(facts({ rssBytes: 1001, jitterFraction: 0.09 }), settings, 1000), 'PrivateMemory');
    });

    it('does not read virtual memory', () => {
      assert.equal(decideRecycle(facts({ virtualBytes: 5000 }), settings, 1000), null);
    });
  });

  describe('when memory is set', () => {
    const settings = limits({ memoryBytes: 2000 });

    it('recycles for Memory once virtual memory passes the limit', () => {
      assert.equal(decideRecycle(facts({ virtualBytes: 2001 }), settings, 1000), 'Memory');
    });

    it('does not recycle at exactly the limit', () => {
      assert.equal(decideRecycle(facts({ virtualBytes: 2000 }), settings, 1000), null);
    });

    it('does not stretch the limit by jitter', () => {
      assert.equal(decideRecycle(facts({ virtualBytes: 2001, jitterFraction: 0.09 }), settings, 1000), 'Memory');
    });

    it('does not read rss', () => {
      assert.equal(decideRecycle(facts({ rssBytes: 5000 }), settings, 1000), null);
    });
  });

  describe('when time is set', () => {
    const settings = limits({ timeMs: 1000 });

    it('recycles for Time at exactly timeMs of uptime', () => {
      assert.equal(decideRecycle(facts({ startedAtMs: 1000 }), settings, 2000), 'Time');
    });

    it('does not recycle 1 ms earlier', () => {
      assert.equal(decideRecycle(facts({ startedAtMs: 1000 }), settings, 1999), null);
    });

    it('stretches the limit by jitter: 1000 ms with 0.05 is due at 1050, not 1049', () => {
      const jittered = facts({ startedAtMs: 1000, jitterFraction: 0.05 });
      assert.equal(decideRecycle(jittered, settings, 2049), null);
      assert.equal(decideRecycle(jittered, settings, 2050), 'Time');
    });
  });

  describe('when requests is set', () => {
    const settings = limits({ requests: 100 });

    it('recycles for Requests at exactly the count', () => {
      assert.equal(decideRecycle(facts({ requestsDispatched: 100 }), settings, 1000), 'Requests');
    });

    it('does not recycle one request earlier', () => {
      assert.equal(decideRecycle(facts({ requestsDispatched: 99 }), settings, 1000), null);
    });

    it('stretches the count by jitter: 100 with 0.05 is due at 105, not 104', () => {
      assert.equal(decideRecycle(facts({ requestsDispatched: 104, jitterFraction: 0.05 }), settings, 1000), null);
      assert.equal(decideRecycle(facts({ requestsDispatched: 105, jitterFraction: 0.05 }), settings, 1000), 'Requests');
    });

    it('rounds a fractional stretched count up: 10 with 0.05 is due at 11, not 10', () => {
      const few = limits({ requests: 10 });
      assert.equal(decideRecycle(facts({ requestsDispatched: 10, jitterFraction: 0.05 }), few, 1000), null);
      assert.equal(decideRecycle(facts({ requestsDispatched: 11, jitterFraction: 0.05 }), few, 1000), 'Requests');
    });
  });

  describe('when several limits are passed at once', () => {
    const all = limits({ privateMemoryBytes: 1000, memoryBytes: 1000, timeMs: 1000, requests: 10 });
    const over = { startedAtMs: 0, requestsDispatched: 10, rssBytes: 1001, virtualBytes: 1001 };

    it('reports PrivateMemory before Memory, Time and Requests', () => {
      assert.equal(decideRecycle(facts(over), all, 1000), 'PrivateMemory');
    });

    it('reports Memory before Time and Requests', () => {
      assert.equal(decideRecycle(facts({ ...over, rssBytes: 0 }), all, 1000), 'Memory');
    });

    it('reports Time before Requests', () => {
      assert.equal(decideRecycle(facts({ ...over, rssBytes: 0, virtualBytes: 0 }), all, 1000), 'Time');
    });

    it('reports Requests when only the request count is passed', () => {
      assert.equal(decideRecycle(facts({ ...over, rssBytes: 0, virtualBytes: 0 }), all, 999), 'Requests');
    });
  });
});

describe('pickJitterFraction', () => {
  describe('when the pool has one worker', () => {
    it('returns 0 without drawing a random number', () => {
      let draws = 0;
      const random = (): number => {
        draws++;
        return 0.5;
      };
      assert.equal(pickJitterFraction(1, random), 0);
      assert.equal(draws, 0);
    });
  });

  describe('when the pool is a web garden', () => {
    it('scales one random draw by MAX_RECYCLE_JITTER_FRACTION', () => {
      assert.equal(MAX_RECYCLE_JITTER_FRACTION, 0.1);
      assert.equal(
        pickJitterFraction(2, () => 0),
        0,
      );
      assert.equal(
        pickJitterFraction(2, () => 0.5),
        0.05,
      );
      assert.equal(
        pickJitterFraction(4, () => 0.25),
        0.025,
      );
    });

    it('stays below 0.1 for the largest random() value', () => {
      const largest = 1 - Number.EPSILON / 2;
      assert.equal(
        pickJitterFraction(3, () => largest),
        largest * 0.1,
      );
      assert.ok(pickJitterFraction(3, () => largest) < 0.1);
    });

    it('draws exactly once per call', () => {
      let draws = 0;
      pickJitterFraction(2, () => {
        draws++;
        return 0.3;
      });
      assert.equal(draws, 1);
    });
  });
});

describe('isScheduleDue', () => {
  describe('when there is nothing to check', () => {
    it('is false for an empty schedule', () => {
      assert.equal(isScheduleDue([], localMs(10, 2, 0), localMs(10, 4, 0)), false);
    });

    it('is false when now is not after since', () => {
      assert.equal(isScheduleDue(['03:00'], localMs(10, 3, 0), localMs(10, 3, 0)), false);
      assert.equal(isScheduleDue(['03:00'], localMs(10, 3, 1), localMs(10, 3, 0)), false);
    });
  });

  describe('when an entry falls on a boundary of (since, now]', () => {
    it('is due when the entry is exactly now', () => {
      assert.equal(isScheduleDue(['03:00'], localMs(10, 2, 59, 59, 999), localMs(10, 3, 0)), true);
    });

    it('is not due when the entry is exactly since (it was handled by the previous check)', () => {
      assert.equal(isScheduleDue(['03:00'], localMs(10, 3, 0), localMs(10, 3, 0, 0, 1)), false);
    });

    it('is not due 1 ms before the entry', () => {
      assert.equal(isScheduleDue(['03:00'], localMs(10, 2, 59), localMs(10, 2, 59, 59, 999)), false);
    });

    it('is due when since is 1 ms before the entry', () => {
      assert.equal(isScheduleDue(['03:00'], localMs(10, 2, 59, 59, 999), localMs(10, 3, 0, 0, 500)), true);
    });
  });

  describe('when the interval crosses midnight', () => {
    const since = localMs(10, 23, 58);
    const now = localMs(11, 0, 1);

    it('is due for 00:00 and 23:59', () => {
      assert.equal(isScheduleDue(['00:00'], since, now), true);
      assert.equal(isScheduleDue(['23:59'], since, now), true);
    });

    it('is due for 00:01 (exactly now) but not for 00:02 or 23:58 (exactly since)', () => {
      assert.equal(isScheduleDue(['00:01'], since, now), true);
      assert.equal(isScheduleDue(['00:02'], since, now), false);
      assert.equal(isScheduleDue(['23:58'], since, now), false);
    });
  });

  describe('when the interval is almost a day long', () => {
    const since = localMs(10, 4, 0);
    const now = localMs(11, 3, 0);

    it('is due for an entry that passed yesterday after since', () => {
      assert.equal(isScheduleDue(['05:00'], since, now), true);
    });

    it('is not due for an entry that fell before since yesterday and is still ahead today', () => {
      assert.equal(isScheduleDue(['03:30'], since, now), false);
    });
  });

  describe('when the schedule has several entries', () => {
    it('is due when any one entry fell in the interval', () => {
      assert.equal(isScheduleDue(['01:00', '12:00', '03:15'], localMs(10, 3, 10), localMs(10, 3, 20)), true);
    });

    it('is not due when none did', () => {
      assert.equal(isScheduleDue(['01:00', '12:00', '03:25'], localMs(10, 3, 10), localMs(10, 3, 20)), false);
    });
  });
});
