import assert from 'node:assert/strict';
import { parseExpectation } from '../../../../chaos/expect/parse-expectation.ts';
import { SERVER_EVENT_TYPES } from '../../../../server/index.ts';

describe('events{type=...}', () => {
  it('accepts every server event type', () => {
    for (const type of SERVER_EVENT_TYPES) assert.equal(parseExpectation(`events{type=${type}} >= 0`).labels['type'], type);
  });

  it('refuses a misspelt event type with ERR_EXPECT_BAD_LABEL at its column', () => {
    assert.throws(() => parseExpectation('events{type=worker-crashd} == 0'), {
      code: 'ERR_EXPECT_BAD_LABEL',
      column: 13,
    });
  });
});
