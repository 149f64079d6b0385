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
 *   recovery.replacementReadyMs.max < 3s        -> poolchaos_recovery_duration{kind:busy-loop} min>0, max<3000
 * and k6's own: dropped_iterations count==0, no request waits much longer than detection plus a
 * replay (http_req_duration{scenario:load} max<2500), the garden whole at the end.
 *
 *   bin/k6 run -e FRONT_URL=http://127.0.0.1:8080 -e ADMIN_URL=http://127.0.0.1:9464 loadtests/k6/busy-loop.js
 */
import { followEvents, get, inject, nothingLostThresholds, readTimeline, scenarios } from './promise-timeline.js';

const timeline = readTimeline({ ratePerSecond: 150, durationMs: 15000, faultAtMs: 5000, afterMs: 3000 });

export const options = {
  scenarios: scenarios(timeline),
  thresholds: {
    ...nothingLostThresholds(timeline, { faults: 1 }),
    'http_req_duration{scenario:load}': ['max<2500'],
    'poolchaos_worker_restarts{reason:ping_timeout}': ['count==1'],
    'poolchaos_recovery_duration{kind:busy-loop}': ['min>0', 'max<3000'],
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
