/** Grafana dashboards as code: the builders, the committed files' text, their queries and checks. */
export { buildDashboards, renderDashboards } from './build-dashboards.ts';
export type { BuiltDashboard, RenderedDashboard } from './build-dashboards.ts';
export { dashboardQueries, fillTemplateVariables, variableQueryAsPromql } from './queries.ts';
export type { DashboardQuery, QueryKind, TemplateValues } from './queries.ts';
export { lintDashboard, SCHEMA_VERSION, DATASOURCE_UID } from './lint-dashboard.ts';
export { metricNamesIn, rateCallsWithoutRateInterval } from './promql-inspection.ts';
export { stableJson } from './stable-json.ts';
