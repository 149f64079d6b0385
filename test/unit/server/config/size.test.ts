import assert from 'node:assert/strict';
import { SIZE_PATTERN, formatSizeBytes, parseSizeBytes } from '../../../../server/config/size.ts';

const EXPECTED_KB = 'expected a size such as 512KB, 200MB or 1.5GB, or a whole number of kilobytes';
const EXPECTED_B = 'expected a size such as 512KB, 200MB or 1.5GB, or a whole number of bytes';

describe('parseSizeBytes', () => {
  describe('when given a bare number', () => {
    it('reads it as kilobytes (the IIS memory unit) by default', () => {
      assert.equal(parseSizeBytes(0), 0);
      assert.equal(parseSizeBytes(512_000), 524_288_000);
    });

    it('reads it as bytes when the bare unit is B', () => {
      assert.equal(parseSizeBytes(30_000_000, 'B'), 30_000_000);
    });

    it('rejects a fraction and a negative number', () => {
      assert.throws(() => parseSizeBytes(1.5), { message: `not a whole number (got 1.5; ${EXPECTED_KB})` });
      assert.throws(() => parseSizeBytes(-1, 'B'), {
        message: 'out of range (got -1; expected a size from 0 to 9007199254740991 bytes)',
      });
    });
  });

  describe('when given a number with a unit', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['100B', 100],
      ['30000000B', 30_000_000],
      ['512KB', 524_288],
      ['512KiB', 524_288],
      ['200MB', 209_715_200],
      ['1GB', 1_073_741_824],
      ['1.5GiB', 1_610_612_736],
      ['2TB', 2_199_023_255_552],
      ['1MiB', 1_048_576],
      ['0.5KB', 512],
      ['1.1MB', 1_153_433],
      ['64 KB', 65_536],
    ];
    for (const [text, bytes] of cases) {
      it(`reads ${JSON.stringify(text)} as ${bytes} bytes`, () => {
        assert.equal(parseSizeBytes(text), bytes);
        assert.equal(parseSizeBytes(text, 'B'), bytes);
      });
    }
  });

  describe('when given anything else', () => {
    const rejected = ['', '512', '512kb', '1.5', 'MB', '5 PB', '-1KB', '1e3KB', '1,5GB', '12  MB', '1MB '];
    for (const text of rejected) {
      it(`rejects ${JSON.stringify(text)} saying what was expected`, () => {
        assert.throws(() => parseSizeBytes(text), { message: `not a size (got ${JSON.stringify(text)}; ${EXPECTED_KB})` });
      });
    }

    it('names the bare unit of the key in the message', () => {
      assert.throws(() => parseSizeBytes('lots', 'B'), { message: `not a size (got "lots"; ${EXPECTED_B})` });
    });

    it('rejects a size beyond the safe integer range', () => {
      assert.throws(() => parseSizeBytes('9999TB'), {
        message: 'out of range (got "9999TB"; expected a size from 0 to 9007199254740991 bytes)',
      });
    });
  });

  describe('SIZE_PATTERN', () => {
    it('matches exactly the strings the parser reads', () => {
      const pattern = new RegExp(SIZE_PATTERN, 'u');
      const samples = ['100B', '512KB', '1.5GiB', '64 KB', '512', '512kb', 'MB', '5 PB'];
      assert.deepEqual(
        samples.filter((sample) => pattern.test(sample)),
        ['100B', '512KB', '1.5GiB', '64 KB'],
      );
    });
  });
});

describe('formatSizeBytes', () => {
  describe('when given whole bytes', () => {
    const cases: readonly (readonly [number, string])[] = [
      [0, '0B'],
      [100, '100B'],
      [1024, '1KB'],
      [1_048_576, '1MB'],
      [1_610_612_736, '1536MB'],
      [1_073_741_824, '1GB'],
      [30_000_000, '30000000B'],
    ];
    for (const [bytes, text] of cases) {
      it(`formats ${bytes} as ${text}`, () => {
        assert.equal(formatSizeBytes(bytes), text);
      });
    }
  });

  describe('when given something that is not whole bytes', () => {
    it('throws', () => {
      assert.throws(() => formatSizeBytes(1.5), {
        message: 'cannot format 1.5 as a size (expected a whole number of bytes, 0 or more)',
      });
    });
  });
});
