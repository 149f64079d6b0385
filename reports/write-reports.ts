/**
 * Writes a run's report files. One scenario's folder holds `journal.json`, `junit.xml`, `summary.md`
 * and `report.html`; a suite's folder adds `index.html`, `summary.md` and `junit.xml` over every
 * scenario. Files are rendered from the journals alone, so `poolchaos report` writes the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Journal } from '../chaos/index.ts';
import { renderHtmlReport } from './html-report.ts';
import { renderIndexPage } from './index-page.ts';
import { renderJunit } from './junit-report.ts';
import { renderSummaryMarkdown } from './summary-markdown.ts';

/** The file names inside a scenario's report folder. */
export const REPORT_FILES = {
  journal: 'journal.json',
  junit: 'junit.xml',
  summary: 'summary.md',
  html: 'report.html',
  index: 'index.html',
} as const;

/** Writes one scenario's reports into `dir` (created if needed). */
export function writeScenarioReports(dir: string, journal: Journal, options: { writeJournal: boolean }): void {
  mkdirSync(dir, { recursive: true });
  if (options.writeJournal) writeFileSync(join(dir, REPORT_FILES.journal), `${JSON.stringify(journal, null, 2)}\n`);
  writeFileSync(join(dir, REPORT_FILES.junit), renderJunit([journal]));
  writeFileSync(join(dir, REPORT_FILES.summary), renderSummaryMarkdown([journal]));
  writeFileSync(join(dir, REPORT_FILES.html), renderHtmlReport(journal));
}

/** Writes the suite-level files into `dir`; each journal's report is in `<dir>/<scenario name>/`. */
export function writeSuiteReports(dir: string, journals: readonly Journal[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, REPORT_FILES.junit), renderJunit(journals));
  writeFileSync(join(dir, REPORT_FILES.summary), renderSummaryMarkdown(journals));
  writeFileSync(
    join(dir, REPORT_FILES.index),
    renderIndexPage(
      journals.map((journal) => ({ journal, reportHref: `${encodeURIComponent(journal.scenario.name)}/${REPORT_FILES.html}` })),
    ),
  );
}
