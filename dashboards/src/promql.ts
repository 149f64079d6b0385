/**
 * The PromQL shapes the dashboards repeat. Metric names are the Prometheus names of
 * server/telemetry/metric-catalogue.ts, written out in full so a search finds them and the
 * dashboards test can check each against the catalogue.
 *
 * `poolchaos_*` names are ours alone, so a `pool` matcher is enough. `http_server_*`, `nodejs_*`,
 * `v8js_*` and `process_*` are common names other Node services export too, so their selectors
 * also pin `job="poolchaos"`.
 */

/** Matches the pools chosen in the `pool` variable. */
export const POOL = 'pool=~"$pool"';

/** Matches the poolchaos scrape job. */
export const JOB = 'job="poolchaos"';

/** Matches the pools and workers chosen in the `pool` and `worker_id` variables. */
export const POOL_WORKER = 'pool=~"$pool", worker_id=~"$worker_id"';

/** Matches every front request of the chosen pools. */
const REQUESTS = `${JOB}, ${POOL}`;

/** `sum by (<by>) (rate(<metric>{<matchers>}[$__rate_interval]))`; `by` may be empty. */
export function sumRate(metric: string, matchers: string, by: string): string {
  return `${sumBy(by)}(rate(${metric}{${matchers}}[$__rate_interval]))`;
}

/** `sum by (<by>) (increase(<metric>{<matchers>}[$__rate_interval]))`: events per step. */
export function sumIncrease(metric: string, matchers: string, by: string): string {
  return `${sumBy(by)}(increase(${metric}{${matchers}}[$__rate_interval]))`;
}

/** The q-quantile (0..1) of a histogram, grouped by `by` (empty for one overall series). */
export function histogramQuantile(quantile: number, histogram: string, matchers: string, by: string): string {
  const groups = by === '' ? 'le' : `${by}, le`;
  return `histogram_quantile(${quantile}, sum by (${groups}) (rate(${histogram}_bucket{${matchers}}[$__rate_interval])))`;
}

/** Front requests per second. */
export function requestRate(by: string): string {
  return sumRate('http_server_request_duration_count', REQUESTS, by);
}

/**
 * The share (0..1) of front requests that match `matcher`, grouped by `by`. It reads 0, not no data,
 * while requests flow and none match: the numerator falls back to the request rate times 0.
 */
export function requestShare(matcher: string, by: string): string {
  const matching = sumRate('http_server_request_duration_count', `${REQUESTS}, ${matcher}`, by);
  const all = requestRate(by);
  return `(${matching} or ${all} * 0) / ${all}`;
}

/** Matches 5xx responses, including the front's own 503 rejections. */
export const STATUS_5XX = 'http_response_status_code=~"5.."';

/** Matches requests lost after acceptance (connection reset or response cut off). */
export const OUTCOME_LOST = 'outcome="lost"';

/** Latency quantile of served requests, from the front's request duration histogram. */
export function servedLatency(quantile: number, by: string): string {
  return histogramQuantile(quantile, 'http_server_request_duration', `${REQUESTS}, outcome="served"`, by);
}

/**
 * One series per pool: 1 Started, 2 Stopped by rapid-fail protection, 3 Stopped by an admin
 * (the pool overview maps them to names). The pool state gauge is one-hot, so the max picks the current state.
 */
export const POOL_STATE_CODE =
  `max by (pool) (poolchaos_pool_state{${POOL}, state="Started"} * 1` +
  ` or poolchaos_pool_state{${POOL}, state="Stopped", stop_reason="RapidFail"} * 2` +
  ` or poolchaos_pool_state{${POOL}, state="Stopped", stop_reason="Admin"} * 3)`;

function sumBy(by: string): string {
  return by === '' ? 'sum' : `sum by (${by}) `;
}
