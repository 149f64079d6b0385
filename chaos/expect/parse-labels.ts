/**
 * The label set after a figure name: `{name=value, ...}`, Prometheus-like but with `=`. Names are
 * identifiers starting with a letter; values are unquoted runs of anything but whitespace, `,`, `{`,
 * `}`, `=` and quotes. Each label is checked against the figure as it is read, so an error points at
 * the label itself.
 */
import type { FigureDefinition, FigureLabel } from './figure-definition.ts';
import { columnOf, errorAt, matchHere, skipSpaces, syntaxError, takeLiteral } from './expectation-cursor.ts';
import type { ExpectationCursor } from './expectation-cursor.ts';

const LABEL_NAME = /[A-Za-z][A-Za-z0-9_]*/;
const LABEL_VALUE = /[^\s,{}="']+/;

/**
 * Reads an optional `{...}` label set for `figure` and checks that every required label is there.
 * Returns the labels in the order written; leaves the cursor after `}` (or where it was, without one).
 */
export function readLabels(cursor: ExpectationCursor, figure: FigureDefinition): Record<string, string> {
  const labels: Record<string, string> = {};
  const afterFigure = cursor.pos;
  skipSpaces(cursor);
  if (takeLiteral(cursor, '{')) {
    do {
      readLabel(cursor, figure, labels);
    } while (takeLiteral(cursor, ','));
    if (!takeLiteral(cursor, '}')) throw syntaxError(cursor, 'a comma or } after the label');
  } else {
    cursor.pos = afterFigure;
  }
  const missing = figure.labels.find((label) => label.isRequired && !Object.hasOwn(labels, label.name));
  if (missing !== undefined) {
    const example = `${figure.name}{${missing.name}=${missing.example}}`;
    throw errorAt(cursor, 'ERR_EXPECT_MISSING_LABEL', afterFigure + 1, [figure.name, missing.name, example]);
  }
  return labels;
}

/** Reads `name=value` (with optional spaces around each part) into `labels`, checked against `figure`. */
function readLabel(cursor: ExpectationCursor, figure: FigureDefinition, labels: Record<string, string>): void {
  skipSpaces(cursor);
  const nameColumn = columnOf(cursor);
  const name = matchHere(cursor, LABEL_NAME);
  if (name === null) throw syntaxError(cursor, 'a label name');
  skipSpaces(cursor);
  if (!takeLiteral(cursor, '=')) throw syntaxError(cursor, `= after the label name ${name}`);
  skipSpaces(cursor);
  const valueColumn = columnOf(cursor);
  const value = matchHere(cursor, LABEL_VALUE);
  if (value === null) throw syntaxError(cursor, `a value for the label ${name}`);
  const spec = figure.labels.find((label) => label.name === name);
  const problem = Object.hasOwn(labels, name) ? 'it is given twice' : unknownLabelProblem(figure, spec);
  if (problem !== null) throw errorAt(cursor, 'ERR_EXPECT_BAD_LABEL', nameColumn, [name, figure.name, problem]);
  const valueProblem = spec === undefined ? null : badValueProblem(spec, value);
  if (valueProblem !== null) throw errorAt(cursor, 'ERR_EXPECT_BAD_LABEL', valueColumn, [name, figure.name, valueProblem]);
  labels[name] = value;
  skipSpaces(cursor);
}

function unknownLabelProblem(figure: FigureDefinition, spec: FigureLabel | undefined): string | null {
  if (spec !== undefined || figure.takesAnyLabel) return null;
  if (figure.labels.length === 0) return 'the figure takes no labels';
  return `the figure takes only ${figure.labels.map((label) => label.name).join(', ')}`;
}

function badValueProblem(spec: FigureLabel, value: string): string | null {
  const { accepts } = spec;
  if (accepts === null) return null;
  if ('pattern' in accepts) {
    return accepts.pattern.test(value) ? null : `expected ${accepts.expected}, found ${JSON.stringify(value)}`;
  }
  return accepts.includes(value) ? null : `expected one of ${accepts.join(', ')}, found ${JSON.stringify(value)}`;
}
