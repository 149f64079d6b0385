/**
 * Evaluation: each parsed expectation against one journal, as the journal's `expectations` records
 * them. Pure: the same expectations and journal always give the same results, so `poolchaos report`
 * can re-evaluate a stored journal. An expectation passes only when its figure has a value and the
 * comparison holds; a figure without a value fails with the reason in `message`.
 */
import type { ExpectationResult, Journal } from '../journal/journal.ts';
import type { ComparisonOperator, Expectation } from './expectation.ts';
import { findFigure } from './figures.ts';

/** Evaluates every expectation against the journal, in order; ignores `journal.expectations`. */
export function evaluateExpectations(expectations: readonly Expectation[], journal: Journal): ExpectationResult[] {
  return expectations.map((expectation) => evaluateExpectation(expectation, journal));
}

/** Evaluates one expectation; `actual` is in the expectation's unit, or null with a message. */
export function evaluateExpectation(expectation: Expectation, journal: Journal): ExpectationResult {
  const figure = findFigure(expectation.figure);
  if (figure === undefined) {
    return { expr: expectation.text, actual: null, passed: false, message: `no figure named ${expectation.figure}` };
  }
  const reading = figure.read(journal, { window: expectation.window, labels: expectation.labels });
  if (reading.actual === null) {
    const message = `${expectation.figure} has no value: ${reading.why}`;
    return { expr: expectation.text, actual: null, passed: false, message };
  }
  const passed = compare(reading.actual, expectation.operator, expectation.value);
  return { expr: expectation.text, actual: reading.actual, passed, message: null };
}

/** Whether `actual operator expected` holds. */
export function compare(actual: number, operator: ComparisonOperator, expected: number): boolean {
  switch (operator) {
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
  }
}
