/**
 * The timeline section's markup: the overlay legend, one <figure> per chart in page order (see
 * chart-series.ts), and the `#chart-data` block the chart script draws from (see chart-script.ts).
 * An available chart gets an empty `<div id="chart-<name>" data-chart="<name>">` for uPlot to fill;
 * a chart with no value at all (say, no queue depth samples) says it is not available instead of
 * drawing zeros.
 */
import type { Journal } from '../../chaos/index.ts';
import { escapeMarkupText } from '../escape-markup.ts';
import { buildChartsModel } from './chart-model.ts';
import { CHART_DEFINITIONS, type ChartSeriesSet } from './chart-series.ts';
import { renderJsonScriptBlock } from './json-script-block.ts';
import { renderOverlayLegend } from './overlay-legend.ts';

/** The id of the JSON block the chart script reads (it looks the block up by this id). */
const CHART_DATA_ID = 'chart-data';

function renderFigure(definition: (typeof CHART_DEFINITIONS)[number], chart: ChartSeriesSet | undefined): string {
  const id = `chart-${definition.name}`;
  const caption = `<figcaption class="chart-title" id="${id}-title">${escapeMarkupText(definition.title)}</figcaption>`;
  const attributes = `id="${id}" data-chart="${definition.name}"`;
  const body =
    chart?.isAvailable === true
      ? `<div class="chart-plot" ${attributes} aria-labelledby="${id}-title"></div>`
      : `<p class="note chart-unavailable" ${attributes}>Not available: ${escapeMarkupText(definition.lacking)} in this journal.</p>`;
  return `<figure class="chart-figure">${caption}${body}</figure>`;
}

/** Renders the overlay legend, the four chart figures and the charts' data block. */
export function renderCharts(journal: Journal): string {
  const model = buildChartsModel(journal);
  const figures = CHART_DEFINITIONS.map((definition, index) => renderFigure(definition, model.charts[index]));
  return [renderOverlayLegend(model), ...figures, renderJsonScriptBlock(CHART_DATA_ID, model)].join('\n');
}
