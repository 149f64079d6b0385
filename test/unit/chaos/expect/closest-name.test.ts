import assert from 'node:assert/strict';
import { closestName } from '../../../../chaos/expect/closest-name.ts';

describe('closestName', () => {
  const names = ['latency.p50', 'latency.p90', 'latency.p99', 'restarts', 'recycles'];

  it('finds a name one edit away', () => {
    assert.equal(closestName('restart', names, 3), 'restarts');
    assert.equal(closestName('latency.p999', names, 3), 'latency.p99');
  });

  it('takes the first of equally near names', () => {
    assert.equal(closestName('latency.p95', names, 3), 'latency.p90');
  });

  it('counts substitutions, insertions and deletions', () => {
    assert.equal(closestName('rcycles', names, 1), 'recycles');
    assert.equal(closestName('recyclesx', names, 1), 'recycles');
    assert.equal(closestName('recyclez', names, 1), 'recycles');
  });

  it('returns null when every name is further than the limit', () => {
    assert.equal(closestName('requests.lost', names, 3), null);
    assert.equal(closestName('restar', names, 1), null);
    assert.equal(closestName('x', [], 3), null);
  });

  it('returns an exact match at distance 0', () => {
    assert.equal(closestName('recycles', names, 0), 'recycles');
  });
});
