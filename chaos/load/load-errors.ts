/**
 * The load driver's error catalogue (ERR_LOAD_*), in the shape every catalogue has: a bad plan or a
 * URL off loopback (bad input, exit 2), a driver child (autocannon's or k6) that failed, died or hung,
 * and a k6 binary that was never built (failures, exit 1). Codes are stable; messages may be reworded.
 */
import { PoolchaosError, formatTemplate, type ErrorCatalogue } from '../../server/index.ts';

/** Every load driver error code with its entry. */
export const loadErrorTemplates = {
  ERR_LOAD_PLAN_INVALID: { message: 'not a valid load plan:\n%s', httpStatus: 400, exitCode: 2 },
  ERR_LOAD_URL_INVALID: {
    message: 'load URL %s is not an http(s) base URL: %s; write it like http://127.0.0.1:8080',
    httpStatus: 400,
    exitCode: 2,
  },
  ERR_LOAD_URL_NOT_LOOPBACK: {
    message: 'load URL %s is not on loopback; the load driver only sends to 127.0.0.0/8, [::1] or localhost',
    httpStatus: 400,
    exitCode: 2,
  },
  ERR_LOAD_CHILD_FAILED: { message: 'the load driver child failed: %s', httpStatus: 500, exitCode: 1 },
  ERR_LOAD_CHILD_EXITED: { message: 'the load driver child exited (%s) before it reported a result%s', httpStatus: 500, exitCode: 1 },
  ERR_LOAD_CHILD_HUNG: {
    message: 'the load driver child was still running %s ms after it started, for a %s ms run; it was killed',
    httpStatus: 500,
    exitCode: 1,
  },
  ERR_LOAD_K6_MISSING: {
    message: 'load.tool k6 needs the built k6 at %s, which is missing or not executable; run npm run k6:build (it needs Go)',
    httpStatus: 500,
    exitCode: 1,
  },
} as const satisfies ErrorCatalogue;

/** A code from the load driver's error catalogue. */
export type LoadErrorCode = keyof typeof loadErrorTemplates;

/** A load driver error with a stable `code`. */
export class LoadError extends PoolchaosError {
  constructor(code: LoadErrorCode, args: readonly unknown[], options?: ErrorOptions) {
    const entry = loadErrorTemplates[code];
    super(code, entry, formatTemplate(entry.message, args), options);
    this.name = 'LoadError';
  }
}
