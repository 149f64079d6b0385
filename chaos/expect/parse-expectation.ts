/**
 * The expectation language, one comparison per expression, k6-threshold style:
 *
 *   [before. | after.] figure [{label=value, ...}] operator bound
 *
 * e.g. `after.latency.p99 < 800ms`, `restarts{reason=crash} >= 3`, `requests.lostRate <= 0.5%`, or a
 * bound written as the formula it comes from (see parse-bound.ts):
 * `latency.max < workers.startupMs.min`. Whitespace is free between the parts (not inside a figure
 * name or a number). Everything is checked here against the figure registry (and the server's
 * settings), so a scenario file fails when it is loaded, never mid-run.
 */
import { closestName } from './closest-name.ts';
import { COMPARISON_OPERATORS } from './expectation.ts';
import type { ComparisonOperator, Expectation, ExpectationWindow } from './expectation.ts';
import { columnOf, errorAt, matchHere, skipSpaces, startCursor, syntaxError, takeLiteral } from './expectation-cursor.ts';
import type { ExpectationCursor } from './expectation-cursor.ts';
import type { FigureDefinition } from './figure-definition.ts';
import { FIGURES, figureNames, findFigure } from './figures.ts';
import { readBound, type SettingResolver } from './parse-bound.ts';
import { readLabels } from './parse-labels.ts';

/** The parsed expectation type, re-exported for callers that only parse. */
export type { Expectation } from './expectation.ts';
export type { SettingReading, SettingResolver } from './parse-bound.ts';

const FIGURE_NAME = /[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*/;
const WINDOW_PREFIXES = { before: 'before.', after: 'after.' } as const;
/** Edits allowed between an unknown figure and the one suggested. */
const MAX_SUGGESTION_EDITS = 3;

/** What an expectation may refer to besides figures. */
export interface ParseExpectationOptions {
  /** Reads `server.…` settings in a bound; absent (or null) when the scenario starts no server. */
  readonly resolveSetting?: SettingResolver | null;
}

/**
 * Parses and validates one expectation. Throws an {@link ExpectationError} (codes in expect-errors.ts)
 * naming the column of the first problem. The result is frozen.
 */
export function parseExpectation(text: string, options: ParseExpectationOptions = {}): Expectation {
  const cursor = startCursor(text);
  skipSpaces(cursor);
  const { window, figure } = readFigure(cursor);
  const labels = readLabels(cursor, figure);
  skipSpaces(cursor);
  const operator = readOperator(cursor);
  skipSpaces(cursor);
  const bound = readBound(cursor, { figure, resolveSetting: options.resolveSetting ?? null, readFigure });
  const { name, unit } = figure;
  return Object.freeze({
    text,
    window,
    figure: name,
    labels: Object.freeze(labels),
    operator,
    value: bound.value,
    terms: Object.freeze(bound.terms),
    isFormula: bound.isFormula,
    unit,
  });
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
  return `expected a figure listed in docs/scenarios.md, whose names start with ${roots.join(', ')}`;
}

function readOperator(cursor: ExpectationCursor): ComparisonOperator {
  const operator = COMPARISON_OPERATORS.find((candidate) => takeLiteral(cursor, candidate));
  if (operator === undefined) throw syntaxError(cursor, 'a comparison operator: <, <=, >, >=, == or !=');
  return operator;
}
