/**
 * Lightweight reading of PromQL text for the dashboard checks: which metric names an expression
 * selects, and whether its rate-like functions use `$__rate_interval`. Not a parser; it relies on
 * the dashboards' own style (label matchers in braces, ranges in brackets, quoted strings).
 */

/** Functions whose range must be `$__rate_interval` in a panel query. */
const RATE_FUNCTIONS = /\b(rate|irate|increase)\s*\(/g;

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/** The metric names `expr` selects, sorted and unique (functions, keywords, labels and strings excluded). */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[0-9][0-9a-zA-Z.]*|([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (name === undefined || call !== undefined || KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names].sort();
}

/** The rate-like calls in `expr` (`rate`, `irate`, `increase`) whose argument has no `[$__rate_interval]` range. */
export function rateCallsWithoutRateInterval(expr: string): string[] {
  const offenders: string[] = [];
  for (const match of expr.matchAll(RATE_FUNCTIONS)) {
    const open = match.index + match[0].length;
    const argument = expr.slice(open, closingParen(expr, open));
    if (!argument.includes('[$__rate_interval]')) offenders.push(`${match[1] ?? ''}(${argument})`);
  }
  return offenders;
}

/** Index of the parenthesis closing the one just before `start` (the end of `expr` if unbalanced). */
function closingParen(expr: string, start: number): number {
  let depth = 1;
  for (let index = start; index < expr.length; index += 1) {
    if (expr[index] === '(') depth += 1;
    if (expr[index] === ')') depth -= 1;
    if (depth === 0) return index;
  }
  return expr.length;
}
