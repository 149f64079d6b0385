import assert from 'node:assert/strict';
import type { Journal } from '../../../../chaos/journal/journal.ts';
import { STARTED_AT_MS, twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';
import { actualOf } from './read-figure.ts';

describe('run figures', () => {
  const journal = twoPoolCrashJournal();

  describe('faults', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['faults.injected', 3],
      ['faults.injected{kind=crash}', 2],
      ['faults.injected{kind=kill}', 1],
      ['faults.injected{kind=hang}', 0],
      ['faults.failed', 1],
      ['faults.failed{kind=hang}', 1],
      ['faults.failed{kind=crash}', 0],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected}`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }
  });

  describe('events over the whole run', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['events{type=worker-ready}', 7],
      ['events{type=worker-ready,pool=a}', 5],
      ['events{type=worker-ready,pool=b}', 2],
      ['events{type=worker-exited}', 5],
      ['events{type=worker-exited,reason=crash}', 4],
      ['events{type=worker-exited,reason=drained}', 1],
      ['events{type=worker-exited,reason=crash,pool=b}', 2],
      ['events{type=rapid-fail-tripped,pool=b}', 1],
      ['events{type=rapid-fail-tripped,pool=a}', 0],
      ['events{type=worker-exited,workerId=3}', 1],
      ['events{type=worker-exited,code=null}', 1],
      ['events{type=worker-exited,signal=SIGKILL}', 1],
      ['events{type=worker-recycling,isOverlapped=true}', 1],
      ['events{type=worker-recycling,isOverlapped=false}', 0],
      ['events{type=worker-ready,startupMs=840}', 1],
      ['events{type=worker-ready,noSuchField=undefined}', 0],
      ['events{type=worker-ready,constructor=Object}', 0],
      ['events{type=chaos-ended}', 0],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected}`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }
  });

  describe('events in a window, by time since load start', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['before.events{type=worker-ready}', 1],
      ['after.events{type=worker-ready}', 1],
      ['before.events{type=worker-exited,reason=drained}', 1],
      ['after.events{type=worker-exited,reason=crash}', 1],
      ['before.events{type=rapid-fail-tripped}', 0],
      ['after.events{type=request-client-aborted,pool=a}', 1],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected}`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }

    it('includes an event at the window start and excludes one at its end', () => {
      const edges: Journal = {
        ...journal,
        events: [
          { type: 'pool-started', time: STARTED_AT_MS + 7000, pool: 'a', reason: 'admin' },
          { type: 'pool-started', time: STARTED_AT_MS + 10_000, pool: 'a', reason: 'admin' },
        ],
      };
      assert.equal(actualOf('after.events{type=pool-started}', edges), 1);
      assert.equal(actualOf('events{type=pool-started}', edges), 2);
    });
  });

  describe('disagreements', () => {
    it('counts the figures the client and front disagreed on', () => {
      assert.equal(actualOf('disagreements', journal), 1);
      assert.equal(actualOf('disagreements', { ...journal, disagreements: [] }), 0);
    });
  });
});
