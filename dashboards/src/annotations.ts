/**
 * Events drawn on the time axis, from Prometheus. Grafana runs an annotation expr as a range query
 * and turns every returned point into an annotation, so each expr returns points only around an
 * event: `changes(counter[1m]) > 0` marks the minute after it, and consecutive points one step apart
 * merge into one region. The step is explicit because Grafana splits regions when it picks a step
 * above 60 s.
 */
import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceRef } from './panels.ts';

/** Resolution of the event annotations (the region granularity). */
const EVENT_STEP = '10s';

/** Faults injected through the chaos endpoint, by pool and kind. */
export function chaosInjectionsAnnotation(): AnnotationQueryBuilder {
  return eventAnnotation('Chaos injections', 'purple')
    .expr('sum by (pool, kind) (changes(poolchaos_chaos_injections_total{pool=~"$pool"}[1m])) > 0')
    .titleFormat('chaos {{kind}}')
    .textFormat('fault {{kind}} injected in pool {{pool}}')
    .tagKeys('pool,kind');
}

/** Faults with a duration while they are in progress, as regions. */
export function chaosActiveAnnotation(): AnnotationQueryBuilder {
  return eventAnnotation('Chaos active', 'light-purple')
    .expr('sum by (pool, kind) (poolchaos_chaos_active{pool=~"$pool"}) > 0')
    .titleFormat('{{kind}} active')
    .textFormat('fault {{kind}} in progress in pool {{pool}}')
    .tagKeys('pool,kind')
    .step('5s');
}

/** Worker replacements, by pool and reason (recycles, failures, manual stops). */
export function workerRestartsAnnotation(): AnnotationQueryBuilder {
  return eventAnnotation('Worker restarts', 'orange')
    .expr('sum by (pool, reason) (changes(poolchaos_worker_restarts_total{pool=~"$pool"}[1m])) > 0')
    .titleFormat('restart {{reason}}')
    .textFormat('worker restarted in pool {{pool}}: {{reason}}')
    .tagKeys('pool,reason');
}

/** Rapid-fail protection stopping a pool. */
export function rapidFailTripsAnnotation(): AnnotationQueryBuilder {
  return eventAnnotation('Rapid-fail trips', 'red')
    .expr('sum by (pool) (changes(poolchaos_rapid_fail_trips_total{pool=~"$pool"}[1m])) > 0')
    .titleFormat('rapid-fail trip')
    .textFormat('rapid-fail protection stopped pool {{pool}}')
    .tagKeys('pool');
}

function eventAnnotation(name: string, iconColor: string): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder().name(name).datasource(datasourceRef()).enable(true).iconColor(iconColor).step(EVENT_STEP);
}
