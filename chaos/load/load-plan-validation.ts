/**
 * Checks a LoadPlan at the driver's boundary, before any process starts: the URL (loopback only),
 * whole positive numbers, and request shapes that serialise to exactly one well-formed HTTP/1.1
 * request (no CR/LF smuggled into a method, path or header).
 */
import { LoadError } from './load-errors.ts';
import type { LoadPlan, LoadRequestSpec } from './load-types.ts';
import { parseLoopbackBaseUrl } from './loopback-url.ts';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII only: no spaces, controls or non-ASCII in the request target. */
const REQUEST_TARGET = /^\/[\x21-\x7e]*$/;
/** Field values: tab, space, visible ASCII and obs-text (latin1), nothing that ends a line. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** One problem: where in the plan (`requests[1].path`), what was expected, and the value given. */
interface PlanIssue {
  readonly path: string;
  readonly expected: string;
  readonly value: unknown;
}

/** Throws ERR_LOAD_URL_* for a bad URL, or ERR_LOAD_PLAN_INVALID listing every other problem. */
export function validateLoadPlan(plan: LoadPlan): void {
  parseLoopbackBaseUrl(plan.url);
  const issues = [
    ...checkWholeNumber('connections', plan.connections),
    ...(plan.ratePerSecond === null ? [] : checkWholeNumber('ratePerSecond', plan.ratePerSecond, 'null or a whole number >= 1')),
    ...checkWholeNumber('durationMs', plan.durationMs),
    ...checkWholeNumber('timeoutMs', plan.timeoutMs),
    ...(typeof plan.isKeepAlive === 'boolean' ? [] : [{ path: 'isKeepAlive', expected: 'true or false', value: plan.isKeepAlive }]),
    ...checkRequests(plan.requests),
  ];
  if (issues.length > 0) throw new LoadError('ERR_LOAD_PLAN_INVALID', [issues.map(formatIssue).join('\n')]);
}

function checkWholeNumber(path: string, value: unknown, expected = 'a whole number >= 1'): PlanIssue[] {
  return Number.isSafeInteger(value) && (value as number) >= 1 ? [] : [{ path, expected, value }];
}

function checkRequests(requests: readonly LoadRequestSpec[]): PlanIssue[] {
  if (!(requests instanceof Array) || requests.length === 0) {
    return [{ path: 'requests', expected: 'at least one request', value: requests }];
  }
  return requests.flatMap((request, index) => checkRequest(`requests[${index}]`, request));
}

function checkRequest(at: string, request: LoadRequestSpec): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (typeof request.method !== 'string' || !TOKEN.test(request.method)) {
    issues.push({ path: `${at}.method`, expected: 'an HTTP method token such as GET', value: request.method });
  }
  if (typeof request.path !== 'string' || !REQUEST_TARGET.test(request.path)) {
    issues.push({ path: `${at}.path`, expected: 'a path starting with "/" in visible ASCII', value: request.path });
  }
  if (request.body !== null && typeof request.body !== 'string') {
    issues.push({ path: `${at}.body`, expected: 'a string or null', value: request.body });
  }
  if (typeof request.headers !== 'object' || request.headers === null) {
    issues.push({ path: `${at}.headers`, expected: 'an object of header names to values', value: request.headers });
    return issues;
  }
  for (const [name, value] of Object.entries(request.headers)) {
    if (!TOKEN.test(name)) issues.push({ path: `${at}.headers`, expected: 'header names that are HTTP tokens', value: name });
    else if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
      issues.push({ path: `${at}.headers.${name}`, expected: 'a one-line latin1 header value', value });
    }
  }
  return issues;
}

function formatIssue(issue: PlanIssue): string {
  return `  - ${issue.path}: expected ${issue.expected} (got ${JSON.stringify(issue.value) ?? String(issue.value)})`;
}
