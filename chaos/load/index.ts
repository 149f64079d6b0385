/** The load driver: runs autocannon in a child process and accounts for every request it sends. */
export { runLoad } from './load-driver.ts';
export type { RunLoadOptions } from './load-driver.ts';
export type {
  ClientCounts,
  ClientLostReason,
  LatencySummary,
  LoadPlan,
  LoadRequestSpec,
  LoadResult,
  LoadSecond,
} from './load-types.ts';
export { LoadError, loadErrorTemplates } from './load-errors.ts';
export type { LoadErrorCode } from './load-errors.ts';
export { isLoopbackHostname, parseLoopbackBaseUrl } from './loopback-url.ts';
export { validateLoadPlan } from './load-plan-validation.ts';
