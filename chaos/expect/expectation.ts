/**
 * A parsed expectation: one k6-threshold-style comparison such as `after.latency.p99 < 800ms`, read
 * from a scenario's `expect:` list. Values are held in the figure's own unit (milliseconds for
 * durations, bytes for sizes, a fraction from 0 to 1 for rates), so evaluation never converts. The
 * right side is a sum: a constant (values and server settings, known at load time) plus figures of
 * the run (known when it is judged).
 */

/** The part of the run a figure covers: all of it, the steady state before the faults, or after them. */
export type ExpectationWindow = 'run' | 'before' | 'after';

/** A comparison between a figure (left) and the written value (right). */
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** The unit a figure is measured in: a count, milliseconds, bytes, or a rate from 0 to 1. */
export type FigureUnit = 'count' | 'ms' | 'bytes' | 'ratio';

/** Every operator, longest first so that a scanner matches `<=` before `<`. */
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['<=', '>=', '==', '!=', '<', '>'];

/** A figure on the right side of an expectation, added (`sign` 1) or subtracted (-1) when judged. */
export interface FigureTerm {
  readonly sign: 1 | -1;
  /** The term as written, e.g. `workers.startupMs.max`. */
  readonly text: string;
  readonly window: ExpectationWindow;
  readonly figure: string;
  readonly labels: Readonly<Record<string, string>>;
}

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
  /** The constant part of the right side in `unit`: written values and server settings, summed. */
  readonly value: number;
  /** Figures on the right side, added to `value` when the run is judged; empty for a plain value. */
  readonly terms: readonly FigureTerm[];
  /** Whether the right side is more than one written value (a setting, a figure or a sum). */
  readonly isFormula: boolean;
  readonly unit: FigureUnit;
}
