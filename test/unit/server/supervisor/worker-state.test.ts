import assert from 'node:assert/strict';
import { WORKER_STATES, canTransition, type WorkerState } from '../../../../server/supervisor/worker-state.ts';

/** The documented transitions, as `from>to`; every other pair is refused. */
const ALLOWED = new Set([
  'starting>ready',
  'starting>draining',
  'starting>unresponsive',
  'ready>draining',
  'ready>unresponsive',
  'draining>unresponsive',
  'unresponsive>orphaned',
]);

describe('worker state machine', () => {
  describe('WORKER_STATES', () => {
    it('lists the five states in lifecycle order', () => {
      assert.deepEqual(WORKER_STATES, ['starting', 'ready', 'draining', 'unresponsive', 'orphaned']);
    });
  });

  describe('canTransition', () => {
    for (const from of WORKER_STATES) {
      for (const to of WORKER_STATES) {
        const isAllowed = ALLOWED.has(`${from}>${to}`);
        it(`${isAllowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
          assert.equal(canTransition(from, to), isAllowed);
        });
      }
    }

    it('allows exactly seven of the 25 pairs', () => {
      const allowed = WORKER_STATES.flatMap((from) => WORKER_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`));
      assert.deepEqual(allowed, [...ALLOWED]);
    });

    it('never lets a worker return to starting or ready once it leaves them', () => {
      const later: readonly WorkerState[] = ['draining', 'unresponsive', 'orphaned'];
      for (const from of later) {
        assert.equal(canTransition(from, 'starting'), false);
        assert.equal(canTransition(from, 'ready'), false);
      }
    });

    it('lets an orphaned worker go nowhere (it only leaves by exiting)', () => {
      assert.deepEqual(
        WORKER_STATES.filter((to) => canTransition('orphaned', to)),
        [],
      );
    });
  });
});
