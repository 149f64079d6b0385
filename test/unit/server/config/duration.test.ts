import assert from 'node:assert/strict';
import { DURATION_PATTERN, MAX_DURATION_MS, formatDurationMs, parseDurationMs } from '../../../../server/config/duration.ts';

const EXPECTED = 'expected a duration such as 90s, 1m30s, 00:01:30 or milliseconds';

describe('parseDurationMs', () => {
  describe('when given a number', () => {
    it('reads a non-negative integer as milliseconds', () => {
      assert.equal(parseDurationMs(0), 0);
      assert.equal(parseDurationMs(2500), 2500);
      assert.equal(parseDurationMs(MAX_DURATION_MS), 2_147_483_647);
    });

    it('rejects a negative number', () => {
      assert.throws(() => parseDurationMs(-1), {
        message: 'out of range (got -1; expected a duration from 0 to 596h31m23s647ms)',
      });
    });

    it('rejects a fraction of a millisecond', () => {
      assert.throws(() => parseDurationMs(1.5), { message: `not a whole number of milliseconds (got 1.5; ${EXPECTED})` });
    });

    it('rejects NaN and Infinity', () => {
      assert.throws(() => parseDurationMs(Number.NaN), { message: `not a duration (got null; ${EXPECTED})` });
      assert.throws(() => parseDurationMs(Number.POSITIVE_INFINITY), { message: `not a duration (got null; ${EXPECTED})` });
    });

    it('rejects a duration longer than a Node timer can wait', () => {
      assert.throws(() => parseDurationMs(MAX_DURATION_MS + 1), {
        message: 'out of range (got 2147483648; expected a duration from 0 to 596h31m23s647ms)',
      });
    });
  });

  describe('when given compact units', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['500ms', 500],
      ['90s', 90_000],
      ['20m', 1_200_000],
      ['1m30s', 90_000],
      ['29h', 104_400_000],
      ['1h2m3s', 3_723_000],
      ['1d', 86_400_000],
      ['1d1h1m1s1ms', 90_061_001],
      ['0s', 0],
      ['5m500ms', 300_500],
    ];
    for (const [text, ms] of cases) {
      it(`reads ${JSON.stringify(text)} as ${ms} ms`, () => {
        assert.equal(parseDurationMs(text), ms);
      });
    }
  });

  describe('when given an IIS timespan', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['00:01:30', 90_000],
      ['00:00:30', 30_000],
      ['00:20:00', 1_200_000],
      ['1.05:00:00', 104_400_000],
      ['0:05:00', 300_000],
      ['23:59:59', 86_399_000],
      ['00:00:01.5', 1500],
      ['00:00:00.1234567', 123],
    ];
    for (const [text, ms] of cases) {
      it(`reads ${JSON.stringify(text)} as ${ms} ms`, () => {
        assert.equal(parseDurationMs(text), ms);
      });
    }
  });

  describe('when given anything else', () => {
    const rejected = [
      'fast',
      '',
      '90',
      '1.5h',
      '30s1m',
      '1m1m',
      '90S',
      '1 m',
      '-5s',
      '24:00:00',
      '00:60:00',
      '00:01',
      '1:2:3',
      'P1D',
      '00:00:00.12345678',
      ' 90s',
    ];
    for (const text of rejected) {
      it(`rejects ${JSON.stringify(text)} saying what was expected`, () => {
        assert.throws(() => parseDurationMs(text), { message: `not a duration (got ${JSON.stringify(text)}; ${EXPECTED})` });
      });
    }

    it('rejects a value of another type', () => {
      assert.throws(() => parseDurationMs(true as unknown as string), { message: `not a duration (got true; ${EXPECTED})` });
    });

    it('rejects a string beyond the timer ceiling', () => {
      assert.throws(() => parseDurationMs('25d'), {
        message: 'out of range (got "25d"; expected a duration from 0 to 596h31m23s647ms)',
      });
    });
  });

  describe('DURATION_PATTERN', () => {
    it('matches exactly the strings the parser reads', () => {
      const pattern = new RegExp(DURATION_PATTERN, 'u');
      const samples = ['500ms', '1m30s', '29h', '1d', '1.05:00:00', '00:00:01.5', 'fast', '90', '1m1m', '24:00:00', ''];
      const matched = samples.filter((sample) => pattern.test(sample));
      assert.deepEqual(matched, ['500ms', '1m30s', '29h', '1d', '1.05:00:00', '00:00:01.5']);
    });
  });
});

describe('formatDurationMs', () => {
  describe('when given whole milliseconds', () => {
    const cases: readonly (readonly [number, string])[] = [
      [0, '0s'],
      [500, '500ms'],
      [90_000, '1m30s'],
      [30_000, '30s'],
      [104_400_000, '29h'],
      [1_200_000, '20m'],
      [3_723_004, '1h2m3s4ms'],
      [MAX_DURATION_MS, '596h31m23s647ms'],
    ];
    for (const [ms, text] of cases) {
      it(`formats ${ms} as ${text}`, () => {
        assert.equal(formatDurationMs(ms), text);
      });
    }

    it('round-trips through parseDurationMs', () => {
      for (const ms of [1, 999, 61_001, 86_400_000, 104_400_000]) assert.equal(parseDurationMs(formatDurationMs(ms)), ms);
    });
  });

  describe('when given something that is not whole milliseconds', () => {
    it('throws for a negative or fractional number', () => {
      assert.throws(() => formatDurationMs(-1), {
        message: 'cannot format -1 as a duration (expected a whole number of milliseconds, 0 or more)',
      });
      assert.throws(() => formatDurationMs(0.5), {
        message: 'cannot format 0.5 as a duration (expected a whole number of milliseconds, 0 or more)',
      });
    });
  });
});
