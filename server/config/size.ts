/**
 * Sizes in the config file. A size is written as a bare non-negative integer in the key's own unit
 * (kilobytes for the IIS memory limits `privateMemory`/`memory`, bytes for request-body limits such as
 * `maxAllowedContentLength`), or as a number with a unit: `100B`, `512KB`, `200MB`, `1GB`, `1.5GiB`.
 * As in IIS, KB, MB, GB and TB are binary (1KB = 1024 bytes), so `KB` and `KiB` mean the same.
 * Units are case-sensitive, one optional space may precede the unit (none around the value), and a
 * fraction of a byte left by a decimal (`1.1MB`) is dropped.
 */

import type { UnitParse } from './duration.ts';

/** The unit a bare number stands for. */
export type BareSizeUnit = 'B' | 'KB';

const BYTES_PER = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
} as const;

type SizeUnit = keyof typeof BYTES_PER;

/** ECMA-262 pattern of the string form (also published in the JSON Schema). */
export const SIZE_PATTERN = '^(\\d+(?:\\.\\d+)?) ?(B|[KMGT]i?B)$';

const sizeRegExp = new RegExp(SIZE_PATTERN);

/** What a size looks like when a bare number means `bareUnit`, for error messages. */
export function sizeExpected(bareUnit: BareSizeUnit): string {
  return `a size such as 512KB, 200MB or 1.5GB, or a whole number of ${bareUnit === 'KB' ? 'kilobytes' : 'bytes'}`;
}

/** Reads a size without throwing; see the file comment for the accepted forms. */
export function tryParseSizeBytes(value: unknown, bareUnit: BareSizeUnit): UnitParse {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { ok: false, problem: 'not a whole number', expected: sizeExpected(bareUnit) };
    return checkRange(value * BYTES_PER[bareUnit]);
  }
  if (typeof value !== 'string') return notASize(bareUnit);
  const match = sizeRegExp.exec(value);
  if (match === null) return notASize(bareUnit);
  const [, amount = '', unit = 'B'] = match;
  const bytes = Number(amount) * BYTES_PER[unit as SizeUnit];
  // 1.1MB is 1153433.6 bytes; 1.5GiB must stay exact despite binary floating point.
  const whole = Math.abs(bytes - Math.round(bytes)) < 1e-6 ? Math.round(bytes) : Math.floor(bytes);
  return checkRange(whole);
}

/**
 * Parses a size to whole bytes. A bare number is in `bareUnit` (default `KB`, the IIS unit of the
 * recycling memory limits; pass `B` for byte-valued keys such as `maxAllowedContentLength`). Throws an
 * Error saying what was expected otherwise.
 */
export function parseSizeBytes(value: string | number, bareUnit: BareSizeUnit = 'KB'): number {
  const parsed = tryParseSizeBytes(value, bareUnit);
  if (parsed.ok) return parsed.value;
  throw new Error(`${parsed.problem} (got ${JSON.stringify(value)}; expected ${parsed.expected})`);
}

/** Formats bytes with the largest unit that divides them exactly: `1MB`, `512KB`, `30000000B`. */
export function formatSizeBytes(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new Error(`cannot format ${String(bytes)} as a size (expected a whole number of bytes, 0 or more)`);
  }
  for (const unit of ['TB', 'GB', 'MB', 'KB'] as const) {
    if (bytes > 0 && bytes % BYTES_PER[unit] === 0) return `${bytes / BYTES_PER[unit]}${unit}`;
  }
  return `${bytes}B`;
}

function checkRange(bytes: number): UnitParse {
  if (bytes < 0 || !Number.isSafeInteger(bytes)) {
    return { ok: false, problem: 'out of range', expected: `a size from 0 to ${Number.MAX_SAFE_INTEGER} bytes` };
  }
  return { ok: true, value: bytes };
}

function notASize(bareUnit: BareSizeUnit): UnitParse {
  return { ok: false, problem: 'not a size', expected: sizeExpected(bareUnit) };
}
