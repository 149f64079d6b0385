/**
 * The figure table of docs/scenarios.md, generated from the registry so the docs cannot drift from the code; a
 * test checks that the page holds every figure the registry has.
 */
import type { FigureDefinition, FigureLabel } from './figure-definition.ts';
import { FIGURES } from './figures.ts';

/** The figure table as GitHub Markdown: one row per figure, in registry order, ending in a newline. */
export function renderFiguresTable(): string {
  const header = ['| figure | unit | labels | windows | what it counts |', '|---|---|---|---|---|'];
  return `${[...header, ...FIGURES.map(renderRow)].join('\n')}\n`;
}

function renderRow(figure: FigureDefinition): string {
  const windows = figure.hasWindows ? 'yes' : '';
  const cells = [`\`${figure.name}\``, figure.unit, renderLabels(figure), windows, figure.description];
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

function renderLabels(figure: FigureDefinition): string {
  const labels = figure.labels.map(renderLabel);
  if (figure.takesAnyLabel) labels.push('any event field');
  return labels.join(', ');
}

function renderLabel(label: FigureLabel): string {
  const name = label.isRequired ? `\`${label.name}\` (required)` : `\`${label.name}\``;
  if (label.accepts === null) return name;
  if ('pattern' in label.accepts) return `${name}: ${label.accepts.expected}`;
  return `${name}: ${label.accepts.join(', ')}`;
}

/** A pipe inside a cell would end it. */
function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
