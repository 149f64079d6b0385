/** The load driver: runs autocannon (or k6) in a child process and accounts for every request it sends. */
export { runLoad } from './load-driver.ts';
export type { RunLoadOptions } from './load-driver.ts';
export { runK6Load, K6_BINARY_PATH } from './k6/run-k6-load.ts';
export type { RunK6LoadOptions } from './k6/run-k6-load.ts';
export { LOAD_TOOLS } from './load-types.ts';
export type {
  ClientCounts,
  ClientLostReason,
  K6RunOutcome,
  K6Thresholds,
  LatencySummary,
  LoadDrain,
  LoadPlan,
  LoadRequestSpec,
  LoadResult,
  LoadSecond,
  LoadTool,
} from './load-types.ts';
export { LoadError, loadErrorTemplates } from './load-errors.ts';
export type { LoadErrorCode } from './load-errors.ts';
export { isLoopbackHostname, parseLoopbackBaseUrl } from './loopback-url.ts';
export { validateLoadPlan } from './load-plan-validation.ts';
