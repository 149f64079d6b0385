/**
 * One chart as a <figure>: a caption with its series legend, and an inline SVG holding, bottom to top,
 * the phase shading, the grid, the series, the fault bands, the axes, one transparent hover column per
 * timeline second (its `data-tip` is the second's values), the fault labels and the event ticks.
 * The SVG carries `id="chart-<name>"` and `data-chart="<name>"` so that tests can find it.
 */
import { escapeMarkupAttribute, escapeMarkupText } from '../escape-markup.ts';
import { formatFigure } from '../format-figures.ts';
import { CHART_HEIGHT_PX, CHART_WIDTH_PX, PLOT, TIME_LABEL_Y_PX, px, type TimeAxis, type ValueScale } from './chart-geometry.ts';
import type { ChartOverlays } from './chart-overlays.ts';

/** A series' CSS class (e.g. `series-served`) and its legend label. */
export interface SeriesKey {
  readonly className: string;
  readonly label: string;
}

/** What a chart shows; `name` is kebab-case and unique in the page. */
export interface ChartSpec {
  readonly name: string;
  readonly title: string;
  readonly scale: ValueScale;
  readonly seriesSvg: string;
  readonly keys: readonly SeriesKey[];
  /** Hover text per timeline second. */
  readonly columnTips: readonly { readonly second: number; readonly tip: string }[];
}

function renderGrid(scale: ValueScale, axis: TimeAxis): string {
  const rows = scale.ticks.map((tick) => {
    const yPx = px(scale.y(tick));
    return (
      `<line class="grid-line" x1="${PLOT.leftPx}" x2="${PLOT.rightPx}" y1="${yPx}" y2="${yPx}"/>` +
      `<text class="axis-label" x="${PLOT.leftPx - 6}" y="${yPx}" text-anchor="end" dominant-baseline="middle">${formatFigure(tick)}</text>`
    );
  });
  const columns: string[] = [];
  for (let tickS = 0; tickS <= axis.durationS + 1e-9; tickS += axis.tickStepS) {
    const xPx = px(axis.x(tickS));
    columns.push(
      `<line class="grid-line grid-time" x1="${xPx}" x2="${xPx}" y1="${PLOT.topPx}" y2="${PLOT.bottomPx}"/>` +
        `<text class="axis-label" x="${xPx}" y="${TIME_LABEL_Y_PX}" text-anchor="middle">${tickS} s</text>`,
    );
  }
  return `<g class="grid">${rows.join('')}${columns.join('')}</g>`;
}

function renderAxes(): string {
  return (
    `<g class="axes"><line class="axis-line" x1="${PLOT.leftPx}" x2="${PLOT.rightPx}" y1="${PLOT.bottomPx}" y2="${PLOT.bottomPx}"/>` +
    `<line class="axis-line" x1="${PLOT.leftPx}" x2="${PLOT.leftPx}" y1="${PLOT.topPx}" y2="${PLOT.bottomPx}"/></g>`
  );
}

function renderHoverColumns(spec: ChartSpec, axis: TimeAxis): string {
  const columns = spec.columnTips
    .filter(({ second }) => Number.isFinite(second) && second >= 0 && second < axis.durationS)
    .map(({ second, tip }) => {
      const fromPx = axis.x(second);
      const widthPx = axis.x(second + 1) - fromPx;
      return (
        `<rect class="hover-column" x="${px(fromPx)}" y="${PLOT.topPx}" width="${px(widthPx)}"` +
        ` height="${PLOT.bottomPx - PLOT.topPx}" data-tip="${escapeMarkupAttribute(tip)}"/>`
      );
    });
  return `<g class="hover-columns">${columns.join('')}</g>`;
}

function renderKeys(keys: readonly SeriesKey[]): string {
  const items = keys.map(
    (key) => `<span class="legend-item"><span class="swatch ${key.className}"></span>${escapeMarkupText(key.label)}</span>`,
  );
  return `<span class="legend">${items.join('')}</span>`;
}

/** Renders one chart on the shared time axis with the run's overlays. */
export function renderChart(spec: ChartSpec, axis: TimeAxis, overlays: ChartOverlays): string {
  const id = `chart-${spec.name}`;
  const svg = [
    `<svg id="${id}" data-chart="${spec.name}" class="chart" width="${CHART_WIDTH_PX}" height="${CHART_HEIGHT_PX}"`,
    ` viewBox="0 0 ${CHART_WIDTH_PX} ${CHART_HEIGHT_PX}" role="img" aria-labelledby="${id}-title">`,
    overlays.phases,
    renderGrid(spec.scale, axis),
    `<g class="series">${spec.seriesSvg}</g>`,
    overlays.faultBands,
    renderAxes(),
    renderHoverColumns(spec, axis),
    overlays.marks,
    '</svg>',
  ].join('');
  const title = `<span class="chart-title" id="${id}-title">${escapeMarkupText(spec.title)}</span>`;
  const caption = `<figcaption>${title}${renderKeys(spec.keys)}</figcaption>`;
  return `<figure class="chart-figure">${caption}${svg}</figure>`;
}
