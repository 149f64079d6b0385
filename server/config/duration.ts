/**
 * Durations in the config file. A duration is written as a whole number of milliseconds (`500`), as
 * compact units in descending order, each at most once (`1d`, `29h`, `1m30s`, `500ms`, `1h2m3s`), or
 * as an IIS/.NET timespan `[d.]hh:mm:ss[.fffffff]` (`00:01:30`, `1.05:00:00`). Strings take no
 * spaces and a unit is required (`"90"` is refused: seconds or milliseconds?). Everything becomes
 * whole milliseconds. The ceiling is 2^31-1 ms (about 24.8 days), the longest delay a Node timer
 * keeps: a longer one fires at once, which would turn a 30-day recycle into a recycle loop.
 */

/** Outcome of reading one value; `problem` and `expected` are short phrases for a config issue. */
export type UnitParse =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly problem: string; readonly expected: string };

/** Longest duration accepted, in ms: Node's timer ceiling. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** What a duration looks like, for error messages. */
export const DURATION_EXPECTED = 'a duration such as 90s, 1m30s, 00:01:30 or milliseconds';

const MS_PER = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;

const COMPOUND = '(?=\\d)(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?';
const TIMESPAN = '(?:(\\d+)\\.)?([01]?\\d|2[0-3]):([0-5]\\d):([0-5]\\d)(?:\\.(\\d{1,7}))?';

/** ECMA-262 pattern of the string forms (also published in the JSON Schema). */
export const DURATION_PATTERN = `^(?:${COMPOUND}|${TIMESPAN})$`;

const durationRegExp = new RegExp(DURATION_PATTERN);

/** Reads a duration without throwing; see the file comment for the accepted forms. */
export function tryParseDurationMs(value: unknown): UnitParse {
  if (typeof value === 'number') return checkRange(value);
  if (typeof value !== 'string') return notADuration();
  const match = durationRegExp.exec(value);
  if (match === null) return notADuration();
  const [, days, hours, minutes, seconds, millis, spanDays, spanHours, spanMinutes, spanSeconds, fraction] = match;
  const ms =
    spanHours === undefined
      ? sum([days, MS_PER.d], [hours, MS_PER.h], [minutes, MS_PER.m], [seconds, MS_PER.s], [millis, MS_PER.ms])
      : sum([spanDays, MS_PER.d], [spanHours, MS_PER.h], [spanMinutes, MS_PER.m], [spanSeconds, MS_PER.s]) + fractionToMs(fraction);
  return checkRange(ms);
}

/**
 * Parses a duration to whole milliseconds: a non-negative integer is already milliseconds; strings
 * take the forms in the file comment. Throws an Error saying what was expected otherwise.
 */
export function parseDurationMs(value: string | number): number {
  const parsed = tryParseDurationMs(value);
  if (parsed.ok) return parsed.value;
  throw new Error(`${parsed.problem} (got ${JSON.stringify(value)}; expected ${parsed.expected})`);
}

/** Formats whole milliseconds compactly for docs and messages: `90s`, `1m30s`, `29h`, `0s`. */
export function formatDurationMs(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new Error(`cannot format ${String(ms)} as a duration (expected a whole number of milliseconds, 0 or more)`);
  }
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of ['h', 'm', 's', 'ms'] as const) {
    const count = Math.floor(rest / MS_PER[unit]);
    rest -= count * MS_PER[unit];
    if (count > 0) text += `${count}${unit}`;
  }
  return text;
}

function sum(...parts: readonly (readonly [string | undefined, number])[]): number {
  return parts.reduce((total, [digits, unitMs]) => total + (digits === undefined ? 0 : Number(digits) * unitMs), 0);
}

/** .NET timespans carry up to 7 fraction digits (100 ns ticks); anything below 1 ms is dropped. */
function fractionToMs(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
}

function checkRange(ms: number): UnitParse {
  if (!Number.isFinite(ms)) return notADuration();
  if (!Number.isInteger(ms)) {
    return { ok: false, problem: 'not a whole number of milliseconds', expected: DURATION_EXPECTED };
  }
  if (ms < 0 || ms > MAX_DURATION_MS) {
    return { ok: false, problem: 'out of range', expected: `a duration from 0 to ${formatDurationMs(MAX_DURATION_MS)}` };
  }
  return { ok: true, value: ms };
}

function notADuration(): UnitParse {
  return { ok: false, problem: 'not a duration', expected: DURATION_EXPECTED };
}
