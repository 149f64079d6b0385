/**
 * Pool overview: is each pool serving, how fast, how full is its queue, what is it refusing or
 * losing, and how are its workers. The IIS W3SVC counters (requests, queue, rejections, worker
 * process failures, app pool state) in one place.
 */
import { BigValueColorMode, VisibilityMode } from '@grafana/grafana-foundation-sdk/common';
import { MappingType } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard, ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import { chaosInjectionsAnnotation, rapidFailTripsAnnotation, workerRestartsAnnotation } from './annotations.ts';
import { newDashboard } from './new-dashboard.ts';
import { datasourceRef, listLegend, multiTooltip, placeSections, promTarget, statPanel, timeseriesPanel } from './panels.ts';
import type { Section } from './panels.ts';
import {
  JOB,
  OUTCOME_LOST,
  POOL,
  POOL_STATE_CODE,
  STATUS_5XX,
  histogramQuantile,
  requestRate,
  requestShare,
  servedLatency,
  sumIncrease,
  sumRate,
} from './promql.ts';

/** How POOL_STATE_CODE values read. */
function poolStateMappings(): ValueMapping[] {
  return [
    {
      type: MappingType.ValueToText,
      options: {
        '1': { index: 0, text: 'Started', color: 'green' },
        '2': { index: 1, text: 'Stopped (RapidFail)', color: 'red' },
        '3': { index: 2, text: 'Stopped (Admin)', color: 'orange' },
      },
    },
  ];
}

function summarySection(): Section {
  const poolState = statPanel({
    id: 7,
    title: 'Pool state',
    description: 'Started, or Stopped by rapid-fail protection (503 AppOffline) or by an admin (503 Disabled).',
    unit: 'none',
    target: promTarget('A', POOL_STATE_CODE, '{{pool}}'),
  });
  return {
    rowId: 1,
    title: 'Summary',
    height: 4,
    panels: [
      {
        width: 4,
        panel: statPanel({
          id: 2,
          title: 'Requests/s',
          description: 'Requests the front accepted or refused per second, all chosen pools.',
          unit: 'reqps',
          target: promTarget('A', requestRate(''), 'requests/s'),
        }),
      },
      {
        width: 4,
        panel: statPanel({
          id: 3,
          title: '5xx',
          description: "Share of requests answered with a 5xx, the front's own 503 rejections included.",
          unit: 'percentunit',
          target: promTarget('A', requestShare(STATUS_5XX, ''), '5xx'),
        }),
      },
      {
        width: 4,
        panel: statPanel({
          id: 4,
          title: 'Lost',
          description: 'Share of requests accepted and then lost: connection reset or response cut off.',
          unit: 'percentunit',
          target: promTarget('A', requestShare(OUTCOME_LOST, ''), 'lost'),
        }),
      },
      {
        width: 4,
        panel: statPanel({
          id: 5,
          title: 'p95 latency',
          description: '95th percentile of the time to serve a request, queue wait included.',
          unit: 's',
          target: promTarget('A', servedLatency(0.95, ''), 'p95'),
        }),
      },
      {
        width: 4,
        panel: statPanel({
          id: 6,
          title: 'Ready workers',
          description: 'Worker processes ready to take requests, all chosen pools.',
          unit: 'short',
          target: promTarget('A', `sum(poolchaos_workers{${POOL}, state="ready"})`, 'ready'),
        }),
      },
      { width: 4, panel: poolState.mappings(poolStateMappings()).colorMode(BigValueColorMode.Background) },
    ],
  };
}

