import assert from 'node:assert/strict';
import { isChildMessage, isParentMessage } from '../../../../chaos/load/load-ipc.ts';

describe('load IPC messages', () => {
  describe('isChildMessage', () => {
    it('accepts each child message shape', () => {
      assert.deepEqual(
        [
          { type: 'ready' },
          { type: 'started', startedAtMs: 5 },
          { type: 'second', second: {} },
          { type: 'result', result: {} },
          { type: 'failed', message: 'x' },
        ].map(isChildMessage),
        [true, true, true, true, true],
      );
    });

    it('refuses anything else', () => {
      assert.deepEqual(
        [
          null,
          'ready',
          { type: 'started' },
          { type: 'second' },
          { type: 'result', result: null },
          { type: 'failed', message: 1 },
          { type: 'start', plan: {} },
        ].map(isChildMessage),
        [false, false, false, false, false, false, false],
      );
    });
  });

  describe('isParentMessage', () => {
    it('accepts only a start message with a plan', () => {
      assert.deepEqual([{ type: 'start', plan: {} }, { type: 'start' }, { type: 'ready' }, undefined].map(isParentMessage), [
        true,
        false,
        false,
        false,
      ]);
    });
  });
});
