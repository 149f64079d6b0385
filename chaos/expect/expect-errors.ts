/**
 * The expectation language's error catalogue. Every problem `parseExpectation` finds carries one of
 * these stable codes; messages may be reworded, codes never change meaning. Each message names the
 * expression, the 1-based column where the problem starts, what is wrong and what was expected.
 * `test/unit/chaos/expect/expect-errors.test.ts` pins the list.
 */

/** Template of one catalogue entry: `%s` placeholders are filled in order from the call's arguments. */
interface ExpectErrorTemplate {
  readonly message: string;
}

/** Every expectation error code with its message template. */
export const expectErrorTemplates = {
  ERR_EXPECT_SYNTAX: { message: 'expected %s, found %s' },
  ERR_EXPECT_UNKNOWN_FIGURE: { message: 'no figure named %s; %s' },
  ERR_EXPECT_WINDOW_UNSUPPORTED: {
    message: 'figure %s takes no %s. window prefix: it covers the whole run (window prefixes apply to %s)',
  },
  ERR_EXPECT_BAD_LABEL: { message: 'label %s on figure %s: %s' },
  ERR_EXPECT_MISSING_LABEL: { message: 'figure %s needs the label %s, e.g. %s' },
  ERR_EXPECT_UNKNOWN_UNIT: { message: 'unknown unit %s after the number; figure %s is %s, so write %s' },
  ERR_EXPECT_UNIT_MISMATCH: { message: '%s is %s, but figure %s is %s; write %s' },
  ERR_EXPECT_BAD_SETTING: { message: 'setting %s: %s' },
} as const satisfies Record<string, ExpectErrorTemplate>;

/** A code from the expectation error catalogue. */
export type ExpectErrorCode = keyof typeof expectErrorTemplates;

/** A bad expectation: `code` is stable, `column` is 1-based in `text`. */
export class ExpectationError extends Error {
  readonly code: ExpectErrorCode;
  /** The expression as written. */
  readonly text: string;
  /** 1-based column where the problem starts (one past the end when the text stops too early). */
  readonly column: number;

  constructor(code: ExpectErrorCode, text: string, column: number, message: string) {
    super(message);
    this.name = 'ExpectationError';
    this.code = code;
    this.text = text;
    this.column = column;
  }
}

/** Builds an expectation error from the catalogue, prefixed with the quoted text and the column. */
export function expectError(
  code: ExpectErrorCode,
  text: string,
  column: number,
  args: readonly unknown[],
): ExpectationError {
  const detail = fillTemplate(expectErrorTemplates[code].message, args);
  return new ExpectationError(code, text, column, `expectation ${JSON.stringify(text)}, column ${column}: ${detail}`);
}

/** Fills `%s` placeholders in order; missing arguments leave `%s`. */
function fillTemplate(template: string, args: readonly unknown[]): string {
  let index = 0;
  return template.replace(/%s/g, (placeholder) => (index < args.length ? String(args[index++]) : placeholder));
}
