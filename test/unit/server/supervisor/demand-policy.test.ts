import assert from 'node:assert/strict';
import { decideSpawnCount, isIdleExpired, type DemandFacts } from '../../../../server/supervisor/demand-policy.ts';

function facts(overrides: Partial<DemandFacts> = {}): DemandFacts {
  return {
    startMode: 'OnDemand',
    maxProcesses: 3,
    isStarted: true,
    activeWorkers: 0,
    heldSlots: 0,
    queuedRequests: 0,
    hasNewRequest: false,
    ...overrides,
  };
}

describe('decideSpawnCount', () => {
  describe('when the pool is AlwaysRunning', () => {
    it('fills the whole garden when no worker runs', () => {
      assert.equal(decideSpawnCount(facts({ startMode: 'AlwaysRunning' })), 3);
    });

    it('starts only the missing workers', () => {
      assert.equal(decideSpawnCount(facts({ startMode: 'AlwaysRunning', activeWorkers: 1 })), 2);
    });

    it('starts nothing when the garden is full', () => {
      assert.equal(decideSpawnCount(facts({ startMode: 'AlwaysRunning', activeWorkers: 3 })), 0);
    });

    it('starts nothing when more workers than maxProcesses are active (during an overlapped recycle)', () => {
      assert.equal(decideSpawnCount(facts({ startMode: 'AlwaysRunning', activeWorkers: 4 })), 0);
    });

    it('does not need demand to start workers', () => {
      assert.equal(decideSpawnCount(facts({ startMode: 'AlwaysRunning', queuedRequests: 0, hasNewRequest: false })), 3);
    });
  });

  describe('when the pool is OnDemand', () => {
    it('starts nothing without demand', () => {
      assert.equal(decideSpawnCount(facts()), 0);
    });

    it('starts one worker when a request just arrived', () => {
      assert.equal(decideSpawnCount(facts({ hasNewRequest: true })), 1);
    });

    it('starts one worker per check while requests wait, however many wait', () => {
      assert.equal(decideSpawnCount(facts({ queuedRequests: 50 })), 1);
    });

    it('starts nothing for a new request when the garden is full', () => {
      assert.equal(decideSpawnCount(facts({ activeWorkers: 3, hasNewRequest: true, queuedRequests: 10 })), 0);
    });

    it('starts one more worker when the garden has room', () => {
      assert.equal(decideSpawnCount(facts({ activeWorkers: 2, hasNewRequest: true })), 1);
    });
  });

  describe('when the pool is stopped', () => {
    it('starts nothing in AlwaysRunning mode', () => {
      assert.equal(decideSpawnCount(facts({ startMode: 'AlwaysRunning', isStarted: false })), 0);
    });

    it('starts nothing in OnDemand mode even with requests waiting', () => {
      assert.equal(decideSpawnCount(facts({ isStarted: false, hasNewRequest: true, queuedRequests: 5 })), 0);
    });
  });

  describe('when draining workers hold their slots (disallowOverlappingRotation)', () => {
    it('counts held slots as taken in AlwaysRunning mode', () => {
      assert.equal(decideSpawnCount(facts({ startMode: 'AlwaysRunning', activeWorkers: 1, heldSlots: 1 })), 1);
    });

    it('starts nothing when held slots and active workers fill the garden', () => {
      assert.equal(decideSpawnCount(facts({ startMode: 'AlwaysRunning', activeWorkers: 2, heldSlots: 1 })), 0);
      assert.equal(decideSpawnCount(facts({ activeWorkers: 0, heldSlots: 3, hasNewRequest: true })), 0);
    });

    it('starts one OnDemand worker when a slot is still free', () => {
      assert.equal(decideSpawnCount(facts({ activeWorkers: 1, heldSlots: 1, queuedRequests: 1 })), 1);
    });
  });
});

describe('isIdleExpired', () => {
  describe('when the pool is OnDemand', () => {
    it('expires a worker idle for exactly idleTimeoutMs', () => {
      assert.equal(isIdleExpired('OnDemand', 1000, 0, 5000, 6000), true);
    });

    it('keeps a worker idle for 1 ms less than idleTimeoutMs', () => {
      assert.equal(isIdleExpired('OnDemand', 1000, 0, 5000, 5999), false);
    });

    it('keeps a worker with requests outstanding however long ago its last activity was', () => {
      assert.equal(isIdleExpired('OnDemand', 1000, 1, 5000, 60_000), false);
    });

    it('never expires a worker when idleTimeoutMs is 0', () => {
      assert.equal(isIdleExpired('OnDemand', 0, 0, 0, 1_000_000_000), false);
    });
  });

  describe('when the pool is AlwaysRunning', () => {
    it('never expires an idle worker', () => {
      assert.equal(isIdleExpired('AlwaysRunning', 1000, 0, 0, 1_000_000), false);
    });
  });
});
