/**
 * queue-full (chaos/scenarios/queue-full.yaml): one worker running at most 4 requests of 100 ms, with
 * room for 20 more in its queue, so it serves about 40 req/s. A steady load it can hold runs the whole
 * time; the fault is more load: a burst well past that capacity, as its own scenario at FAULT_AT.
 * The promise: the bounded queue takes what fits, everything it took is served, and only the excess
 * gets an HTTP 503 QueueFull, never a reset or a loss.
 *
 * Here a 503 is part of the promise, so every request accepts 200 and 503 (its responseCallback):
 * http_req_failed counts only losses and other statuses, and requests_rejected counts the 503s by the
 * reason the front gave (x-poolchaos-reject).
 *
 * Thresholds, against the suite's expectations:
 *   rejected{reason=QueueFull} > 0              -> requests_rejected{reason:QueueFull} count>0
 *   requests.lost == 0, front.lost == 0         -> http_req_failed rate==0, requests_lost count==0
 *   requests.served > 100                       -> http_reqs{status:200} count>100
 * and k6's own for "only the excess": nothing rejected before the burst or after it
 * (requests_rejected{phase:before} and {phase:after} count==0), no worker restarted.
 *
 * With loadBalancerCapabilities TcpLevel (the verdict-power patch) the excess is reset instead: lost.
 *
 *   bin/k6 run -e FRONT_URL=http://127.0.0.1:8080 -e ADMIN_URL=http://127.0.0.1:9464 loadtests/k6/queue-full.js
 */
import { followEvents, get, readTimeline, scenarios } from './promise-timeline.js';

const BURST_MS = 5000;
const timeline = readTimeline({ ratePerSecond: 20, durationMs: 15000, faultAtMs: 5000, afterMs: 4000 });
const burstPerSecond = Number(__ENV.BURST_RATE || 150);
const ACCEPTED = { acceptedStatuses: [200, 503] };

export const options = {
  scenarios: {
    ...scenarios(timeline),
    faults: {
      executor: 'constant-arrival-rate',
      exec: 'faults',
      rate: burstPerSecond,
      timeUnit: '1s',
      duration: `${BURST_MS}ms`,
      startTime: `${timeline.faultAtMs}ms`,
      preAllocatedVUs: burstPerSecond,
      maxVUs: burstPerSecond,
    },
  },
  thresholds: {
    'http_reqs{status:200}': ['count>100'],
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
    requests_lost: ['count==0'],
    'requests_rejected{reason:QueueFull}': ['count>0'],
    'requests_rejected{phase:before}': ['count==0'],
    'requests_rejected{phase:after}': ['count==0'],
    dropped_iterations: ['count==0'],
    poolchaos_worker_restarts: ['count==0'],
    'poolchaos_workers_ready{pool:web}': ['value==1'],
  },
};

export function load() {
  get(timeline, '/?sleepMs=100', ACCEPTED);
}

export function faults() {
  get(timeline, '/?sleepMs=100', ACCEPTED);
}

export function events() {
  followEvents();
}
