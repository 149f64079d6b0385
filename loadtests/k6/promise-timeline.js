/**
 * What every promise script (crash-storm.js, freeze.js, ...) shares: one timeline of three k6
 * scenarios against a poolchaos server on loopback.
 *
 * - `load` (or several load scenarios sharing the rate, one per pool): constant-arrival-rate, an open
 *   model: requests go out on schedule whether or not earlier ones were answered, so a stalled server
 *   shows as slow requests and dropped_iterations, not as a quietly lower send rate. Every request is
 *   tagged `pool` and `phase` before|during|after: before the fault window, inside it, or in the last
 *   AFTER of the load (the chaos suite's steady-state windows).
 * - `faults`: 1 VU, 1 iteration, starting at FAULT_AT; it calls the extension's inject().
 * - `events`: 1 VU, 1 iteration for the whole run; follow() turns the server's event stream into
 *   poolchaos_worker_restarts, poolchaos_recovery_duration, poolchaos_rapid_fail_trips and
 *   poolchaos_workers_ready.
 *
 * How outcomes count: a response is *served* (its status), *rejected* (a 503 the front sent on
 * purpose, with an x-poolchaos-reject reason: QueueFull, AppOffline, Disabled) or *lost* (no complete
 * response: reset, EOF, timeout; k6 reports status 0). k6's http_req_failed counts every status
 * outside 200-399 as failed, 503 rejections included, unless a request's responseCallback expects
 * them; so a script whose promise allows rejections passes `acceptedStatuses` for those requests.
 * requests_rejected{reason,pool,phase} and requests_lost{reason,pool,phase} (reason: k6's error_code,
 * 1050 for a timeout) count the two apart.
 *
 * Environment: FRONT_URL, ADMIN_URL (loopback only), ADMIN_TOKEN, RATE (requests per second),
 * DURATION (of the load), FAULT_AT (when the faults scenario starts), AFTER (the after window).
 * Durations are k6 durations in whole ms or s: `1500ms`, `15s`.
 */
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import poolchaos from 'k6/x/poolchaos';

/** Each load request's timeout: the chaos suite's `load.timeout`. */
export const REQUEST_TIMEOUT_MS = 3000;
/** How long follow() reads events after the load's duration (late restarts and recoveries). */
const FOLLOW_AFTER_LOAD_MS = 3000;

const REJECT_HEADER = 'X-Poolchaos-Reject';
const rejected = new Counter('requests_rejected');
const lost = new Counter('requests_lost');
// One response callback per list of accepted statuses, made once per VU.
const callbacks = new Map();

/** Where the server is and who may talk to its admin API. */
export const target = {
  front: loopbackUrl('FRONT_URL', 'http://127.0.0.1:8080'),
  admin: loopbackUrl('ADMIN_URL', 'http://127.0.0.1:9464'),
  token: __ENV.ADMIN_TOKEN || null,
};

/** Reads the timeline from __ENV over the script's defaults: `{ratePerSecond, durationMs, faultAtMs, afterMs}`. */
export function readTimeline(defaults) {
  const timeline = {
    ratePerSecond: wholeNumber('RATE', __ENV.RATE, defaults.ratePerSecond),
    durationMs: durationMs('DURATION', __ENV.DURATION, defaults.durationMs),
    faultAtMs: durationMs('FAULT_AT', __ENV.FAULT_AT, defaults.faultAtMs),
    afterMs: durationMs('AFTER', __ENV.AFTER, defaults.afterMs),
  };
  if (timeline.faultAtMs + timeline.afterMs >= timeline.durationMs) {
    throw new Error(`FAULT_AT (${timeline.faultAtMs}ms) + AFTER (${timeline.afterMs}ms) must leave room for the fault inside DURATION (${timeline.durationMs}ms)`);
  }
  return timeline;
}

/**
 * The scenarios for a timeline: the load (by default one scenario `load` running `load()`; `loads`
 * maps more scenario names to their functions, and they share the rate evenly, each with its own VUs,
 * so one pool's stalled requests cannot starve another pool's client), `faults` and `events`. VUs: as
 * many as the scenario's rate, all allocated before the start, so a load rides out one second in
 * which nothing is answered before k6 drops an iteration (k6 drops iterations while it initialises a
 * VU mid-run, so none is left to do that).
 */
export function scenarios(timeline, loads = { load: 'load' }) {
  const followMs = timeline.durationMs + FOLLOW_AFTER_LOAD_MS;
  const names = Object.keys(loads);
  const ratePerSecond = Math.max(1, Math.round(timeline.ratePerSecond / names.length));
  const result = {
    faults: { executor: 'per-vu-iterations', exec: 'faults', vus: 1, iterations: 1, startTime: `${timeline.faultAtMs}ms`, maxDuration: `${timeline.durationMs}ms` },
    events: {
      executor: 'per-vu-iterations',
      exec: 'events',
      vus: 1,
      iterations: 1,
      maxDuration: `${followMs + 10000}ms`,
      env: { FOLLOW_MS: String(followMs) },
    },
  };
  for (const name of names) {
    result[name] = {
      executor: 'constant-arrival-rate',
      exec: loads[name],
      rate: ratePerSecond,
      timeUnit: '1s',
      duration: `${timeline.durationMs}ms`,
      preAllocatedVUs: ratePerSecond,
      maxVUs: ratePerSecond,
      gracefulStop: `${REQUEST_TIMEOUT_MS + 1000}ms`,
    };
  }
  return result;
}

