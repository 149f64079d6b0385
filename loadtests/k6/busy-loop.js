/**
 * busy-loop (chaos/scenarios/busy-loop.yaml): the newest worker of a web garden of two blocks its
 * event loop for 5 s under open-model load. The promise is freeze's, from inside the process: health
 * pings (500 ms + 1 s) notice, the supervisor kills the worker, the front replays what it held and
 * a replacement starts; nothing is lost.
 *
 * Thresholds, against the suite's expectations:
 *   faults.failed == 0                          -> poolchaos_fault_injected count==1, checks{scenario:faults}
 *   requests.lost == 0, after.requests.lost == 0 -> http_req_failed{scenario:load} rate==0, requests_lost count==0
 *   restarts{reason=ping_timeout} == 1          -> poolchaos_worker_restarts{reason:ping_timeout} count==1
 *   recovery.replacementReadyMs.max < pingInterval + pingResponseTime + workers.startupMs.max + 1s
 *       -> poolchaos_recovery_duration{kind:busy-loop} min>0 (there was one) and
 *          poolchaos_detection_duration{kind:busy-loop} (recovery minus the replacement's start-up)
 *          max < pingInterval + pingResponseTime + 1s
 * and k6's own: dropped_iterations count==0, no request waits much longer than detection plus a
 * replay (http_req_duration{scenario:load} below the same bound), the garden whole at the end.
 *
 *   bin/k6 run -e FRONT_URL=http://127.0.0.1:8080 -e ADMIN_URL=http://127.0.0.1:9464 loadtests/k6/busy-loop.js
 */
import { followEvents, get, inject, nothingLostThresholds, readTimeline, scenarios } from './promise-timeline.js';

// The scenario's settings, and the margin for a loaded machine's timers, IPC and the kill.
const PING_INTERVAL_MS = 500;
const PING_RESPONSE_TIME_MS = 1000;
const MARGIN_MS = 1000;
/** Health pings notice within pingInterval + pingResponseTime; a held request then replays at once. */
const DETECTION_BOUND_MS = PING_INTERVAL_MS + PING_RESPONSE_TIME_MS + MARGIN_MS;

const timeline = readTimeline({ ratePerSecond: 150, durationMs: 15000, faultAtMs: 5000, afterMs: 3000 });

export const options = {
  scenarios: scenarios(timeline),
  thresholds: {
    ...nothingLostThresholds(timeline, { faults: 1 }),
    'http_req_duration{scenario:load}': [`max<${DETECTION_BOUND_MS}`],
    'poolchaos_worker_restarts{reason:ping_timeout}': ['count==1'],
    'poolchaos_recovery_duration{kind:busy-loop}': ['min>0'],
    'poolchaos_detection_duration{kind:busy-loop}': [`max<${DETECTION_BOUND_MS}`],
  },
};

export function load() {
  get(timeline, '/');
}

export function faults() {
  inject({ kind: 'busy-loop', pool: 'web', worker: 'newest', durationMs: 5000, seed: 13 }, 1);
}

export function events() {
  followEvents();
}
