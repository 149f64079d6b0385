/**
 * The dashboards and the committed files they become. Each call builds fresh objects, so callers
 * may change what they get.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { chaosResilienceDashboard } from './chaos-resilience.ts';
import { frontRuntimeDashboard } from './front-runtime.ts';
import { poolOverviewDashboard } from './pool-overview.ts';
import { stableJson } from './stable-json.ts';
import { workersDashboard } from './workers.ts';

export interface BuiltDashboard {
  /** File name under dashboards/, e.g. `pool-overview.json`. */
  readonly file: string;
  readonly dashboard: Dashboard;
}

export interface RenderedDashboard {
  readonly file: string;
  /** The file's exact content. */
  readonly text: string;
}

/** Every dashboard, in a fixed order. */
export function buildDashboards(): BuiltDashboard[] {
  return [
    { file: 'pool-overview.json', dashboard: poolOverviewDashboard() },
    { file: 'workers.json', dashboard: workersDashboard() },
    { file: 'chaos-resilience.json', dashboard: chaosResilienceDashboard() },
    { file: 'front-runtime.json', dashboard: frontRuntimeDashboard() },
  ];
}

/** Every dashboard as the text of its committed file. */
export function renderDashboards(): RenderedDashboard[] {
  return buildDashboards().map(({ file, dashboard }) => ({ file, text: stableJson(dashboard) }));
}
