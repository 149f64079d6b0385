/**
 * Front runtime: the front process itself (listener, queue, dispatcher, supervisor), charted as the
 * Node.js dashboards (Grafana 14058, the Node.js mixin) chart a service, with OpenTelemetry names.
 * These series carry no pool: the `pool` variable only filters the restart annotations.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { workerRestartsAnnotation } from './annotations.ts';
import { newDashboard } from './new-dashboard.ts';
import { placeSections, promTarget, timeseriesPanel } from './panels.ts';
import type { Section } from './panels.ts';
import { JOB } from './promql.ts';

function eventLoopSection(): Section {
  return {
    rowId: 1,
    title: 'Event loop',
    height: 8,
    panels: [
      {
        width: 12,
        panel: timeseriesPanel({
          id: 2,
          title: 'Event-loop utilization',
          description: 'Share of time the event loop was busy; near 1 the front queues work behind itself.',
          unit: 'percentunit',
          targets: [promTarget('A', `max by (instance) (nodejs_eventloop_utilization{${JOB}})`, '{{instance}}')],
        }),
      },
      {
        width: 12,
        panel: timeseriesPanel({
          id: 3,
          title: 'Event-loop delay',
          description: 'p50, p99 and max of the event-loop delay over the last monitoring window.',
          unit: 's',
          targets: [
            promTarget('A', `max by (instance) (nodejs_eventloop_delay_p50{${JOB}})`, '{{instance}} p50'),
            promTarget('B', `max by (instance) (nodejs_eventloop_delay_p99{${JOB}})`, '{{instance}} p99'),
            promTarget('C', `max by (instance) (nodejs_eventloop_delay_max{${JOB}})`, '{{instance}} max'),
          ],
        }),
      },
    ],
  };
}

function memorySection(): Section {
  return {
    rowId: 4,
    title: 'Memory and GC',
    height: 8,
    panels: [
      {
        width: 8,
        panel: timeseriesPanel({
          id: 5,
          title: 'Heap used by space',
          description: 'V8 heap used, by heap space (new, old, code, large object, ...).',
          unit: 'bytes',
          isStacked: true,
          targets: [promTarget('A', `sum by (instance, v8js_heap_space_name) (v8js_memory_heap_used{${JOB}})`, '{{v8js_heap_space_name}}')],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 6,
          title: 'Time in GC by type',
          description: 'Share of wall time spent in garbage collection, by GC type.',
          unit: 'percentunit',
          isStacked: true,
          targets: [
            promTarget('A', `sum by (instance, v8js_gc_type) (rate(v8js_gc_duration_sum{${JOB}}[$__rate_interval]))`, '{{v8js_gc_type}}'),
          ],
        }),
      },
      {
        width: 8,
        panel: timeseriesPanel({
          id: 7,
          title: 'GC runs by type',
          description: 'Garbage collections per second, by GC type.',
          unit: 'ops',
          targets: [
            promTarget('A', `sum by (instance, v8js_gc_type) (rate(v8js_gc_duration_count{${JOB}}[$__rate_interval]))`, '{{v8js_gc_type}}'),
          ],
        }),
      },
    ],
  };
}

function processSection(): Section {
  return {
    rowId: 8,
    title: 'Process',
    height: 8,
    panels: [
      {
        width: 12,
        panel: timeseriesPanel({
          id: 9,
          title: 'CPU',
          description: 'CPU time per second in user and system mode; 1 is one core fully busy.',
          unit: 'percentunit',
          isStacked: true,
          targets: [
            promTarget('A', `sum by (instance, cpu_mode) (rate(process_cpu_time_total{${JOB}}[$__rate_interval]))`, '{{cpu_mode}}'),
          ],
        }),
      },
      {
        width: 12,
        panel: timeseriesPanel({
          id: 10,
          title: 'RSS',
          description: 'Resident set size of the front process.',
          unit: 'bytes',
          targets: [promTarget('A', `max by (instance) (process_memory_usage{${JOB}})`, '{{instance}}')],
        }),
      },
    ],
  };
}

/** The front runtime dashboard. */
export function frontRuntimeDashboard(): Dashboard {
  const dashboard = newDashboard({
    uid: 'poolchaos-front-runtime',
    title: 'poolchaos / Front runtime',
    description: 'Event loop, heap, garbage collection, CPU and memory of the front process.',
  }).annotation(workerRestartsAnnotation());
  return placeSections(dashboard, [eventLoopSection(), memorySection(), processSection()]).build();
}
