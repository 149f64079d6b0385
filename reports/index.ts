/** The reports: pure renderers from run journals to JUnit XML, Markdown and HTML, and the writers that save them. */
export { renderJunit, RUN_ERROR_TESTCASE_NAME } from './junit-report.ts';
export { renderSummaryMarkdown } from './summary-markdown.ts';
export { renderHtmlReport } from './html-report.ts';
export { renderIndexPage } from './index-page.ts';
export type { IndexPageEntry } from './index-page.ts';
export { CHART_NAMES } from './html/chart-series.ts';
export { EVENT_ROW_LIMIT } from './html/events-table.ts';
export { REPORT_FILES, writeScenarioReports, writeSuiteReports } from './write-reports.ts';
