import assert from 'node:assert/strict';
import type { FailureSettings } from '../../../../server/config/settings.ts';
import { countRecentFailures, recordFailure } from '../../../../server/supervisor/rapid-fail-policy.ts';

function failureSettings(overrides: Partial<FailureSettings> = {}): FailureSettings {
  return {
    rapidFailProtection: true,
    rapidFailProtectionIntervalMs: 1000,
    rapidFailProtectionMaxCrashes: 3,
    loadBalancerCapabilities: 'HttpLevel',
    orphanWorkerProcess: false,
    orphanActionExe: null,
    orphanActionParams: '',
    autoShutdownExe: null,
    autoShutdownParams: '',
    ...overrides,
  };
}

describe('recordFailure', () => {
  describe('when the window is empty', () => {
    it('returns a window holding only this failure and does not trip below the limit', () => {
      assert.deepEqual(recordFailure([], 5000, failureSettings()), { failureTimesMs: [5000], shouldTrip: false });
    });

    it('trips on the first failure when rapidFailProtectionMaxCrashes is 1', () => {
      assert.deepEqual(recordFailure([], 5000, failureSettings({ rapidFailProtectionMaxCrashes: 1 })), {
        failureTimesMs: [5000],
        shouldTrip: true,
      });
    });
  });

  describe('when older failures sit at the edge of the window', () => {
    it('drops a failure exactly rapidFailProtectionInterval old', () => {
      assert.deepEqual(recordFailure([1000], 2000, failureSettings()), { failureTimesMs: [2000], shouldTrip: false });
    });

    it('keeps a failure 1 ms younger than rapidFailProtectionInterval', () => {
      assert.deepEqual(recordFailure([1001], 2000, failureSettings()), { failureTimesMs: [1001, 2000], shouldTrip: false });
    });

    it('drops every expired failure and keeps the rest oldest first', () => {
      const decision = recordFailure([100, 999, 1000, 1500, 1999], 2000, failureSettings({ rapidFailProtectionMaxCrashes: 10 }));
      assert.deepEqual(decision.failureTimesMs, [1500, 1999, 2000]);
    });

    it('does not trip when the expired failures would have reached the limit', () => {
      assert.deepEqual(recordFailure([500, 1000], 2000, failureSettings()), { failureTimesMs: [2000], shouldTrip: false });
    });
  });

  describe('when counting toward rapidFailProtectionMaxCrashes', () => {
    it('does not trip at one failure below the limit', () => {
      assert.deepEqual(recordFailure([1500], 1600, failureSettings()), { failureTimesMs: [1500, 1600], shouldTrip: false });
    });

    it('trips at exactly the limit', () => {
      assert.deepEqual(recordFailure([1500, 1550], 1600, failureSettings()), {
        failureTimesMs: [1500, 1550, 1600],
        shouldTrip: true,
      });
    });

    it('still trips above the limit', () => {
      assert.deepEqual(recordFailure([1500, 1550, 1575], 1600, failureSettings()), {
        failureTimesMs: [1500, 1550, 1575, 1600],
        shouldTrip: true,
      });
    });

    it('counts a failure at the same millisecond as another', () => {
      assert.deepEqual(recordFailure([1600, 1600], 1600, failureSettings()), {
        failureTimesMs: [1600, 1600, 1600],
        shouldTrip: true,
      });
    });
  });

  describe('when rapidFailProtection is off', () => {
    it('never trips, however many failures the window holds', () => {
      const settings = failureSettings({ rapidFailProtection: false });
      assert.deepEqual(recordFailure([1500, 1550, 1575, 1590], 1600, settings), {
        failureTimesMs: [1500, 1550, 1575, 1590, 1600],
        shouldTrip: false,
      });
    });
  });

  describe('when given a frozen window', () => {
    it('returns a new array and leaves the input untouched', () => {
      const before = Object.freeze([1500, 1550]);
      const decision = recordFailure(before, 1600, failureSettings());
      assert.deepEqual(before, [1500, 1550]);
      assert.notEqual(decision.failureTimesMs, before);
    });
  });
});

describe('countRecentFailures', () => {
  describe('when the window is empty', () => {
    it('returns 0', () => {
      assert.equal(countRecentFailures([], 2000, 1000), 0);
    });
  });

  describe('when failures straddle the window edge', () => {
    it('leaves out a failure exactly intervalMs old and counts one 1 ms younger', () => {
      assert.equal(countRecentFailures([1000, 1001, 2000], 2000, 1000), 2);
    });

    it('counts nothing once every failure is intervalMs old or older', () => {
      assert.equal(countRecentFailures([500, 1000], 2000, 1000), 0);
    });

    it('counts every failure inside the window', () => {
      assert.equal(countRecentFailures([1001, 1500, 1999, 2000], 2000, 1000), 4);
    });
  });
});
