/**
 * deadlock (chaos/scenarios/deadlock.yaml): one worker of a web garden of two takes every request it
 * gets for 4 s and never answers, while its event loop stays free (pings pass). The promise: only
 * responseDeadlockInterval (1 s) catches it; the supervisor replaces the worker and the front
 * replays the requests it held, so nothing is lost.
 *
 * Thresholds, against the suite's expectations:
 *   faults.failed == 0                          -> poolchaos_fault_injected count==1, checks{scenario:faults}
 *   requests.lost == 0, after.requests.lost == 0 -> http_req_failed{scenario:load} rate==0, requests_lost count==0
 *   restarts{reason=deadlock} == 1              -> poolchaos_worker_restarts{reason:deadlock} count==1
 * and k6's own: a replacement became ready (poolchaos_recovery_duration{kind:deadlock} min>0) and was
 * started within the deadlock interval plus 1 s (poolchaos_detection_duration{kind:deadlock}: the
 * recovery minus the replacement's start-up), dropped_iterations count==0, no request waits much
 * longer than the deadlock interval plus a replay (http_req_duration{scenario:load} below
 * HELD_REQUEST_BOUND_MS), the garden whole at the end.
 * requests.retried > 0 has no k6 figure: a replay is invisible to the client.
 *
 * With a 10-minute deadlock interval (the verdict-power patch) the held requests are never answered
 * and time out at 3 s.
 *
 *   bin/k6 run -e FRONT_URL=http://127.0.0.1:8080 -e ADMIN_URL=http://127.0.0.1:9464 loadtests/k6/deadlock.js
 */
import { followEvents, get, inject, nothingLostThresholds, readTimeline, scenarios } from './promise-timeline.js';

// The scenario's responseDeadlockInterval, and the margins for a loaded machine's timers and IPC.
const DEADLOCK_INTERVAL_MS = 1000;
const MARGIN_MS = 1000;
/** A held request waits at most the deadlock interval, then replays; more margin for the queue it joins. */
const HELD_REQUEST_BOUND_MS = DEADLOCK_INTERVAL_MS + MARGIN_MS + 500;

const timeline = readTimeline({ ratePerSecond: 150, durationMs: 15000, faultAtMs: 5000, afterMs: 3000 });

export const options = {
  scenarios: scenarios(timeline),
  thresholds: {
    ...nothingLostThresholds(timeline, { faults: 1 }),
    'http_req_duration{scenario:load}': [`max<${HELD_REQUEST_BOUND_MS}`],
    'poolchaos_worker_restarts{reason:deadlock}': ['count==1'],
    'poolchaos_recovery_duration{kind:deadlock}': ['min>0'],
    'poolchaos_detection_duration{kind:deadlock}': [`max<${DEADLOCK_INTERVAL_MS + MARGIN_MS}`],
  },
};

export function load() {
  get(timeline, '/');
}

export function faults() {
  inject({ kind: 'deadlock', pool: 'web', worker: 'random', durationMs: 4000, seed: 17 }, 1);
}

export function events() {
  followEvents();
}
