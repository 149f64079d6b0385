/** The expectations of a run as a table: verdict badge, expression, actual figure, and why it failed. */
import type { Journal } from '../../chaos/index.ts';
import { formatFigure } from '../format-figures.ts';
import { expectationNote } from '../run-notes.ts';
import { codeCell, renderTable, textCell } from './html-table.ts';

/** Renders the expectations table, or a note when the run has none. */
export function renderExpectationsTable(journal: Journal): string {
  if (journal.expectations.length === 0) {
    return '<p class="note">This run has no expectations.</p>';
  }
  const rows = journal.expectations.map((expectation) => ({
    className: expectation.passed ? 'expectation-passed' : 'expectation-failed',
    cells: [
      expectation.passed ? '<span class="badge badge-passed">pass</span>' : '<span class="badge badge-failed">fail</span>',
      codeCell(expectation.expr),
      textCell(formatFigure(expectation.actual)),
      textCell(expectationNote(expectation)),
    ],
  }));
  return renderTable('expectations', ['', 'expectation', 'actual', 'note'], rows, [2]);
}
