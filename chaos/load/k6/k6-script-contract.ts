/**
 * What the generated k6 script and the reader of k6's JSON output agree on: the k6 scenario's name and
 * the three custom metrics the script emits for every load request (the setup() request that signals
 * the start emits none of them, and carries no `scenario` tag).
 *
 * - `poolchaos_sent` (Counter, +1 just before each request goes out: counts in the second it was sent)
 * - `poolchaos_outcome` (Counter, +1 when the request ended, tagged `outcome` served|rejected|lost,
 *   `status` the HTTP status or "0", `reason` the reject reason or the lost reason, `code` k6's
 *   error_code for lost requests)
 * - `poolchaos_latency` (Trend, ms, for served and rejected responses and for timeouts at their full length)
 */

/** The k6 scenario that carries the load; every load sample is tagged `scenario: load`. */
export const K6_SCENARIO = 'load';

/** The custom metrics' names. */
export const K6_METRICS = {
  sent: 'poolchaos_sent',
  outcome: 'poolchaos_outcome',
  latency: 'poolchaos_latency',
} as const;

/** Every JSON output line of one of these metrics starts with this (k6 writes `metric` first). */
export const K6_METRIC_LINE_PREFIX = '{"metric":"poolchaos_';
