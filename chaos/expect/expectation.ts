/**
 * A parsed expectation: one k6-threshold-style comparison such as `after.latency.p99 < 800ms`, read
 * from a scenario's `expect:` list. Values are held in the figure's own unit (milliseconds for
 * durations, bytes for sizes, a fraction from 0 to 1 for rates), so evaluation never converts.
 */

/** The part of the run a figure covers: all of it, the steady state before the faults, or after them. */
export type ExpectationWindow = 'run' | 'before' | 'after';

/** A comparison between a figure (left) and the written value (right). */
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** The unit a figure is measured in: a count, milliseconds, bytes, or a rate from 0 to 1. */
export type FigureUnit = 'count' | 'ms' | 'bytes' | 'ratio';

/** Every operator, longest first so that a scanner matches `<=` before `<`. */
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['<=', '>=', '==', '!=', '<', '>'];

/** One expectation, validated against the figure registry and frozen. */
export interface Expectation {
  /** The expression as written, e.g. `restarts{reason=crash} >= 3`. */
  readonly text: string;
  readonly window: ExpectationWindow;
  /** The figure's registered name without window prefix or labels, e.g. `restarts`. */
  readonly figure: string;
  /** Labels in the order written, e.g. `{ reason: 'crash' }`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly operator: ComparisonOperator;
  /** The written value converted to `unit`. */
  readonly value: number;
  readonly unit: FigureUnit;
}
