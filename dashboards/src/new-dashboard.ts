/** The settings the four dashboards share: tags, time range, refresh, links to each other, variables. */
import { DashboardBuilder, DashboardCursorSync, DashboardLinkBuilder, DashboardLinkType } from '@grafana/grafana-foundation-sdk/dashboard';
import type { QueryVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable, poolVariable } from './variables.ts';

/** The tag every poolchaos dashboard carries; the dashboard links list dashboards by it. */
export const DASHBOARD_TAG = 'poolchaos';

/** What sets one dashboard apart from the others. */
export interface DashboardSpec {
  /** Stable uid, `poolchaos-<file name>`. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Variables after `datasource` and `pool`. */
  readonly extraVariables?: readonly QueryVariableBuilder[];
}

/** A dashboard with the shared settings and the `datasource` and `pool` variables. */
export function newDashboard(spec: DashboardSpec): DashboardBuilder {
  const dashboard = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([DASHBOARD_TAG])
    // Generated from dashboards/src: a change made in the UI would be lost at the next provisioning.
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .timezone('browser')
    .time({ from: 'now-30m', to: 'now' })
    .refresh('10s')
    .link(
      new DashboardLinkBuilder('poolchaos')
        .type(DashboardLinkType.Dashboards)
        .tags([DASHBOARD_TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    )
    .withVariable(datasourceVariable())
    .withVariable(poolVariable());
  for (const variable of spec.extraVariables ?? []) dashboard.withVariable(variable);
  return dashboard;
}
