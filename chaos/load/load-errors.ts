/**
 * The load driver's error catalogue (ERR_LOAD_*): a bad plan, a URL off loopback, a driver child
 * (autocannon's or k6) that failed, died or hung, and a k6 binary that was never built. Codes are stable; messages may be reworded. A test pins the list.
 */
import { PoolchaosError, formatTemplate } from '../../server/index.ts';

/** Every load driver error code with its message template (`%s` filled in order). */
export const loadErrorTemplates = {
  ERR_LOAD_PLAN_INVALID: 'not a valid load plan:\n%s',
  ERR_LOAD_URL_INVALID: 'load URL %s is not an http(s) base URL: %s; write it like http://127.0.0.1:8080',
  ERR_LOAD_URL_NOT_LOOPBACK:
    'load URL %s is not on loopback; the load driver only sends to 127.0.0.0/8, [::1] or localhost',
  ERR_LOAD_CHILD_FAILED: 'the load driver child failed: %s',
  ERR_LOAD_CHILD_EXITED: 'the load driver child exited (%s) before it reported a result%s',
  ERR_LOAD_CHILD_HUNG: 'the load driver child was still running %s ms after it started, for a %s ms run; it was killed',
  ERR_LOAD_K6_MISSING: 'load.tool k6 needs the built k6 at %s, which is missing or not executable; run npm run k6:build (it needs Go)',
} as const;

/** A code from the load driver's error catalogue. */
export type LoadErrorCode = keyof typeof loadErrorTemplates;

/** A load driver error with a stable `code`. */
export class LoadError extends PoolchaosError {
  constructor(code: LoadErrorCode, args: readonly unknown[], options?: ErrorOptions) {
    const httpStatus = code.startsWith('ERR_LOAD_CHILD') ? 500 : 400;
    super(code, formatTemplate(loadErrorTemplates[code], args), httpStatus, options);
    this.name = 'LoadError';
  }
}
