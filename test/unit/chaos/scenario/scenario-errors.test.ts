import assert from 'node:assert/strict';
import { scenarioErrorTemplates } from '../../../../chaos/scenario/scenario-errors.ts';

describe('scenario error catalogue', () => {
  it('is exactly these four codes', () => {
    assert.deepEqual(Object.keys(scenarioErrorTemplates).sort(), [
      'ERR_SCENARIO_INVALID',
      'ERR_SCENARIO_NOT_FOUND',
      'ERR_SCENARIO_SYNTAX',
      'ERR_SCENARIO_UNREADABLE',
    ]);
  });
});
