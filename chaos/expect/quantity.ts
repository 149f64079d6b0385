/**
 * The value on the right of an expectation: a non-negative decimal number with an optional unit.
 * Durations (`ms`, `s`, `m`, `h`) become milliseconds; sizes (`B`, `KB`, `MB`, `GB` and `KiB`, `MiB`,
 * `GiB`, binary as in the server config, so `KB` and `KiB` mean 1024 bytes) become bytes; a
 * percentage (`1%`) becomes a fraction (0.01). Units are case-sensitive. The conversion multiplies
 * whole digits and divides once by a power of ten, so `1.1s` is exactly 1100 and `1%` exactly 0.01.
 */

/** What the written unit says the number is. */
export type QuantityKind = 'number' | 'duration' | 'size' | 'percent';

/** A written value converted to ms, bytes or a fraction, with the kind its unit gave it. */
export interface Quantity {
  readonly value: number;
  readonly kind: QuantityKind;
}

const UNITS: Readonly<Record<string, readonly [kind: QuantityKind, factor: number, divisor: number]>> = {
  ms: ['duration', 1, 1],
  s: ['duration', 1000, 1],
  m: ['duration', 60_000, 1],
  h: ['duration', 3_600_000, 1],
  B: ['size', 1, 1],
  KB: ['size', 1024, 1],
  MB: ['size', 1024 ** 2, 1],
  GB: ['size', 1024 ** 3, 1],
  KiB: ['size', 1024, 1],
  MiB: ['size', 1024 ** 2, 1],
  GiB: ['size', 1024 ** 3, 1],
  '%': ['percent', 1, 100],
};

/**
 * Converts `digits` (`\d+(\.\d+)?`) and a unit suffix (`''` for none) to a
 * quantity; null when the unit is unknown. The value may be Infinity for absurdly long digit strings.
 */
export function toQuantity(digits: string, unit: string): Quantity | null {
  if (unit === '') return { value: Number(digits), kind: 'number' };
  const entry = Object.hasOwn(UNITS, unit) ? UNITS[unit] : undefined;
  if (entry === undefined) return null;
  const [kind, factor, divisor] = entry;
  const [whole = '', fraction = ''] = digits.split('.');
  const value = (Number(whole + fraction) * factor) / (divisor * 10 ** fraction.length);
  return { value, kind };
}