/** At least this share of a load scenario's planned requests (rate x duration) must have been sent. */
export function minimumRequests(timeline, share) {
  return Math.floor((timeline.ratePerSecond * timeline.durationMs * share) / 1000);
}

/**
 * The thresholds every single-pool promise shares: enough load went out, every load request was
 * answered 200, nothing was lost or dropped, `faults` faults were injected, the follower ran cleanly,
 * and `pool` has `readyWorkers` ready workers at the end. Scripts add their promise's own lines.
 */
export function nothingLostThresholds(timeline, { faults, pool = 'web', readyWorkers = 2 }) {
  return {
    'http_reqs{scenario:load}': [`count>=${minimumRequests(timeline, 0.9)}`],
    'http_req_failed{scenario:load}': ['rate==0'],
    'checks{scenario:load}': ['rate==1'],
    requests_lost: ['count==0'],
    dropped_iterations: ['count==0'],
    poolchaos_fault_injected: [`count==${faults}`],
    'checks{scenario:faults}': ['rate==1'],
    [`poolchaos_workers_ready{pool:${pool}}`]: [`value==${readyWorkers}`],
    'checks{scenario:events}': ['rate==1'],
  };
}

/**
 * GETs `path` on the front and checks it. `pool` tags the request and its checks; `acceptedStatuses`
 * (default [200]) are the statuses the promise allows: http_req_failed and the check both use it.
 */
export function get(timeline, path, options = {}) {
  const accepted = options.acceptedStatuses || [200];
  const tags = { phase: phaseOf(timeline), pool: options.pool || 'web' };
  const key = accepted.join(',');
  if (!callbacks.has(key)) callbacks.set(key, http.expectedStatuses(...accepted));
  const res = http.get(`${target.front}${path}`, { timeout: `${REQUEST_TIMEOUT_MS}ms`, tags, responseCallback: callbacks.get(key) });
  const reason = res.status === 503 ? res.headers[REJECT_HEADER] : undefined;
  if (reason !== undefined) rejected.add(1, { ...tags, reason });
  if (res.status === 0) lost.add(1, { ...tags, reason: String(res.error_code) });
  check(res, { [`status is ${accepted.join(' or ')}`]: (r) => accepted.includes(r.status) }, tags);
  return res;
}

/** Injects one fault through the admin API; checks that it hit `expectedAffected` workers (when given). */
export function inject(fault, expectedAffected) {
  const answer = poolchaos.inject({ admin: target.admin, token: target.token, fault });
  console.log(`fault ${answer.faultId} ${answer.kind} into pool ${answer.pool}: workers ${JSON.stringify(answer.affected.map((a) => a.workerId))}`);
  if (expectedAffected !== undefined) {
    check(answer, { [`${fault.kind} hit ${expectedAffected} worker(s)`]: (a) => a.affected.length === expectedAffected });
  }
  return answer;
}

/** Follows the event stream for the whole run (every pool); checks it was read to the end. */
export function followEvents() {
  const summary = poolchaos.follow({ admin: target.admin, token: target.token, durationMs: Number(__ENV.FOLLOW_MS) });
  console.log(`followed ${summary.total} events; restarts ${JSON.stringify(summary.restarts)}; recoveries ${JSON.stringify(summary.recoveriesMs.map(Math.round))} ms`);
  check(summary, { 'event stream followed to the end': (s) => s.endedBy === 'duration' });
  return summary;
}

function phaseOf(timeline) {
  const elapsedMs = exec.instance.currentTestRunDuration;
  if (elapsedMs < timeline.faultAtMs) return 'before';
  return elapsedMs >= timeline.durationMs - timeline.afterMs ? 'after' : 'during';
}

// The scripts put faults into a server; they refuse any that is not on this machine.
function loopbackUrl(name, fallback) {
  const text = (__ENV[name] || fallback).replace(/\/+$/, '');
  const match = /^https?:\/\/(127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?$/.exec(text);
  if (match === null) throw new Error(`${name} must be a loopback base URL such as ${fallback} (no path), got ${text}`);
  return text;
}

function wholeNumber(name, text, fallback) {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0, got ${text}`);
  return value;
}

function durationMs(name, text, fallback) {
  if (text === undefined || text === '') return fallback;
  const match = /^(\d+)(ms|s)$/.exec(text);
  if (match === null) throw new Error(`${name} must be a duration in whole ms or s such as 1500ms or 15s, got ${text}`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}
