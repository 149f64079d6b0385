/**
 * Template variables. Every dashboard has `datasource` (any Prometheus) and `pool`; the workers
 * dashboard adds `worker_id`. Both start at "All", which is the regex `.*` rather than the list of
 * known values, so workers started after the variable last refreshed still show.
 */
import { DatasourceVariableBuilder, QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceRef } from './panels.ts';

/**
 * The Prometheus datasource variable the panels reference as `${datasource}`. It defaults to uid
 * `prometheus`, the datasource deploy/grafana provisions; any other Prometheus can be picked.
 */
export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ selected: true, text: 'Prometheus', value: 'prometheus' });
}

/** The pools, from the queue limit gauge (one series per configured pool, present from start). */
export function poolVariable(): QueryVariableBuilder {
  return labelValuesVariable('pool', 'Pool', 'label_values(poolchaos_queue_limit, pool)');
}

/** The workers of the chosen pools, from the worker info gauge. */
export function workerIdVariable(): QueryVariableBuilder {
  return labelValuesVariable('worker_id', 'Worker', 'label_values(poolchaos_worker_info{pool=~"$pool"}, worker_id)');
}

function labelValuesVariable(name: string, label: string, query: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(datasourceRef())
    .query({ query, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.NaturalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: ['All'], value: ['$__all'] });
}
