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

/**
 * Evaluates one expectation; `actual` is in the expectation's unit, or null with a message. When the
 * right side is a formula (figures or settings), `bound` is its value, or null when a figure in it has
 * none (the expectation then fails with that reason).
 */
export function evaluateExpectation(expectation: Expectation, journal: Journal): ExpectationResult {
  const figure = findFigure(expectation.figure);
  if (figure === undefined) {
    return { expr: expectation.text, actual: null, passed: false, message: `no figure named ${expectation.figure}` };
  }
  const bound = readBound(expectation, journal);
  const withBound = (result: ExpectationResult): ExpectationResult => (expectation.isFormula ? { ...result, bound: bound.value } : result);
  const reading = figure.read(journal, { window: expectation.window, labels: expectation.labels });
  if (reading.actual === null) {
    const message = `${expectation.figure} has no value: ${reading.why}`;
    return withBound({ expr: expectation.text, actual: null, passed: false, message });
  }
  if (bound.value === null) return withBound({ expr: expectation.text, actual: reading.actual, passed: false, message: bound.why });
  const passed = compare(reading.actual, expectation.operator, bound.value);
  return withBound({ expr: expectation.text, actual: reading.actual, passed, message: null });
}

/** The right side's value: the constant plus each figure term, or null with the reason. */
function readBound(
  expectation: Expectation,
  journal: Journal,
): { readonly value: number; readonly why: null } | { readonly value: null; readonly why: string } {
  let value = expectation.value;
  for (const term of expectation.terms) {
    const figure = findFigure(term.figure);
    if (figure === undefined) return { value: null, why: `no figure named ${term.figure} in the bound` };
    const reading = figure.read(journal, { window: term.window, labels: term.labels });
    if (reading.actual === null) return { value: null, why: `${term.text} in the bound has no value: ${reading.why}` };
    value += term.sign * reading.actual;
  }
  return { value, why: null };
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
