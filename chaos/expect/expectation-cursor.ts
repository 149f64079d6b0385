/**
 * A cursor over one expectation's text for the hand-written scanner in parse-expectation.ts and
 * parse-labels.ts: a position, sticky-pattern matching, and syntax errors that quote what was found.
 */
import { expectError } from './expect-errors.ts';
import type { ExpectErrorCode, ExpectationError } from './expect-errors.ts';

/** The text and the 0-based position of the next unread character. */
export interface ExpectationCursor {
  readonly text: string;
  pos: number;
}

const SHOWN_CHARS = 20;

/** A cursor at the start of `text`. */
export function startCursor(text: string): ExpectationCursor {
  return { text, pos: 0 };
}

/** Moves past whitespace. */
export function skipSpaces(cursor: ExpectationCursor): void {
  while (cursor.pos < cursor.text.length && /\s/.test(cursor.text.charAt(cursor.pos))) cursor.pos++;
}

/** Matches `pattern` at the position and moves past it; null (cursor unmoved) when it does not match. */
export function matchHere(cursor: ExpectationCursor, pattern: RegExp): string | null {
  const sticky = new RegExp(pattern.source, 'y');
  sticky.lastIndex = cursor.pos;
  const match = sticky.exec(cursor.text);
  if (match === null) return null;
  cursor.pos += match[0].length;
  return match[0];
}

/** Moves past `literal` when it comes next; whether it did. */
export function takeLiteral(cursor: ExpectationCursor, literal: string): boolean {
  if (!cursor.text.startsWith(literal, cursor.pos)) return false;
  cursor.pos += literal.length;
  return true;
}

/** The 1-based column of the position. */
export function columnOf(cursor: ExpectationCursor): number {
  return cursor.pos + 1;
}

/** What comes next, for messages: the rest of the text, quoted and cut short, or `the end of the text`. */
export function describeNext(cursor: ExpectationCursor): string {
  const rest = cursor.text.slice(cursor.pos).trimEnd();
  if (rest === '') return 'the end of the text';
  return JSON.stringify(rest.length > SHOWN_CHARS ? `${rest.slice(0, SHOWN_CHARS)}...` : rest);
}

/** An ERR_EXPECT_SYNTAX error at the position: expected `expected`, found what comes next. */
export function syntaxError(cursor: ExpectationCursor, expected: string): ExpectationError {
  return expectError('ERR_EXPECT_SYNTAX', cursor.text, columnOf(cursor), [expected, describeNext(cursor)]);
}

/** A catalogue error at a 1-based column of the cursor's text. */
export function errorAt(cursor: ExpectationCursor, code: ExpectErrorCode, column: number, args: readonly unknown[]): ExpectationError {
  return expectError(code, cursor.text, column, args);
}
