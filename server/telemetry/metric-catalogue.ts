/**
 * Every metric the server exports, once: OpenTelemetry name, kind, unit, what it counts, and its
 * attributes. The instruments are created from these entries, the metrics table of docs/observability.md and the
 * golden list of Prometheus names are checked against them, and the rules and dashboards query the
 * Prometheus names derived here.
 *
 * Prometheus names follow the OpenTelemetry JS exporter: dots become underscores, monotonic sums get
 * `_total`, histograms become `_bucket`/`_sum`/`_count`, and the unit is never appended.
 * Every series carries `pool`; per-worker series carry `worker_id` (the id in the event stream).
 */
import { FAULT_KINDS } from '../../faults/index.ts';
import { LOST_REASONS, REJECT_REASONS, RESTART_REASONS } from '../pool/reasons.ts';
import { WORKER_STATES } from '../supervisor/worker-state.ts';

/** How a metric is recorded; `worker` metrics come from each live worker over IPC at scrape time. */
export type MetricKind = 'histogram' | 'counter' | 'gauge' | 'updowncounter';

/** Who produces a metric's points. */
export type MetricSource = 'front' | 'supervisor' | 'worker' | 'chaos';

export interface MetricDefinition {
  /** OpenTelemetry instrument name. */
  readonly name: string;
  readonly kind: MetricKind;
  /** UCUM unit as OpenTelemetry writes it (`s`, `By`, `{request}`). */
  readonly unit: string;
  readonly description: string;
  readonly source: MetricSource;
  /** Attribute names (Prometheus label names are the same with dots as underscores). */
  readonly attributes: readonly string[];
  /** The fixed values of a `reason`, `state` or `kind` attribute, pre-created at 0. */
  readonly values?: Readonly<Record<string, readonly string[]>>;
}

/** How a request ended, as the `outcome` attribute of the request duration says it. */
export const REQUEST_OUTCOMES = ['served', 'rejected', 'lost', 'client_aborted'] as const;

export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/** Pool state as one series per (state, stop_reason), one of them at 1. */
export const POOL_STATE_SERIES = [
  { state: 'Started', stopReason: 'none' },
  { state: 'Stopped', stopReason: 'RapidFail' },
  { state: 'Stopped', stopReason: 'Admin' },
] as const;

