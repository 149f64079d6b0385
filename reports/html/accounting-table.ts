/**
 * The request accounting as a table, client and front side by side with the front's pools after it,
 * rows the journal flags as disagreements highlighted; then the disagreements with their notes.
 */
import type { Journal } from '../../chaos/index.ts';
import { accountingPools, accountingRows } from '../accounting-rows.ts';
import { formatFigure } from '../format-figures.ts';
import { escapeMarkupText } from '../escape-markup.ts';
import { describeDrain } from '../run-notes.ts';
import { renderTable, textCell } from './html-table.ts';

function renderDisagreements(journal: Journal): string {
  if (journal.disagreements.length === 0) {
    return '<p class="note">Client and front agree on every figure.</p>';
  }
  const rows = journal.disagreements.map((disagreement) => ({
    className: 'disagreement',
    cells: [
      textCell(disagreement.figure),
      textCell(formatFigure(disagreement.client)),
      textCell(formatFigure(disagreement.front)),
      textCell(disagreement.note),
    ],
  }));
  return `<h3>Client and front disagree</h3>${renderTable('disagreements', ['figure', 'client', 'front', 'likely why'], rows, [1, 2])}`;
}

/** Renders the accounting table and the disagreements. */
export function renderAccountingTable(journal: Journal): string {
  const pools = accountingPools(journal);
  const rows = accountingRows(journal).map((row) => {
    const classes = [row.isDetail ? 'detail' : '', row.isDisagreement ? 'disagreement' : ''].filter((name) => name !== '');
    const cells = [
      textCell(row.label) + (row.isDisagreement ? ' <span class="badge badge-failed">disagree</span>' : ''),
      textCell(formatFigure(row.client)),
      textCell(formatFigure(row.front)),
      ...row.pools.map((value) => textCell(formatFigure(value))),
    ];
    return classes.length === 0 ? { cells } : { cells, className: classes.join(' ') };
  });
  const headers = ['figure', 'client', 'front', ...pools.map((pool) => `front: ${pool}`)];
  const numeric = headers.map((_, column) => column).filter((column) => column > 0);
  const note = journal.front === null ? '<p class="note">The front\'s counts are missing from this journal.</p>' : '';
  const drain = describeDrain(journal);
  const drainNote = drain === null ? '' : `<p class="note">${escapeMarkupText(drain)}</p>`;
  return `${renderTable('accounting', headers, rows, numeric)}${note}${drainNote}${renderDisagreements(journal)}`;
}
