/**
 * How every report writes numbers, so that the JUnit, Markdown and HTML outputs agree to the digit.
 * Formatting never depends on the machine's locale.
 */

/** A figure with at most two decimals and no grouping (`1203`, `640.25`); `—` for null or non-finite. */
export function formatFigure(value: number | null): string {
  if (value === null || !Number.isFinite(value)) {
    return '—';
  }
  return String(Math.round(value * 100) / 100);
}

/** A duration in ms as seconds with one decimal, e.g. `12.0 s`; `—` for null or non-finite. */
export function formatSeconds(durationMs: number | null): string {
  if (durationMs === null || !Number.isFinite(durationMs)) {
    return '—';
  }
  return `${(durationMs / 1000).toFixed(1)} s`;
}

/** An epoch-ms moment as seconds since load start with two decimals, e.g. `4.05 s`; `—` for null. */
export function formatOffsetSeconds(epochMs: number | null, startedAtMs: number): string {
  if (epochMs === null || !Number.isFinite(epochMs)) {
    return '—';
  }
  return `${((epochMs - startedAtMs) / 1000).toFixed(2)} s`;
}

/** Any journal value as short text: strings as they are, everything else as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
