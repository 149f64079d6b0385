/**
 * One run's report as a single self-contained HTML file that works offline: inline CSS, the tables,
 * and the timeline charts drawn in the browser by uPlot (inlined from its npm package) from a JSON
 * data block, by one small inline script of our own. Every string from the journal is escaped where
 * it is written: as HTML text in the markup, as script-safe JSON in the data block.
 */
import type { Journal } from '../chaos/index.ts';
import { renderAccountingTable } from './html/accounting-table.ts';
import { CHART_SCRIPT } from './html/chart-script.ts';
import { renderCharts } from './html/charts.ts';
import { eventStyles } from './html/event-marks.ts';
import { renderEventsTable } from './html/events-table.ts';
import { renderExpectationsTable } from './html/expectations-table.ts';
import { renderFaultsTable } from './html/faults-table.ts';
import { renderHtmlDocument } from './html/html-document.ts';
import { renderReportHeader } from './html/report-header.ts';
import { renderRunFiguresTable } from './html/run-figures-table.ts';
import { uplotAssets } from './html/uplot-assets.ts';

function section(id: string, title: string, contentHtml: string): string {
  return `<section id="${id}"><h2>${title}</h2>\n${contentHtml}\n</section>`;
}

/** Renders a run's HTML report (a complete document, UTF-8). */
export function renderHtmlReport(journal: Journal): string {
  const uplot = uplotAssets();
  const body = [
    '<main>',
    renderReportHeader(journal),
    section('expectations-section', 'Expectations', renderExpectationsTable(journal)),
    section('accounting-section', 'Requests', renderAccountingTable(journal)),
    section('timeline-section', 'Timeline (seconds since load start)', renderCharts(journal)),
    section('figures-section', 'Latency and supervisor', renderRunFiguresTable(journal)),
    section('faults-section', 'Faults', renderFaultsTable(journal)),
    section('events-section', 'Events', renderEventsTable(journal)),
    '</main>',
    '<div id="tooltip" role="tooltip" hidden></div>',
  ].join('\n');
  return renderHtmlDocument({
    title: `poolchaos: ${journal.scenario.name} (${journal.status})`,
    bodyHtml: body,
    scripts: [uplot.script, CHART_SCRIPT],
    extraCss: `${uplot.css}\n${eventStyles(journal.events.map((event) => event.type))}`,
  });
}
