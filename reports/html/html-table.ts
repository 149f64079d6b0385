/**
 * A plain HTML table. Header labels are escaped here; cells arrive as HTML already escaped by the
 * table that builds them, so a cell can hold a badge or a code element.
 */
import { escapeMarkupAttribute, escapeMarkupText } from '../escape-markup.ts';

/** One row: cells as escaped HTML, and an optional class for the <tr>. */
export interface TableRow {
  readonly cells: readonly string[];
  readonly className?: string;
}

/** Renders a table with an id, header labels (plain text) and rows; numeric columns are right-aligned. */
export function renderTable(
  id: string,
  headers: readonly string[],
  rows: readonly TableRow[],
  numericColumns: readonly number[] = [],
): string {
  const cellClass = (column: number): string => (numericColumns.includes(column) ? ' class="num"' : '');
  const head = headers.map((header, column) => `<th${cellClass(column)}>${escapeMarkupText(header)}</th>`).join('');
  const body = rows
    .map((row) => {
      const rowClass = row.className === undefined ? '' : ` class="${escapeMarkupAttribute(row.className)}"`;
      const cells = row.cells.map((cell, column) => `<td${cellClass(column)}>${cell}</td>`).join('');
      return `<tr${rowClass}>${cells}</tr>`;
    })
    .join('\n');
  return `<table id="${escapeMarkupAttribute(id)}"><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** Escapes plain text for a cell. */
export function textCell(text: string): string {
  return escapeMarkupText(text);
}

/** Text in a <code> element for a cell. */
export function codeCell(text: string): string {
  return `<code>${escapeMarkupText(text)}</code>`;
}