/** Seconds; the HTTP semantic conventions' advice, without its leading 0. */
export const REQUEST_DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Seconds; queue waits run from nothing to connectionTimeout (2 minutes by default). */
export const QUEUE_WAIT_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Seconds; a pong normally takes well under a millisecond, a busy worker up to pingResponseTime. */
export const PING_DURATION_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const METRICS = [
  {
    name: 'http.server.request.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time from the front accepting a request to its end (response finished, rejected, lost or aborted).',
    source: 'front',
    attributes: ['pool', 'http.request.method', 'http.response.status_code', 'outcome'],
    values: { outcome: REQUEST_OUTCOMES },
  },
  {
    name: 'http.server.active_requests',
    kind: 'gauge',
    unit: '{request}',
    description: 'Requests accepted and not yet ended: queued, receiving their body or in flight at a worker.',
    source: 'front',
    attributes: ['pool'],
  },
  {
    name: 'poolchaos.queue.depth',
    kind: 'gauge',
    unit: '{request}',
    description: 'Requests waiting in the pool queue for a worker.',
    source: 'front',
    attributes: ['pool'],
  },
  {
    name: 'poolchaos.queue.limit',
    kind: 'gauge',
    unit: '{request}',
    description: 'The pool queue length (queueLength): one more request is rejected with 503 QueueFull.',
    source: 'front',
    attributes: ['pool'],
  },
  {
    name: 'poolchaos.queue.wait.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time a request waited from acceptance to its first dispatch to a worker.',
    source: 'front',
    attributes: ['pool'],
  },
  {
    name: 'poolchaos.requests.rejected',
    kind: 'counter',
    unit: '{request}',
    description: 'Requests refused at the door with a 503 (or a reset under TcpLevel), by HTTP.sys reason.',
    source: 'front',
    attributes: ['pool', 'reason'],
    values: { reason: REJECT_REASONS },
  },
  {
    name: 'poolchaos.requests.lost',
    kind: 'counter',
    unit: '{request}',
    description: 'Accepted requests that ended without a complete response, by reason.',
    source: 'front',
    attributes: ['pool', 'reason'],
    values: { reason: LOST_REASONS },
  },
  {
    name: 'poolchaos.requests.retried',
    kind: 'counter',
    unit: '{request}',
    description: 'Replays of idempotent requests whose worker died before a response byte.',
    source: 'front',
    attributes: ['pool'],
  },
  {
    name: 'poolchaos.workers',
    kind: 'gauge',
    unit: '{worker}',
    description: 'Worker processes of the pool by state.',
    source: 'supervisor',
    attributes: ['pool', 'state'],
    values: { state: WORKER_STATES },
  },
  {
    name: 'poolchaos.pool.state',
    kind: 'gauge',
    unit: '1',
    description: 'Pool state: 1 on the series of the current state (Started, or Stopped with its stop_reason).',
    source: 'supervisor',
    attributes: ['pool', 'state', 'stop_reason'],
  },
  {
    name: 'poolchaos.worker.restarts',
    kind: 'counter',
    unit: '{restart}',
    description: 'Workers replaced, by reason: recycles (IIS names), failures and manual stops.',
    source: 'supervisor',
    attributes: ['pool', 'reason'],
    values: { reason: RESTART_REASONS },
  },
  {
    name: 'poolchaos.rapid_fail.trips',
    kind: 'counter',
    unit: '{trip}',
    description: 'Times rapid-fail protection stopped the pool.',
    source: 'supervisor',
    attributes: ['pool'],
  },
  {
    name: 'poolchaos.health.ping.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time from a health ping to its pong.',
    source: 'supervisor',
    attributes: ['pool'],
  },
  {
    name: 'poolchaos.health.ping.failures',
    kind: 'counter',
    unit: '{failure}',
    description: 'Workers found unresponsive: no pong within pingResponseTime, or no progress within responseDeadlockInterval.',
    source: 'supervisor',
    attributes: ['pool', 'reason'],
    values: { reason: ['ping_timeout', 'deadlock'] },
  },
  {
    name: 'poolchaos.worker.memory.rss',
    kind: 'gauge',
    unit: 'By',
    description: 'Resident set size of a worker process.',
    source: 'worker',
    attributes: ['pool', 'worker_id'],
  },
  {
    name: 'poolchaos.worker.heap.used',
    kind: 'gauge',
    unit: 'By',
    description: 'V8 heap used by a worker process.',
    source: 'worker',
    attributes: ['pool', 'worker_id'],
  },
  {
    name: 'poolchaos.worker.event_loop.delay',
    kind: 'gauge',
    unit: 's',
    description: "99th percentile of a worker's event-loop delay since the previous collection.",
    source: 'worker',
    attributes: ['pool', 'worker_id'],
  },
  {
    name: 'poolchaos.worker.requests',
    kind: 'counter',
    unit: '{request}',
    description: 'Responses a worker finished since it started.',
    source: 'worker',
    attributes: ['pool', 'worker_id'],
  },
  {
    name: 'poolchaos.worker.start_time',
    kind: 'gauge',
    unit: 's',
    description: 'When a worker process started, in seconds since the Unix epoch.',
    source: 'worker',
    attributes: ['pool', 'worker_id'],
  },
  {
    name: 'poolchaos.worker.info',
    kind: 'gauge',
    unit: '1',
    description: "Always 1; carries a worker's pid.",
    source: 'worker',
    attributes: ['pool', 'worker_id', 'pid'],
  },
  {
    name: 'poolchaos.worker.collect.timeouts',
    kind: 'counter',
    unit: '{collection}',
    description:
      'Worker answers missed at metrics collections: a worker that did not answer in time (its series were left out of that collection).',
    source: 'worker',
    attributes: ['pool'],
  },
  {
    name: 'poolchaos.chaos.injections',
    kind: 'counter',
    unit: '{fault}',
    description: 'Faults injected through the chaos endpoint, by kind.',
    source: 'chaos',
    attributes: ['pool', 'kind'],
    values: { kind: FAULT_KINDS },
  },
  {
    name: 'poolchaos.chaos.active',
    kind: 'gauge',
    unit: '{fault}',
    description: 'Faults with a duration that are in progress, by kind.',
    source: 'chaos',
    attributes: ['pool', 'kind'],
    values: { kind: FAULT_KINDS },
  },
] as const satisfies readonly MetricDefinition[];

export type MetricName = (typeof METRICS)[number]['name'];

/** The Prometheus base name the OpenTelemetry JS exporter gives a metric (without _bucket/_sum/_count). */
export function prometheusName(metric: Pick<MetricDefinition, 'name' | 'kind'>): string {
  const base = metric.name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_+/g, '_');
  return metric.kind === 'counter' ? `${base}_total` : base;
}

/** The definition of `name`; throws on a name not in the catalogue (a programming error). */
export function metricDefinition(name: MetricName): MetricDefinition {
  const metric = METRICS.find((candidate) => candidate.name === name);
  if (metric === undefined) throw new Error(`no metric named ${name}`);
  return metric;
}
