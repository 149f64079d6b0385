/**
 * The poolchaos k6 extension (k6/x/poolchaos) on one timeline: steady GETs for 8 s, one crash
 * injected at 2 s, and a follower that turns the server's supervisor events into k6 metrics. Run it
 * against `poolchaos serve` with `chaos.enabled: true` (bin/k6 comes from `npm run k6:build`):
 *
 *   K6_AUTO_EXTENSION_RESOLUTION=false K6_NO_USAGE_REPORT=true bin/k6 run \
 *     -e TARGET=http://127.0.0.1:8080 -e ADMIN=http://127.0.0.1:9464 -e POOL=web loadtests/k6/example.js
 *
 * ADMIN_TOKEN is the admin bearer token when the server has one. The thresholds pass when the crash
 * was injected once, counted as one crash restart and recovered (a replacement became ready).
 */
import http from 'k6/http';
import { check } from 'k6';
import poolchaos from 'k6/x/poolchaos';

const TARGET = __ENV.TARGET || 'http://127.0.0.1:8080';
const ADMIN = __ENV.ADMIN || 'http://127.0.0.1:9464';
const POOL = __ENV.POOL || 'default';
const TOKEN = __ENV.ADMIN_TOKEN || null;

export const options = {
  scenarios: {
    load: { executor: 'constant-arrival-rate', exec: 'load', rate: 50, timeUnit: '1s', duration: '8s', preAllocatedVUs: 10 },
    // One VU, one iteration each: inject() and follow() block their VU.
    fault: { executor: 'per-vu-iterations', exec: 'crash', vus: 1, iterations: 1, startTime: '2s' },
    events: { executor: 'per-vu-iterations', exec: 'events', vus: 1, iterations: 1, maxDuration: '30s' },
  },
  thresholds: {
    poolchaos_fault_injected: ['count==1'],
    'poolchaos_worker_restarts{reason:crash}': ['count==1'],
    'poolchaos_recovery_duration{kind:crash}': ['min>0', 'max<10000'],
    'checks{scenario:fault}': ['rate==1'],
    'checks{scenario:events}': ['rate==1'],
  },
};

export function load() {
  check(http.get(`${TARGET}/`), { 'status is 200': (res) => res.status === 200 });
}

export function crash() {
  const answer = poolchaos.inject({ admin: ADMIN, token: TOKEN, fault: { kind: 'crash', pool: POOL, worker: 'oldest' } });
  console.log(`injected fault ${answer.faultId} (${answer.kind}) into ${JSON.stringify(answer.affected)} at ${answer.injectedAt}`);
  check(answer, { 'one worker hit': (a) => a.affected.length === 1 });
}

export function events() {
  // Starts with the test and outlasts the load, so it sees the crash, the restart and the recovery.
  const summary = poolchaos.follow({ admin: ADMIN, token: TOKEN, durationMs: 9000, pool: POOL });
  console.log(`followed ${summary.total} events: ${JSON.stringify(summary)}`);
  check(summary, {
    'followed for its whole duration': (s) => s.endedBy === 'duration',
    'saw one crash restart': (s) => s.restarts.crash === 1,
  });
}
