/**
 * The expectation language, one comparison per expression, k6-threshold style:
 *
 *   [before. | after.] figure [{label=value, ...}] operator value[unit]
 *
 * e.g. `after.latency.p99 < 800ms`, `restarts{reason=crash} >= 3`, `requests.lostRate <= 0.5%`.
 * Whitespace is free between the parts (not inside a figure name or a number). Everything is checked
 * here against the figure registry, so a scenario file fails when it is loaded, never mid-run.
 */
import { closestName } from './closest-name.ts';
import { COMPARISON_OPERATORS } from './expectation.ts';
import type { ComparisonOperator, Expectation, ExpectationWindow, FigureUnit } from './expectation.ts';
import { columnOf, errorAt, matchHere, skipSpaces, startCursor, syntaxError, takeLiteral } from './expectation-cursor.ts';
import type { ExpectationCursor } from './expectation-cursor.ts';
import type { FigureDefinition } from './figure-definition.ts';
import { FIGURES, figureNames, findFigure } from './figures.ts';
import { readLabels } from './parse-labels.ts';
import { toQuantity } from './quantity.ts';
import type { Quantity, QuantityKind } from './quantity.ts';

/** The parsed expectation type, re-exported for callers that only parse. */
export type { Expectation } from './expectation.ts';

const FIGURE_NAME = /[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*/;
const NUMBER = /\d+(?:\.\d+)?/;
const UNIT = /[A-Za-z%]+/;
const WINDOW_PREFIXES = { before: 'before.', after: 'after.' } as const;
/** Edits allowed between an unknown figure and the one suggested. */
const MAX_SUGGESTION_EDITS = 3;

const UNIT_NAMES: Readonly<Record<FigureUnit, string>> = {
  count: 'a count',
  ms: 'a duration in ms',
  bytes: 'a size in bytes',
  ratio: 'a rate from 0 to 1',
};
const HOW_TO_WRITE: Readonly<Record<FigureUnit, string>> = {
  count: 'a plain number',
  ms: 'a duration such as 800ms, 2s or 1m, or a plain number of milliseconds',
  bytes: 'a size such as 512MB, or a plain number of bytes',
  ratio: 'a percentage such as 1%, or a fraction such as 0.01',
};
const KIND_FITS: Readonly<Record<Exclude<QuantityKind, 'number'>, readonly [FigureUnit, string]>> = {
  duration: ['ms', 'a duration'],
  size: ['bytes', 'a size'],
  percent: ['ratio', 'a percentage'],
};

/**
 * Parses and validates one expectation. Throws an {@link ExpectationError} (codes in expect-errors.ts)
 * naming the column of the first problem. The result is frozen.
 */
export function parseExpectation(text: string): Expectation {
  const cursor = startCursor(text);
  skipSpaces(cursor);
  const { window, figure } = readFigure(cursor);
  const labels = readLabels(cursor, figure);
  skipSpaces(cursor);
  const operator = readOperator(cursor);
  skipSpaces(cursor);
  const valueColumn = columnOf(cursor);
  const quantity = readQuantity(cursor, figure);
  const written = text.slice(valueColumn - 1, cursor.pos);
  skipSpaces(cursor);
  if (cursor.pos < text.length) throw syntaxError(cursor, 'the end of the expectation after the value');
  const value = valueInFigureUnit(cursor, quantity, figure, written, valueColumn);
  const { name, unit } = figure;
  return Object.freeze({ text, window, figure: name, labels: Object.freeze(labels), operator, value, unit });
}

/** Reads the optional window prefix and the figure name, and looks the figure up. */
function readFigure(cursor: ExpectationCursor): { readonly window: ExpectationWindow; readonly figure: FigureDefinition } {
  const prefixColumn = columnOf(cursor);
  const window = readWindow(cursor);
  const nameColumn = columnOf(cursor);
  const name = matchHere(cursor, FIGURE_NAME);
  if (name === null) {
    const expected = window === 'run' ? 'a figure name such as requests.lost' : `a figure after ${WINDOW_PREFIXES[window]}`;
    throw syntaxError(cursor, expected);
  }
  const figure = findFigure(name);
  if (figure === undefined) throw errorAt(cursor, 'ERR_EXPECT_UNKNOWN_FIGURE', nameColumn, [name, unknownFigureHint(name)]);
  if (window !== 'run' && !figure.hasWindows) {
    const windowed = FIGURES.filter((entry) => entry.hasWindows).map((entry) => entry.name);
    throw errorAt(cursor, 'ERR_EXPECT_WINDOW_UNSUPPORTED', prefixColumn, [figure.name, window, windowed.join(', ')]);
  }
  return { window, figure };
}

function readWindow(cursor: ExpectationCursor): ExpectationWindow {
  if (takeLiteral(cursor, WINDOW_PREFIXES.before)) return 'before';
  if (takeLiteral(cursor, WINDOW_PREFIXES.after)) return 'after';
  return 'run';
}

function unknownFigureHint(name: string): string {
  const names = figureNames();
  const suggestion = closestName(name, names, MAX_SUGGESTION_EDITS);
  if (suggestion !== null) return `did you mean ${suggestion}?`;
  const roots = [...new Set(names.map((known) => known.split('.')[0]))];
  return `expected a figure listed in the README, whose names start with ${roots.join(', ')}`;
}

function readOperator(cursor: ExpectationCursor): ComparisonOperator {
  const operator = COMPARISON_OPERATORS.find((candidate) => takeLiteral(cursor, candidate));
  if (operator === undefined) throw syntaxError(cursor, 'a comparison operator: <, <=, >, >=, == or !=');
  return operator;
}

/**
 * Reads a number and its optional unit. A unit may follow after whitespace (`800 ms`), but only a
 * known one: after whitespace, other letters are trailing text, while attached ones (`800xs`) are an
 * unknown unit.
 */
function readQuantity(cursor: ExpectationCursor, figure: FigureDefinition): Quantity {
  const digits = matchHere(cursor, NUMBER);
  if (digits === null) throw syntaxError(cursor, 'a number such as 0, 2.5, 800ms, 1% or 512MB');
  const numberColumn = columnOf(cursor) - digits.length;
  const afterDigits = cursor.pos;
  skipSpaces(cursor);
  const isSpaced = cursor.pos > afterDigits;
  const unitColumn = columnOf(cursor);
  const unit = matchHere(cursor, UNIT) ?? '';
  let quantity = toQuantity(digits, unit);
  if (unit === '' || (quantity === null && isSpaced)) {
    cursor.pos = afterDigits;
    quantity = toQuantity(digits, '');
  }
  if (quantity === null) {
    const args = [JSON.stringify(unit), figure.name, UNIT_NAMES[figure.unit], HOW_TO_WRITE[figure.unit]];
    throw errorAt(cursor, 'ERR_EXPECT_UNKNOWN_UNIT', unitColumn, args);
  }
  if (!Number.isFinite(quantity.value)) {
    cursor.pos = numberColumn - 1;
    throw syntaxError(cursor, 'a number small enough to compare');
  }
  return quantity;
}

/** The value in the figure's unit; a unit that does not fit the figure is an error. */
function valueInFigureUnit(
  cursor: ExpectationCursor,
  quantity: Quantity,
  figure: FigureDefinition,
  written: string,
  column: number,
): number {
  const mismatch = (what: string, unitName: string, howToWrite: string) =>
    errorAt(cursor, 'ERR_EXPECT_UNIT_MISMATCH', column, [written, what, figure.name, unitName, howToWrite]);
  if (quantity.kind === 'number') {
    // A rate compared with 5 is almost surely 5% written without its sign; it could never fail or pass.
    if (figure.unit === 'ratio' && quantity.value > 1) {
      throw mismatch('a plain number above 1', UNIT_NAMES.ratio, `${written}% or a fraction such as 0.01`);
    }
    return quantity.value;
  }
  const [fits, what] = KIND_FITS[quantity.kind];
  if (figure.unit !== fits) throw mismatch(what, UNIT_NAMES[figure.unit], HOW_TO_WRITE[figure.unit]);
  return quantity.value;
}
