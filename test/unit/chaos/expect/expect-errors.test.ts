import assert from 'node:assert/strict';
import { ExpectationError, expectError, expectErrorTemplates } from '../../../../chaos/expect/expect-errors.ts';
import type { ExpectErrorCode } from '../../../../chaos/expect/expect-errors.ts';

const CODES = Object.keys(expectErrorTemplates) as ExpectErrorCode[];

/** Every code with its `%s` count: changing either breaks the messages callers build. */
const CATALOGUE: Readonly<Record<ExpectErrorCode, number>> = {
  ERR_EXPECT_SYNTAX: 2,
  ERR_EXPECT_UNKNOWN_FIGURE: 2,
  ERR_EXPECT_WINDOW_UNSUPPORTED: 3,
  ERR_EXPECT_BAD_LABEL: 3,
  ERR_EXPECT_MISSING_LABEL: 3,
  ERR_EXPECT_UNKNOWN_UNIT: 4,
  ERR_EXPECT_UNIT_MISMATCH: 5,
  ERR_EXPECT_BAD_SETTING: 2,
};

describe('expectation error catalogue', () => {
  describe('the list of codes', () => {
    it('is exactly these eight codes', () => {
      assert.deepEqual([...CODES].sort(), [
        'ERR_EXPECT_BAD_LABEL',
        'ERR_EXPECT_BAD_SETTING',
        'ERR_EXPECT_MISSING_LABEL',
        'ERR_EXPECT_SYNTAX',
        'ERR_EXPECT_UNIT_MISMATCH',
        'ERR_EXPECT_UNKNOWN_FIGURE',
        'ERR_EXPECT_UNKNOWN_UNIT',
        'ERR_EXPECT_WINDOW_UNSUPPORTED',
      ]);
    });

    it('names every code ERR_EXPECT_<WHAT>', () => {
      for (const code of CODES) assert.match(code, /^ERR_EXPECT_[A-Z]+(_[A-Z]+)*$/);
    });
  });

  describe('each template', () => {
    for (const code of CODES) {
      it(`gives ${code} ${CATALOGUE[code]} placeholder(s)`, () => {
        assert.equal(expectErrorTemplates[code].message.match(/%s/g)?.length ?? 0, CATALOGUE[code]);
      });
    }

    it('has no other printf-style placeholder and no trailing period', () => {
      for (const code of CODES) {
        const { message } = expectErrorTemplates[code];
        assert.equal(/%[^s]/.test(message), false, code);
        assert.equal(message.endsWith('.'), false, code);
      }
    });
  });

  describe('expectError', () => {
    it('prefixes the filled template with the quoted text and the column', () => {
      const error = expectError('ERR_EXPECT_SYNTAX', 'requests.lost = 0', 15, ['an operator', '"= 0"']);
      assert.ok(error instanceof ExpectationError);
      assert.ok(error instanceof Error);
      assert.deepEqual(
        { name: error.name, code: error.code, text: error.text, column: error.column, message: error.message },
        {
          name: 'ExpectationError',
          code: 'ERR_EXPECT_SYNTAX',
          text: 'requests.lost = 0',
          column: 15,
          message: 'expectation "requests.lost = 0", column 15: expected an operator, found "= 0"',
        },
      );
    });

    it('quotes a text that holds quotes so the message stays unambiguous', () => {
      const error = expectError('ERR_EXPECT_UNKNOWN_FIGURE', 'a"b < 1', 1, ['a"b', 'no hint']);
      assert.equal(error.message, 'expectation "a\\"b < 1", column 1: no figure named a"b; no hint');
    });

    it('leaves a placeholder without an argument as it is', () => {
      assert.equal(
        expectError('ERR_EXPECT_SYNTAX', 'x', 2, ['a figure']).message,
        'expectation "x", column 2: expected a figure, found %s',
      );
    });
  });
});
