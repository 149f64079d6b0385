/** The run's latency summary and the supervisor's figures: restarts, recycles and replacement times. */
import type { Journal } from '../../chaos/index.ts';
import { formatFigure } from '../format-figures.ts';
import { renderTable, textCell } from './html-table.ts';

function countsList(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).filter(([, count]) => count !== 0);
  return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${name} ${formatFigure(count)}`).join(', ');
}

/** Renders the latency and supervisor figures as one two-column table. */
export function renderRunFiguresTable(journal: Journal): string {
  const latency = journal.latency;
  const replacementMs = journal.recovery.replacementReadyMs;
  const figures: [string, string][] = [
    ['latency p50 / p90 / p99 (ms)', [latency.p50Ms, latency.p90Ms, latency.p99Ms].map(formatFigure).join(' / ')],
    ['latency max / mean (ms)', `${formatFigure(latency.maxMs)} / ${formatFigure(latency.meanMs)}`],
    ['latencies recorded', formatFigure(latency.count)],
    ['restarts', countsList(journal.restarts)],
    ['recycles', countsList(journal.recycles)],
    ['replacement ready after fault (ms)', replacementMs.length === 0 ? 'none' : replacementMs.map(formatFigure).join(', ')],
  ];
  const rows = figures.map(([label, value]) => ({ cells: [textCell(label), textCell(value)] }));
  return renderTable('run-figures', ['figure', 'value'], rows);
}
