import assert from 'node:assert/strict';
import { seededRandom, selectTargets, type TargetCandidate, type TargetSelection } from '../../../faults/index.ts';

/** Five ready workers, listed out of id order; worker 4 started first and worker 2 last. */
const CANDIDATES: readonly TargetCandidate[] = [
  { id: 3, pid: 1003, startedAtMs: 3_000 },
  { id: 1, pid: 1001, startedAtMs: 2_000 },
  { id: 5, pid: 1005, startedAtMs: 4_000 },
  { id: 4, pid: 1004, startedAtMs: 1_000 },
  { id: 2, pid: 1002, startedAtMs: 5_000 },
];

function idsOf(selection: TargetSelection<TargetCandidate>): number[] {
  assert.ok(selection.ok, `expected targets, got: ${selection.ok ? '' : selection.reason}`);
  return selection.targets.map((target) => target.id);
}

function reasonOf(selection: TargetSelection<TargetCandidate>): string {
  assert.equal(selection.ok, false, 'expected no targets');
  return selection.ok ? '' : selection.reason;
}

/** A random source that must not be used. */
function unusedRandom(): number {
  throw new Error('random() called for a selector that is not random');
}

/** A random source that yields these values in turn. */
function scripted(values: readonly number[]): () => number {
  let next = 0;
  return () => {
    const value = values[next++];
    if (value === undefined) throw new Error('random() called more often than scripted');
    return value;
  };
}

describe('selectTargets', () => {
  describe('random', () => {
    it('picks the same workers for the same seed', () => {
      const first = idsOf(selectTargets(CANDIDATES, 'random', 3, seededRandom(42)));
      const second = idsOf(selectTargets(CANDIDATES, 'random', 3, seededRandom(42)));
      assert.deepEqual(first, second);
      assert.equal(first.length, 3);
    });

    it('never picks a worker twice, for any seed', () => {
      for (let seed = 0; seed < 200; seed++) {
        const ids = idsOf(selectTargets(CANDIDATES, 'random', 4, seededRandom(seed)));
        assert.equal(ids.length, 4);
        assert.equal(new Set(ids).size, 4, `seed ${seed} picked ${ids.join(', ')}`);
      }
    });

    it('reaches every worker over many seeds (not stuck on one position)', () => {
      const hit = new Set<number>();
      for (let seed = 0; seed < 100; seed++) hit.add(idsOf(selectTargets(CANDIDATES, 'random', 1, seededRandom(seed)))[0]!);
      assert.deepEqual([...hit].sort(), [1, 2, 3, 4, 5]);
    });

    it('swaps by a partial Fisher-Yates over workers in id order', () => {
      // [1,2,3,4,5]: i=0 takes 0 + floor(0.99*5)=4 → id 5; i=1 takes 1 + floor(0*4)=1 → id 2.
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, 'random', 2, scripted([0.99, 0]))), [5, 2]);
      // i=0 takes floor(0.5*5)=2 → id 3; i=1 takes 1 + floor(0.5*4)=3 → id 4; i=2 takes 2 + floor(0.34*3)=3 → id 2
      // (moved there by the second swap).
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, 'random', 3, scripted([0.5, 0.5, 0.34]))), [3, 4, 2]);
    });

    it('takes every worker once when count exceeds the pool', () => {
      const ids = idsOf(selectTargets(CANDIDATES, 'random', 9, seededRandom(7)));
      assert.deepEqual([...ids].sort(), [1, 2, 3, 4, 5]);
    });
  });

  describe('oldest and newest', () => {
    it('orders by start time', () => {
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, 'oldest', 2, unusedRandom)), [4, 1]);
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, 'newest', 2, unusedRandom)), [2, 5]);
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, 'oldest', 1, unusedRandom)), [4]);
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, 'newest', 9, unusedRandom)), [2, 5, 3, 1, 4]);
    });

    it('breaks a start-time tie by worker id', () => {
      const tied: TargetCandidate[] = [
        { id: 7, pid: 7007, startedAtMs: 100 },
        { id: 6, pid: 7006, startedAtMs: 100 },
      ];
      assert.deepEqual(idsOf(selectTargets(tied, 'oldest', 1, unusedRandom)), [6]);
      assert.deepEqual(idsOf(selectTargets(tied, 'newest', 1, unusedRandom)), [7]);
    });
  });

  describe('all', () => {
    it('takes every worker in id order and ignores count', () => {
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, 'all', 1, unusedRandom)), [1, 2, 3, 4, 5]);
    });
  });

  describe('index and pid', () => {
    it('takes the worker at that position in id order', () => {
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, { index: 0 }, 1, unusedRandom)), [1]);
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, { index: 4 }, 3, unusedRandom)), [5]);
    });

    it('takes the worker with that pid', () => {
      assert.deepEqual(idsOf(selectTargets(CANDIDATES, { pid: 1004 }, 3, unusedRandom)), [4]);
    });

    it('fails with the reason for an index out of range or an unknown pid', () => {
      assert.equal(reasonOf(selectTargets(CANDIDATES, { index: 5 }, 1, unusedRandom)), 'worker index 5 is out of range (5 ready)');
      assert.equal(reasonOf(selectTargets(CANDIDATES, { pid: 999 }, 1, unusedRandom)), 'no ready worker has pid 999');
    });
  });

  describe('with no candidate', () => {
    it('fails for every selector with the same reason', () => {
      for (const selector of ['random', 'oldest', 'newest', 'all', { index: 0 }, { pid: 1 }] as const) {
        assert.equal(reasonOf(selectTargets([], selector, 1, unusedRandom)), 'the pool has no ready worker');
      }
    });
  });

  it('never reorders the caller’s array', () => {
    const before = CANDIDATES.map((candidate) => candidate.id);
    selectTargets(CANDIDATES, 'random', 5, seededRandom(3));
    selectTargets(CANDIDATES, 'newest', 5, unusedRandom);
    assert.deepEqual(
      CANDIDATES.map((candidate) => candidate.id),
      before,
    );
  });
});
