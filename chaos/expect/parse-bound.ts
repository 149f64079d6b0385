/**
 * The right side of an expectation: one term, or a sum of terms joined by `+` and `-`, so that a
 * timing bound can be written as the formula it comes from instead of a number that held once:
 *
 *   recovery.replacementReadyMs.max < server.pools.web.processModel.pingInterval
 *                                     + server.pools.web.processModel.pingResponseTime
 *                                     + workers.startupMs.max + 1s
 *
 * A term is a value with an optional unit (`1s`, `0`, `1%`), a setting of the server the scenario
 * starts (`server.` and its key path in the config file, read with every default filled, at load
 * time), or a figure of the run (with its window and labels, read when the run is judged). Every
 * term must be in the unit of the figure on the left.
 */
import type { Expectation, FigureTerm, FigureUnit } from './expectation.ts';
import { columnOf, errorAt, matchHere, skipSpaces, syntaxError, takeLiteral } from './expectation-cursor.ts';
import type { ExpectationCursor } from './expectation-cursor.ts';
import type { FigureDefinition } from './figure-definition.ts';
import { readLabels } from './parse-labels.ts';
import { toQuantity } from './quantity.ts';
import type { Quantity, QuantityKind } from './quantity.ts';

/** A server setting as a bound term can use it: its value in `unit`, or why it cannot be used. */
export type SettingReading = { readonly value: number; readonly unit: FigureUnit } | { readonly problem: string };

/** Reads `server.<key path>` settings; absent when the scenario starts no server. */
export type SettingResolver = (path: string) => SettingReading;

/** What the bound parser needs from the expectation parser. */
export interface BoundContext {
  readonly figure: FigureDefinition;
  readonly resolveSetting: SettingResolver | null;
  /** Reads `[before.|after.]figure` at the cursor (the left side's reader). */
  readonly readFigure: (cursor: ExpectationCursor) => { readonly window: Expectation['window']; readonly figure: FigureDefinition };
}

/** The parsed right side: the constant part (values and settings) and the figure terms. */
export interface Bound {
  readonly value: number;
  readonly terms: readonly FigureTerm[];
  /** More than one written value: a setting, a figure or a sum. */
  readonly isFormula: boolean;
}

const NUMBER = /\d+(?:\.\d+)?/;
const NUMBER_START = /\d/;
const LETTER = /[A-Za-z]/;
const TERM_EXPECTED = 'a number such as 0, 2.5, 800ms, 1% or 512MB, a server.… setting or a figure';
const UNIT = /[A-Za-z%]+/;
const SETTING_PATH = /server(?:\.[A-Za-z0-9_-]+)+/;

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

/** Reads the right side up to the end of the expectation. */
export function readBound(cursor: ExpectationCursor, context: BoundContext): Bound {
  let value = 0;
  const terms: FigureTerm[] = [];
  let sign: 1 | -1 = 1;
  let termCount = 0;
  let isFormula = false;
  for (;;) {
    termCount++;
    if (!NUMBER_START.test(cursor.text.charAt(cursor.pos))) isFormula = true;
    const term = readTerm(cursor, context, sign);
    if (typeof term === 'number') value += term;
    else terms.push(term);
    skipSpaces(cursor);
    if (takeLiteral(cursor, '+')) sign = 1;
    else if (takeLiteral(cursor, '-')) sign = -1;
    else break;
    skipSpaces(cursor);
  }
  if (cursor.pos < cursor.text.length) throw syntaxError(cursor, 'the end of the expectation, or + or - and another term');
  return { value, terms, isFormula: isFormula || termCount > 1 };
}

/** One term: a signed constant (value or setting), or a figure term. */
function readTerm(cursor: ExpectationCursor, context: BoundContext, sign: 1 | -1): number | FigureTerm {
  const column = columnOf(cursor);
  if (NUMBER_START.test(cursor.text.charAt(cursor.pos))) {
    const quantity = readQuantity(cursor, context.figure);
    const written = cursor.text.slice(column - 1, cursor.pos);
    return sign * valueInFigureUnit(cursor, quantity, context.figure, written, column);
  }
  const setting = matchHere(cursor, SETTING_PATH);
  if (setting !== null) return sign * readSetting(cursor, context, setting, column);
  if (!LETTER.test(cursor.text.charAt(cursor.pos))) throw syntaxError(cursor, TERM_EXPECTED);
  const { window, figure } = context.readFigure(cursor);
  const labels = readLabels(cursor, figure);
  const text = cursor.text.slice(column - 1, cursor.pos);
  if (figure.unit !== context.figure.unit) {
    throw errorAt(cursor, 'ERR_EXPECT_UNIT_MISMATCH', column, [
      text,
      UNIT_NAMES[figure.unit],
      context.figure.name,
      UNIT_NAMES[context.figure.unit],
      `a term in ${context.figure.unit}`,
    ]);
  }
  return Object.freeze({ sign, text, window, figure: figure.name, labels: Object.freeze(labels) });
}

function readSetting(cursor: ExpectationCursor, context: BoundContext, path: string, column: number): number {
  if (context.resolveSetting === null) {
    throw errorAt(cursor, 'ERR_EXPECT_BAD_SETTING', column, [
      path,
      'settings can be named only when the scenario starts the server (target.server)',
    ]);
  }
  const reading = context.resolveSetting(path);
  if ('problem' in reading) throw errorAt(cursor, 'ERR_EXPECT_BAD_SETTING', column, [path, reading.problem]);
  if (reading.unit !== context.figure.unit) {
    throw errorAt(cursor, 'ERR_EXPECT_UNIT_MISMATCH', column, [
      path,
      UNIT_NAMES[reading.unit],
      context.figure.name,
      UNIT_NAMES[context.figure.unit],
      `a setting in ${context.figure.unit}`,
    ]);
  }
  return reading.value;
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
