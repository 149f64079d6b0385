/**
 * Chaos and resilience: what was injected, what it did to the clients (errors, latency, lost and
 * retried requests) and how the pool recovered (restarts, ready workers, rapid-fail trips). The
 * "Chaos active" annotation shades each fault's duration over every chart.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as text from '@grafana/grafana-foundation-sdk/text';
import { chaosActiveAnnotation, chaosInjectionsAnnotation, rapidFailTripsAnnotation, workerRestartsAnnotation } from './annotations.ts';
import { newDashboard } from './new-dashboard.ts';
import { placeSections, promTarget, timeseriesPanel } from './panels.ts';
import type { Section } from './panels.ts';
import { OUTCOME_LOST, POOL, STATUS_5XX, requestShare, servedLatency, sumIncrease, sumRate } from './promql.ts';

/** Where k6 results will go once k6 remote-writes into the same Prometheus (issue 5 adds the panels). */
const K6_PLACEHOLDER =
  'This row fills when k6 remote-writes its results (`k6 run --out experimental-prometheus-rw`) into the ' +
  'Prometheus this dashboard reads: virtual users, request rate and failures next to the server-side view. ' +
  'Until then it queries nothing.';

function faultsSection(): Section {
  return {
    rowId: 1,
    title: 'Faults',
    height: 8,
    panels: [
      {
        width: 12,
        panel: timeseriesPanel({
          id: 2,
          title: 'Faults active by kind',
          description: 'Faults with a duration (freeze, leak, slow responses, ...) in progress.',
          unit: 'short',
          isStacked: true,
          targets: [promTarget('A', `sum by (pool, kind) (poolchaos_chaos_active{${POOL}})`, '{{pool}} {{kind}}')],
        }),
      },
      {
        width: 12,
        panel: timeseriesPanel({
          id: 3,
          title: 'Injections by kind',
          description: 'Faults injected through the chaos endpoint per interval.',
          unit: 'short',
          isBars: true,
          targets: [promTarget('A', sumIncrease('poolchaos_chaos_injections_total', POOL, 'pool, kind'), '{{pool}} {{kind}}')],
        }),
      },
    ],
  };
}

function impactSection(): Section {
  return {
    rowId: 4,
    title: 'Impact on clients',
    height: 8,
    panels: [
      {
        width: 12,
        panel: timeseriesPanel({
          id: 5,
          title: 'Error rate during chaos',
          description: 'Share of requests answered with a 5xx, and share lost after acceptance.',
          unit: 'percentunit',
          targets: [
            promTarget('A', requestShare(STATUS_5XX, 'pool'), '{{pool}} 5xx'),
            promTarget('B', requestShare(OUTCOME_LOST, 'pool'), '{{pool}} lost'),
          ],
        }),
      },
      {
        width: 12,
        panel: timeseriesPanel({
          id: 6,
          title: 'p95 latency during chaos',
          description: '95th percentile of the time to serve a request; a freeze or busy loop shows as a plateau.',
          unit: 's',
          targets: [promTarget('A', servedLatency(0.95, 'pool'), '{{pool}} p95')],
        }),
      },
    ],
  };
}

function recoverySection(): Section {
  return {
    rowId: 7,
    title: 'Recovery',
    height: 8,
    panels: [
      {
        width: 8,
        panel: timeseriesPanel({
          id: 8,
          title: 'Restarts after injection',
          description: 'Workers replaced per interval by reason: crash, ping_timeout, deadlock, recycles.',
          unit: 'short',
          isBars: true,
          targets: [promTarget('A', sumIncrease('poolchaos_worker_restarts_total', POOL, 'pool, reason'), '{{pool}} {{reason}}')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 9,
          title: 'Ready workers',
          description: 'Workers ready to take requests; the time back to the configured count is the time to recover.',
          unit: 'short',
          targets: [promTarget('A', `sum by (pool) (poolchaos_workers{${POOL}, state="ready"})`, '{{pool}}')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 10,
          title: 'Rapid-fail trips',
          description: 'Times rapid-fail protection stopped a pool per interval (503 AppOffline until restarted).',
          unit: 'short',
          isBars: true,
          targets: [promTarget('A', sumIncrease('poolchaos_rapid_fail_trips_total', POOL, 'pool'), '{{pool}}')],
        }),
      },
    ],
  };
}

function requestsSection(): Section {
  return {
    rowId: 11,
    title: 'Lost and retried requests',
    height: 8,
    panels: [
      {
        width: 12,
        panel: timeseriesPanel({
          id: 12,
          title: 'Lost by reason',
          description: 'Accepted requests that ended without a complete response, per second.',
          unit: 'reqps',
          targets: [promTarget('A', sumRate('poolchaos_requests_lost_total', POOL, 'pool, reason'), '{{pool}} {{reason}}')],
        }),
      },
      {
        width: 12,
        panel: timeseriesPanel({
          id: 13,
          title: 'Retried',
          description: 'Idempotent requests replayed per second after their worker died before a response byte.',
          unit: 'reqps',
          targets: [promTarget('A', sumRate('poolchaos_requests_retried_total', POOL, 'pool'), '{{pool}}')],
        }),
      },
    ],
  };
}

function k6Section(): Section {
  const placeholder = new text.PanelBuilder()
    .id(15)
    .title('k6 load (when remote-written)')
    .mode(text.TextMode.Markdown)
    .content(K6_PLACEHOLDER);
  return { rowId: 14, title: 'k6 (optional)', height: 3, panels: [{ width: 24, panel: placeholder }] };
}

/** The chaos and resilience dashboard. */
export function chaosResilienceDashboard(): Dashboard {
  const dashboard = newDashboard({
    uid: 'poolchaos-chaos-resilience',
    title: 'poolchaos / Chaos & resilience',
    description: 'Faults injected, their effect on clients and how each pool recovered.',
  })
    .annotation(chaosActiveAnnotation())
    .annotation(chaosInjectionsAnnotation())
    .annotation(workerRestartsAnnotation())
    .annotation(rapidFailTripsAnnotation());
  const sections = [faultsSection(), impactSection(), recoverySection(), requestsSection(), k6Section()];
  return placeSections(dashboard, sections).build();
}
