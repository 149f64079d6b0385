/**
 * The offline HTML index of a suite run: the suite verdict, then one row per scenario linking to its
 * own report. Links are written as given (relative paths such as `crash/report.html`), escaped.
 */
import type { Journal } from '../chaos/index.ts';
import { escapeMarkupAttribute, escapeMarkupText } from './escape-markup.ts';
import { formatSeconds } from './format-figures.ts';
import { renderHtmlDocument } from './html/html-document.ts';
import { renderTable, textCell, type TableRow } from './html/html-table.ts';
import { renderStatusBadge } from './html/report-header.ts';
import { judgeSuite, tallyExpectations } from './run-verdict.ts';

/** One scenario of the suite: its journal and the href of its HTML report, relative to the index. */
export interface IndexPageEntry {
  readonly journal: Journal;
  readonly reportHref: string;
}

function scenarioRow({ journal, reportHref }: IndexPageEntry): TableRow {
  const { passedCount, totalCount } = tallyExpectations(journal);
  const link = `<a href="${escapeMarkupAttribute(reportHref)}">${escapeMarkupText(journal.scenario.name)}</a>`;
  return {
    className: `scenario-${journal.status}`,
    cells: [
      renderStatusBadge(journal.status),
      link,
      textCell(`${passedCount}/${totalCount}`),
      textCell(String(journal.requests.sent)),
      textCell(String(journal.requests.lost)),
      textCell(formatSeconds(journal.endedAtMs - journal.startedAtMs)),
      textCell(String(journal.scenario.seed)),
    ],
  };
}

/** Renders the suite index page (a complete HTML document), scenarios in the order given. */
export function renderIndexPage(entries: readonly IndexPageEntry[]): string {
  const verdict = judgeSuite(entries.map((entry) => entry.journal));
  const headers = ['status', 'scenario', 'expectations passed', 'sent', 'lost', 'duration', 'seed'];
  const table =
    entries.length === 0
      ? '<p class="note">No scenarios ran.</p>'
      : renderTable('scenarios', headers, entries.map(scenarioRow), [2, 3, 4, 5, 6]);
  const body = [
    '<main>',
    '<header><h1>poolchaos suite</h1>',
    `<p class="verdict" id="suite-verdict">${renderStatusBadge(verdict.status)} ${escapeMarkupText(verdict.text)}</p></header>`,
    table,
    '</main>',
  ].join('\n');
  return renderHtmlDocument({ title: `poolchaos suite: ${verdict.text}`, bodyHtml: body, scripts: [], extraCss: '' });
}
