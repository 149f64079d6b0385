/** Test helper: a figure's value on a journal, read through the parser and the evaluator as a run would. */
import type { ExpectationResult, Journal } from '../../../../chaos/journal/journal.ts';
import { evaluateExpectations } from '../../../../chaos/expect/evaluate.ts';
import { parseExpectation } from '../../../../chaos/expect/parse-expectation.ts';

/** The result of evaluating one expression on the journal. */
export function resultOf(expression: string, journal: Journal): ExpectationResult {
  const [result] = evaluateExpectations([parseExpectation(expression)], journal);
  if (result === undefined) throw new Error(`no result for ${expression}`);
  return result;
}

/** The value of a figure as written (window prefix and labels included), or null when it has none. */
export function actualOf(figure: string, journal: Journal): number | null {
  return resultOf(`${figure} >= 0`, journal).actual;
}

/** Why a figure has no value (the evaluator's message), or null when it has one. */
export function messageOf(figure: string, journal: Journal): string | null {
  return resultOf(`${figure} >= 0`, journal).message;
}
