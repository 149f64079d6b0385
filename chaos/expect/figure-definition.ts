/**
 * The shape of one registered figure: a named, unit-bearing number computed from a journal by a pure
 * function. Figures never throw: a figure with no value (no sample, no front figures, an empty window)
 * reads as `actual: null` with the reason, and the expectation on it fails with that reason.
 */
import type { Journal } from '../journal/journal.ts';
import type { ExpectationWindow, FigureUnit } from './expectation.ts';

/** A label value pattern with the phrase that describes it in messages. */
export interface LabelPattern {
  readonly pattern: RegExp;
  readonly expected: string;
}

/** One label a figure takes: the values it accepts (a list, a pattern, or null for any non-empty value). */
export interface FigureLabel {
  readonly name: string;
  readonly isRequired: boolean;
  readonly accepts: readonly string[] | LabelPattern | null;
  /** A value to show in examples and docs, e.g. `crash`. */
  readonly example: string;
}

/** What a figure is asked for: the window and the labels as written (already validated). */
export interface FigureQuery {
  readonly window: ExpectationWindow;
  readonly labels: Readonly<Record<string, string>>;
}

/** A figure's value, or null with the reason it has none. */
export type FigureReading = { readonly actual: number; readonly why: null } | { readonly actual: null; readonly why: string };

/** One entry of the figure registry. */
export interface FigureDefinition {
  /** The name written in expectations, e.g. `latency.p99`. */
  readonly name: string;
  readonly unit: FigureUnit;
  readonly labels: readonly FigureLabel[];
  /** Whether labels other than `labels` are allowed (`events` matches any event field). */
  readonly takesAnyLabel: boolean;
  /** Whether `before.` and `after.` prefixes apply. */
  readonly hasWindows: boolean;
  /** One line for the figure table in docs/scenarios.md. */
  readonly description: string;
  /** Computes the figure; pure, and ignores `journal.expectations`. */
  readonly read: (journal: Journal, query: FigureQuery) => FigureReading;
}

/** A reading with a value. */
export function known(actual: number): FigureReading {
  return { actual, why: null };
}

/** A reading without a value, saying why. */
export function unknown(why: string): FigureReading {
  return { actual: null, why };
}

/** An optional label. */
export function optionalLabel(name: string, accepts: FigureLabel['accepts'], example: string): FigureLabel {
  return { name, isRequired: false, accepts, example };
}

/** A label every expectation on the figure must give. */
export function requiredLabel(name: string, accepts: FigureLabel['accepts'], example: string): FigureLabel {
  return { name, isRequired: true, accepts, example };
}

/** Sum of a record's values. */
export function sumValues(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((total, count) => total + count, 0);
}

/**
 * A by-reason (or by-status) record's value for `key`, 0 when absent (records omit reasons that never
 * happened); the sum of all values when `key` is undefined (the figure was written without the label).
 */
export function countFor(record: Readonly<Record<string, number>>, key: string | undefined): number {
  if (key === undefined) return sumValues(record);
  return Object.hasOwn(record, key) ? (record[key] ?? 0) : 0;
}
