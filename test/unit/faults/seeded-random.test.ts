import assert from 'node:assert/strict';
import { deriveSeed, seededRandom } from '../../../faults/index.ts';

function take(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => random());
}

describe('seededRandom', () => {
  describe('with the same seed', () => {
    it('yields the same sequence', () => {
      assert.deepEqual(take(seededRandom(12345), 50), take(seededRandom(12345), 50));
    });

    it('yields the mulberry32 sequence, so a scenario seed means the same choices in every version', () => {
      assert.deepEqual(take(seededRandom(0), 3), [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
      assert.deepEqual(take(seededRandom(1), 2), [0.6270739405881613, 0.002735721180215478]);
    });

    it('reads the seed as an unsigned 32-bit integer', () => {
      assert.deepEqual(take(seededRandom(2 ** 32 + 5), 5), take(seededRandom(5), 5));
      assert.deepEqual(take(seededRandom(-1), 5), take(seededRandom(0xffffffff), 5));
    });
  });

  describe('with different seeds', () => {
    it('yields different sequences', () => {
      const firsts = new Set(Array.from({ length: 100 }, (_, seed) => seededRandom(seed)()));
      assert.equal(firsts.size, 100);
    });
  });

  describe('its values', () => {
    it('are in [0, 1) and spread over the range', () => {
      const values = take(seededRandom(99), 10_000);
      for (const value of values) assert.ok(value >= 0 && value < 1, `value ${value} out of [0, 1)`);
      const buckets = Array.from({ length: 10 }, () => 0);
      for (const value of values) buckets[Math.floor(value * 10)]!++;
      for (const [bucket, count] of buckets.entries()) {
        assert.ok(count > 800 && count < 1200, `bucket ${bucket} holds ${count} of 10000 values`);
      }
    });
  });
});

describe('deriveSeed', () => {
  it('is deterministic and an unsigned 32-bit integer', () => {
    assert.equal(deriveSeed(42, 1), deriveSeed(42, 1));
    assert.deepEqual(
      [deriveSeed(0, 0), deriveSeed(0, 1), deriveSeed(42, 1), deriveSeed(0xffffffff, 7)],
      [40503, 81006, 4112200568, 1640855559],
    );
    for (const seed of [0, 1, 42, 0xffffffff]) {
      for (let part = 0; part < 20; part++) {
        const derived = deriveSeed(seed, part);
        assert.ok(Number.isInteger(derived) && derived >= 0 && derived <= 0xffffffff, `deriveSeed(${seed}, ${part}) = ${derived}`);
      }
    }
  });

  it('differs per part of the same run', () => {
    for (const seed of [0, 7, 0xffffffff]) {
      const derived = new Set(Array.from({ length: 1000 }, (_, part) => deriveSeed(seed, part)));
      assert.equal(derived.size, 1000, `seed ${seed}`);
    }
  });

  it('differs per run for the same part, and from the run seed itself', () => {
    const derived = new Set(Array.from({ length: 1000 }, (_, seed) => deriveSeed(seed, 3)));
    assert.equal(derived.size, 1000);
    for (const seed of [1, 2, 3, 1000]) assert.notEqual(deriveSeed(seed, 0), seed);
  });

  it('gives each part a different random sequence', () => {
    assert.notDeepEqual(take(seededRandom(deriveSeed(9, 1)), 5), take(seededRandom(deriveSeed(9, 2)), 5));
  });
});
