/**
 * Every query a dashboard runs, listed so a test can execute each against a real Prometheus, and
 * the substitution of Grafana's template variables that makes them executable.
 */
import { annotationsOf, isJsonObject, numberAt, objectsAt, panelsOf, stringAt, variableQueryOf, variablesOf } from './dashboard-json.ts';

/** Where a query comes from: a panel target, an annotation or a query variable. */
export type QueryKind = 'panel' | 'annotation' | 'variable';

/** One query of a dashboard, located by panel and refId. */
export interface DashboardQuery {
  /** The dashboard's uid. */
  readonly dashboard: string;
  /** The panel's id; null for annotations and variables. */
  readonly panelId: number | null;
  /** The panel's title, the annotation's name or the variable's name. */
  readonly panelTitle: string;
  /** The target's refId; the annotation's or variable's name for those. */
  readonly refId: string;
  /** PromQL, still holding template variables (see fillTemplateVariables). */
  readonly expr: string;
  readonly kind: QueryKind;
}

/**
 * Every PromQL expression of a dashboard: panel targets in panel order, then annotations, then query
 * variables. A variable's `label_values(<selector>, <label>)` is listed as the PromQL
 * `count by (<label>) (<selector>)`, which returns a series for each value the variable would offer.
 */
export function dashboardQueries(dashboardJson: unknown): DashboardQuery[] {
  if (!isJsonObject(dashboardJson)) return [];
  const dashboard = stringAt(dashboardJson, 'uid') ?? '';
  const queries: DashboardQuery[] = [];
  for (const panel of panelsOf(dashboardJson)) {
    const panelId = numberAt(panel, 'id') ?? null;
    const panelTitle = stringAt(panel, 'title') ?? '';
    for (const target of objectsAt(panel, 'targets')) {
      const expr = stringAt(target, 'expr');
      if (expr !== undefined) queries.push({ dashboard, panelId, panelTitle, refId: stringAt(target, 'refId') ?? '', expr, kind: 'panel' });
    }
  }
  for (const annotation of annotationsOf(dashboardJson)) {
    const expr = stringAt(annotation, 'expr');
    const name = stringAt(annotation, 'name') ?? '';
    if (expr !== undefined) queries.push({ dashboard, panelId: null, panelTitle: name, refId: name, expr, kind: 'annotation' });
  }
  for (const variable of variablesOf(dashboardJson)) {
    const query = stringAt(variable, 'type') === 'query' ? variableQueryOf(variable) : undefined;
    const name = stringAt(variable, 'name') ?? '';
    if (query !== undefined)
      queries.push({ dashboard, panelId: null, panelTitle: name, refId: name, expr: variableQueryAsPromql(query), kind: 'variable' });
  }
  return queries;
}

/** `label_values(sel, label)` as `count by (label) (sel)`; `label_values(label)` over every series; anything else unchanged. */
export function variableQueryAsPromql(query: string): string {
  const withSelector = /^\s*label_values\(\s*(.+)\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/.exec(query);
  if (withSelector !== null) return `count by (${withSelector[2] ?? ''}) (${withSelector[1] ?? ''})`;
  const labelOnly = /^\s*label_values\(\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/.exec(query);
  if (labelOnly !== null) return `count by (${labelOnly[1] ?? ''}) ({${labelOnly[1] ?? ''}!=""})`;
  return query;
}

/** Values for Grafana's macros and the dashboards' variables: durations like `5s`, regexes like `.*`. */
export interface TemplateValues {
  /** `$__rate_interval`. */
  readonly rateInterval: string;
  /** `$__interval`. */
  readonly interval: string;
  /** `$__range`. */
  readonly range: string;
  /** `$pool` / `${pool}`: a regex, matched with `=~`. */
  readonly pool: string;
  /** `$worker_id` / `${worker_id}`: a regex, matched with `=~`. */
  readonly worker_id: string;
}

/**
 * `expr` with `$name` and `${name}` replaced by their values. `$1`-style regex references are left
 * alone; any other unknown variable throws, since Prometheus would reject the query anyway.
 */
export function fillTemplateVariables(expr: string, values: TemplateValues): string {
  const byName: ReadonlyMap<string, string> = new Map([
    ['__rate_interval', values.rateInterval],
    ['__interval', values.interval],
    ['__range', values.range],
    ['pool', values.pool],
    ['worker_id', values.worker_id],
  ]);
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    if (/^[0-9]/.test(name)) return whole;
    const value = byName.get(name);
    if (value === undefined) throw new Error(`unknown template variable ${whole} in ${expr}`);
    return value;
  });
}
