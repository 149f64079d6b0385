import assert from 'node:assert/strict';
import { toQuantity } from '../../../../chaos/expect/quantity.ts';

describe('toQuantity', () => {
  describe('when given a known unit', () => {
    const cases: readonly (readonly [string, string, number, string])[] = [
      ['800', '', 800, 'number'],
      ['2.5', '', 2.5, 'number'],
      ['0', '', 0, 'number'],
      ['800', 'ms', 800, 'duration'],
      ['1.5', 'ms', 1.5, 'duration'],
      ['2', 's', 2000, 'duration'],
      ['1.1', 's', 1100, 'duration'],
      ['0.001', 's', 1, 'duration'],
      ['3', 'm', 180_000, 'duration'],
      ['1.5', 'm', 90_000, 'duration'],
      ['2', 'h', 7_200_000, 'duration'],
      ['100', 'B', 100, 'size'],
      ['512', 'KB', 524_288, 'size'],
      ['512', 'KiB', 524_288, 'size'],
      ['200', 'MB', 209_715_200, 'size'],
      ['1.5', 'MiB', 1_572_864, 'size'],
      ['1', 'GB', 1_073_741_824, 'size'],
      ['1.5', 'GiB', 1_610_612_736, 'size'],
      ['1', '%', 0.01, 'percent'],
      ['0.5', '%', 0.005, 'percent'],
      ['12.5', '%', 0.125, 'percent'],
      ['100', '%', 1, 'percent'],
    ];
    for (const [digits, unit, value, kind] of cases) {
      it(`reads ${digits}${unit} as ${value} (${kind})`, () => {
        assert.deepEqual(toQuantity(digits, unit), { value, kind });
      });
    }
  });

  describe('when given an unknown unit', () => {
    for (const unit of ['xs', 'MS', 'S', 'kb', 'd', 'TB', 'constructor', 'toString']) {
      it(`returns null for ${JSON.stringify(unit)}`, () => {
        assert.equal(toQuantity('1', unit), null);
      });
    }
  });
});
