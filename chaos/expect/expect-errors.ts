/**
 * The expectation language's error catalogue, in the shape every catalogue has. Every problem
 * `parseExpectation` finds carries one of these stable codes; messages may be reworded, codes never
 * change meaning. Each message names the expression, the 1-based column where the problem starts,
 * what is wrong and what was expected. All are bad input (exit 2).
 */
import { PoolchaosError, formatTemplate, type ErrorCatalogue } from '../../server/index.ts';

const BAD_INPUT = { httpStatus: 400, exitCode: 2 } as const;

/** Every expectation error code with its entry. */
export const expectErrorTemplates = {
  ERR_EXPECT_SYNTAX: { message: 'expected %s, found %s', ...BAD_INPUT },
  ERR_EXPECT_UNKNOWN_FIGURE: { message: 'no figure named %s; %s', ...BAD_INPUT },
  ERR_EXPECT_WINDOW_UNSUPPORTED: {
    message: 'figure %s takes no %s. window prefix: it covers the whole run (window prefixes apply to %s)',
    ...BAD_INPUT,
  },
  ERR_EXPECT_BAD_LABEL: { message: 'label %s on figure %s: %s', ...BAD_INPUT },
  ERR_EXPECT_MISSING_LABEL: { message: 'figure %s needs the label %s, e.g. %s', ...BAD_INPUT },
  ERR_EXPECT_UNKNOWN_UNIT: { message: 'unknown unit %s after the number; figure %s is %s, so write %s', ...BAD_INPUT },
  ERR_EXPECT_UNIT_MISMATCH: { message: '%s is %s, but figure %s is %s; write %s', ...BAD_INPUT },
  ERR_EXPECT_BAD_SETTING: { message: 'setting %s: %s', ...BAD_INPUT },
} as const satisfies ErrorCatalogue;

/** A code from the expectation error catalogue. */
export type ExpectErrorCode = keyof typeof expectErrorTemplates;

/** A bad expectation: `code` is stable, `column` is 1-based in `text`. */
export class ExpectationError extends PoolchaosError {
  declare readonly code: ExpectErrorCode;
  /** The expression as written. */
  readonly text: string;
  /** 1-based column where the problem starts (one past the end when the text stops too early). */
  readonly column: number;

  constructor(code: ExpectErrorCode, text: string, column: number, message: string) {
    super(code, expectErrorTemplates[code], message);
    this.name = 'ExpectationError';
    this.text = text;
    this.column = column;
  }
}

/** Builds an expectation error from the catalogue, prefixed with the quoted text and the column. */
export function expectError(code: ExpectErrorCode, text: string, column: number, args: readonly unknown[]): ExpectationError {
  const detail = formatTemplate(expectErrorTemplates[code].message, args);
  return new ExpectationError(code, text, column, `expectation ${JSON.stringify(text)}, column ${column}: ${detail}`);
}