function trafficSection(): Section {
  return {
    rowId: 8,
    title: 'Traffic',
    height: 8,
    panels: [
      {
        width: 8,
        panel: timeseriesPanel({
          id: 9,
          title: 'Requests/s by outcome',
          description: 'Served, rejected at the door, lost after acceptance, or aborted by the client.',
          unit: 'reqps',
          isStacked: true,
          targets: [promTarget('A', requestRate('pool, outcome'), '{{pool}} {{outcome}}')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 10,
          title: 'Requests/s by status code',
          description: 'Requests per second by the HTTP status code the front answered.',
          unit: 'reqps',
          targets: [promTarget('A', requestRate('pool, http_response_status_code'), '{{pool}} {{http_response_status_code}}')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 11,
          title: '5xx and lost',
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
          id: 12,
          title: 'Latency of served requests',
          description: 'p50, p95 and p99 of the time from acceptance to the end of the response.',
          unit: 's',
          targets: [
            promTarget('A', servedLatency(0.5, 'pool'), '{{pool}} p50'),
            promTarget('B', servedLatency(0.95, 'pool'), '{{pool}} p95'),
            promTarget('C', servedLatency(0.99, 'pool'), '{{pool}} p99'),
          ],
        }),
      },
      {
        width: 12,
        panel: timeseriesPanel({
          id: 13,
          title: 'Active requests',
          description: 'Requests accepted and not yet ended: queued, receiving their body or in flight at a worker.',
          unit: 'short',
          targets: [promTarget('A', `sum by (pool) (http_server_active_requests{${JOB}, ${POOL}})`, '{{pool}}')],
        }),
      },
    ],
  };
}

function queueSection(): Section {
  const depthVsLimit = timeseriesPanel({
    id: 15,
    title: 'Queue depth vs limit',
    description: 'Requests waiting for a worker, against queueLength: one more is rejected with 503 QueueFull.',
    unit: 'short',
    targets: [
      promTarget('A', `sum by (pool) (poolchaos_queue_depth{${POOL}})`, '{{pool}} depth'),
      promTarget('B', `sum by (pool) (poolchaos_queue_limit{${POOL}})`, '{{pool}} limit'),
    ],
  }).overrideByQuery('B', [
    { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
    { id: 'custom.fillOpacity', value: 0 },
  ]);
  return {
    rowId: 14,
    title: 'Queue',
    height: 8,
    panels: [
      { width: 8, panel: depthVsLimit },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 16,
          title: 'Queue wait p95',
          description: '95th percentile of the time from acceptance to the first dispatch to a worker.',
          unit: 's',
          targets: [promTarget('A', histogramQuantile(0.95, 'poolchaos_queue_wait_duration', POOL, 'pool'), '{{pool}} p95')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 17,
          title: 'Rejections by reason',
          description: 'Requests refused at the door per second: QueueFull, AppOffline (rapid-fail), Disabled (admin stop).',
          unit: 'reqps',
          targets: [promTarget('A', sumRate('poolchaos_requests_rejected_total', POOL, 'pool, reason'), '{{pool}} {{reason}}')],
        }),
      },
    ],
  };
}

function failuresSection(): Section {
  return {
    rowId: 18,
    title: 'Failures and restarts',
    height: 8,
    panels: [
      {
        width: 8,
        panel: timeseriesPanel({
          id: 19,
          title: 'Lost by reason',
          description: 'Accepted requests that ended without a complete response, per second.',
          unit: 'reqps',
          targets: [promTarget('A', sumRate('poolchaos_requests_lost_total', POOL, 'pool, reason'), '{{pool}} {{reason}}')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 20,
          title: 'Retried',
          description: 'Idempotent requests replayed per second after their worker died before a response byte.',
          unit: 'reqps',
          targets: [promTarget('A', sumRate('poolchaos_requests_retried_total', POOL, 'pool'), '{{pool}}')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 21,
          title: 'Restarts by reason',
          description: 'Workers replaced per interval: recycles (IIS names), failures and manual stops.',
          unit: 'short',
          isBars: true,
          targets: [promTarget('A', sumIncrease('poolchaos_worker_restarts_total', POOL, 'pool, reason'), '{{pool}} {{reason}}')],
        }),
      },
    ],
  };
}

function workersSection(): Section {
  return {
    rowId: 22,
    title: 'Workers and pool state',
    height: 8,
    panels: [
      {
        width: 12,
        panel: timeseriesPanel({
          id: 23,
          title: 'Workers by state',
          description: 'Worker processes by state: starting, ready, draining, unresponsive, orphaned.',
          unit: 'short',
          isStacked: true,
          targets: [promTarget('A', `sum by (pool, state) (poolchaos_workers{${POOL}})`, '{{pool}} {{state}}')],
        }),
      },
      { width: 12, panel: poolStateTimeline(24) },
    ],
  };
}

function poolStateTimeline(id: number): statetimeline.PanelBuilder {
  return new statetimeline.PanelBuilder()
    .id(id)
    .title('Pool state over time')
    .description('Started, or Stopped by rapid-fail protection or by an admin.')
    .datasource(datasourceRef())
    .unit('none')
    .mappings(poolStateMappings())
    .showValue(VisibilityMode.Auto)
    .mergeValues(true)
    .legend(listLegend())
    .tooltip(multiTooltip())
    .withTarget(promTarget('A', POOL_STATE_CODE, '{{pool}}'));
}

/** The pool overview dashboard. */
export function poolOverviewDashboard(): Dashboard {
  const dashboard = newDashboard({
    uid: 'poolchaos-pool-overview',
    title: 'poolchaos / Pool overview',
    description: 'Traffic, latency, queue, rejections, losses, restarts and state of each pool.',
  })
    .annotation(chaosInjectionsAnnotation())
    .annotation(workerRestartsAnnotation())
    .annotation(rapidFailTripsAnnotation());
  const sections = [summarySection(), trafficSection(), queueSection(), failuresSection(), workersSection()];
  return placeSections(dashboard, sections).build();
}
