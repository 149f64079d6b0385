/**
 * The pieces every dashboard is made of: the datasource reference, a Prometheus target, panel
 * factories that always set an id, a unit, the datasource and a visible legend, and the grid layout.
 *
 * Layout invariant: panels are placed by `placeSections` only, section by section from the top, left
 * to right, wrapping at 24 columns, so no two panels overlap and every gridPos is explicit in the JSON.
 * Rows stay expanded with no nested panels: Grafana drops the panels of an expanded row.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  BigValueColorMode,
  BigValueGraphMode,
  GraphDrawStyle,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardBuilder, GridPos, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, QueryEditorMode } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The datasource every panel, target, annotation and variable uses: the `datasource` template variable. */
export function datasourceRef(): DataSourceRef {
  return { type: 'prometheus', uid: '${datasource}' };
}

/** Width of the Grafana grid in columns. */
export const GRID_COLUMNS = 24;

/** A Prometheus range query with an explicit refId and legend. */
export function promTarget(refId: string, expr: string, legendFormat: string): DataqueryBuilder {
  return new DataqueryBuilder()
    .datasource(datasourceRef())
    .editorMode(QueryEditorMode.Code)
    .range()
    .refId(refId)
    .expr(expr)
    .legendFormat(legendFormat);
}

/** A legend shown as a list under the chart (the SDK hides legends by default). */
export function listLegend(): VizLegendOptionsBuilder {
  return new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom);
}

/** A tooltip listing every series, largest first. */
export function multiTooltip(): VizTooltipOptionsBuilder {
  return new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending);
}

/** What a time series panel shows; `isStacked` stacks the series, `isBars` draws bars (counts per step). */
export interface TimeseriesSpec {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  /** Grafana unit id (`reqps`, `s`, `bytes`, `percentunit`, `short`, ...). */
  readonly unit: string;
  readonly targets: readonly DataqueryBuilder[];
  readonly isStacked?: boolean;
  readonly isBars?: boolean;
}

/** A time series panel; y axis from 0 unless the values can be negative (none of ours can). */
export function timeseriesPanel(spec: TimeseriesSpec): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(datasourceRef())
    .unit(spec.unit)
    .min(0)
    .legend(listLegend())
    .tooltip(multiTooltip())
    .fillOpacity(spec.isStacked === true || spec.isBars === true ? 60 : 10);
  if (spec.isStacked === true) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (spec.isBars === true) panel.drawStyle(GraphDrawStyle.Bars);
  for (const target of spec.targets) panel.withTarget(target);
  return panel;
}

/** What a stat panel shows: one target reduced to its last value. */
export interface StatSpec {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly target: DataqueryBuilder;
}

/** A single-value panel showing the last value, with a sparkline. */
export function statPanel(spec: StatSpec): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(datasourceRef())
    .unit(spec.unit)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .colorMode(BigValueColorMode.None)
    .graphMode(BigValueGraphMode.Area)
    .withTarget(spec.target);
}

/** A panel builder that can be placed on the grid. */
export type PlaceablePanel = cog.Builder<Panel> & { gridPos(gridPos: GridPos): unknown };

/** A panel and its width in a section. */
export interface SectionPanel {
  /** Columns, 1..24. */
  readonly width: number;
  readonly panel: PlaceablePanel;
}

/** A titled row and the panels under it, all of one height (grid units). */
export interface Section {
  readonly rowId: number;
  readonly title: string;
  readonly height: number;
  readonly panels: readonly SectionPanel[];
}

/** Adds each section as an expanded row followed by its panels, with explicit grid positions. */
export function placeSections(dashboard: DashboardBuilder, sections: readonly Section[]): DashboardBuilder {
  let y = 0;
  for (const section of sections) {
    dashboard.withRow(new RowBuilder(section.title).id(section.rowId).collapsed(false).gridPos({ x: 0, y, w: GRID_COLUMNS, h: 1 }));
    y += 1;
    let x = 0;
    for (const { width, panel } of section.panels) {
      if (x + width > GRID_COLUMNS) {
        x = 0;
        y += section.height;
      }
      panel.gridPos({ x, y, w: width, h: section.height });
      dashboard.withPanel(panel);
      x += width;
    }
    y += section.height;
  }
  return dashboard;
}
