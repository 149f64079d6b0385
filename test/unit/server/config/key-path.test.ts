import assert from 'node:assert/strict';
import { formatKeyPath } from '../../../../server/config/key-path.ts';

describe('formatKeyPath', () => {
  const cases: readonly (readonly [readonly PropertyKey[], string])[] = [
    [[], '(top level)'],
    [['loud'], 'loud'],
    [['pools', 'api', 'processModel', 'pingInterval'], 'pools.api.processModel.pingInterval'],
    [['apps', 2, 'module'], 'apps[2].module'],
    [['pools', 'my pool', 'queueLength'], 'pools["my pool"].queueLength'],
    [['faults', 0, 'params', 'delay'], 'faults[0].params.delay'],
  ];
  for (const [segments, written] of cases) {
    it(`writes ${JSON.stringify(segments)} as ${written}`, () => {
      assert.equal(formatKeyPath(segments), written);
    });
  }
});
