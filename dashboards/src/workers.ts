/**
 * Workers: each worker process of the chosen pools, as PM2 and the IIS worker-process counters show
 * them: memory (a leak is a rising RSS or heap), event-loop delay, load, uptime (drops at each
 * restart) and the supervisor's health pings. Per-worker series come from the workers over IPC at
 * scrape time, so a worker that misses a collection leaves a gap (see "Collection timeouts").
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import * as table from '@grafana/grafana-foundation-sdk/table';
import { chaosInjectionsAnnotation, rapidFailTripsAnnotation, workerRestartsAnnotation } from './annotations.ts';
import { newDashboard } from './new-dashboard.ts';
import { datasourceRef, placeSections, promTarget, timeseriesPanel } from './panels.ts';
import type { Section } from './panels.ts';
import { POOL, POOL_WORKER, histogramQuantile, sumIncrease, sumRate } from './promql.ts';
import { workerIdVariable } from './variables.ts';

const WORKER_LEGEND = '{{pool}} #{{worker_id}}';

/** `max by (pool, worker_id) (<gauge>{pool and worker_id chosen})`: one series per worker. */
function perWorker(gauge: string): string {
  return `max by (pool, worker_id) (${gauge}{${POOL_WORKER}})`;
}

const UPTIME = `time() - ${perWorker('poolchaos_worker_start_time')}`;

function memorySection(): Section {
  return {
    rowId: 1,
    title: 'Memory',
    height: 8,
    panels: [
      {
        width: 12,
        panel: timeseriesPanel({
          id: 2,
          title: 'RSS per worker',
          description: 'Resident set size of each worker process; privateMemory recycles act on it.',
          unit: 'bytes',
          targets: [promTarget('A', perWorker('poolchaos_worker_memory_rss'), WORKER_LEGEND)],
        }),
      },
      {
        width: 12,
        panel: timeseriesPanel({
          id: 3,
          title: 'Heap used per worker',
          description: 'V8 heap used by each worker process; a steady climb between restarts is a leak.',
          unit: 'bytes',
          targets: [promTarget('A', perWorker('poolchaos_worker_heap_used'), WORKER_LEGEND)],
        }),
      },
    ],
  };
}

function loadSection(): Section {
  return {
    rowId: 4,
    title: 'Load and uptime',
    height: 8,
    panels: [
      {
        width: 8,
        panel: timeseriesPanel({
          id: 5,
          title: 'Event-loop delay p99 per worker',
          description: "99th percentile of each worker's event-loop delay since the previous scrape.",
          unit: 's',
          targets: [promTarget('A', perWorker('poolchaos_worker_event_loop_delay'), WORKER_LEGEND)],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 6,
          title: 'Requests/s per worker',
          description: 'Responses each worker finished per second.',
          unit: 'reqps',
          targets: [promTarget('A', sumRate('poolchaos_worker_requests_total', POOL_WORKER, 'pool, worker_id'), WORKER_LEGEND)],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 7,
          title: 'Uptime',
          description: 'Time since each worker process started; it drops to 0 when a worker is replaced.',
          unit: 's',
          targets: [promTarget('A', UPTIME, WORKER_LEGEND)],
        }),
      },
    ],
  };
}

function healthSection(): Section {
  return {
    rowId: 8,
    title: 'Health pings',
    height: 8,
    panels: [
      {
        width: 8,
        panel: timeseriesPanel({
          id: 9,
          title: 'Ping duration p95',
          description: "95th percentile of the time from the supervisor's health ping to the worker's pong.",
          unit: 's',
          targets: [promTarget('A', histogramQuantile(0.95, 'poolchaos_health_ping_duration', POOL, 'pool'), '{{pool}} p95')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 10,
          title: 'Ping failures',
          description: 'Workers found unresponsive per interval: no pong within pingResponseTime, or deadlocked.',
          unit: 'short',
          isBars: true,
          targets: [promTarget('A', sumIncrease('poolchaos_health_ping_failures_total', POOL, 'pool, reason'), '{{pool}} {{reason}}')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 11,
          title: 'Collection timeouts',
          description: 'Scrapes at which a worker did not answer the metrics collection in time: its series have a gap.',
          unit: 'short',
          isBars: true,
          targets: [promTarget('A', sumIncrease('poolchaos_worker_collect_timeouts_total', POOL, 'pool'), '{{pool}}')],
        }),
      },
    ],
  };
}

/** Instant table query; the merge transformation joins the frames on pool and worker_id. */
function tableTarget(refId: string, expr: string): ReturnType<typeof promTarget> {
  return promTarget(refId, expr, '').instant().format(PromQueryFormat.Table);
}

function workerTable(id: number): table.PanelBuilder {
  return new table.PanelBuilder()
    .id(id)
    .title('Workers')
    .description('The live workers of the chosen pools now: pid, uptime, memory and responses since start.')
    .datasource(datasourceRef())
    .unit('none')
    .withTarget(tableTarget('A', `max by (pool, worker_id, pid) (poolchaos_worker_info{${POOL_WORKER}})`))
    .withTarget(tableTarget('B', UPTIME))
    .withTarget(tableTarget('C', perWorker('poolchaos_worker_memory_rss')))
    .withTarget(tableTarget('D', perWorker('poolchaos_worker_heap_used')))
    .withTarget(tableTarget('E', perWorker('poolchaos_worker_requests_total')))
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true, 'Value #A': true },
        indexByName: { pool: 0, worker_id: 1, pid: 2, 'Value #B': 3, 'Value #C': 4, 'Value #D': 5, 'Value #E': 6 },
        renameByName: {
          pool: 'Pool',
          worker_id: 'Worker',
          pid: 'PID',
          'Value #B': 'Uptime',
          'Value #C': 'RSS',
          'Value #D': 'Heap used',
          'Value #E': 'Requests',
        },
      },
    })
    .overrideByName('Uptime', [{ id: 'unit', value: 's' }])
    .overrideByName('RSS', [{ id: 'unit', value: 'bytes' }])
    .overrideByName('Heap used', [{ id: 'unit', value: 'bytes' }]);
}

/** The workers dashboard. */
export function workersDashboard(): Dashboard {
  const dashboard = newDashboard({
    uid: 'poolchaos-workers',
    title: 'poolchaos / Workers',
    description: 'Memory, event loop, load, uptime and health pings of each worker process.',
    extraVariables: [workerIdVariable()],
  })
    .annotation(chaosInjectionsAnnotation())
    .annotation(workerRestartsAnnotation())
    .annotation(rapidFailTripsAnnotation());
  const inventory: Section = { rowId: 12, title: 'Inventory', height: 8, panels: [{ width: 24, panel: workerTable(13) }] };
  return placeSections(dashboard, [memorySection(), loadSection(), healthSection(), inventory]).build();
}
