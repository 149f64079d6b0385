/** The faults of a run as a table: when each was due, injected and ended, its target, effect and params. */
import type { FaultRecord, Journal } from '../../chaos/index.ts';
import { describeValue, formatOffsetSeconds } from '../format-figures.ts';
import { codeCell, renderTable, textCell } from './html-table.ts';

function faultCells(fault: FaultRecord, startedAtMs: number): string[] {
  const ended =
    fault.injectedAtMs !== null && fault.endedAtMs === null ? 'instantaneous' : formatOffsetSeconds(fault.endedAtMs, startedAtMs);
  const affected = fault.affected.map((worker) => `${worker.workerId} (pid ${worker.pid})`).join(', ');
  return [
    textCell(String(fault.index)),
    textCell(fault.kind),
    textCell(formatOffsetSeconds(fault.atMs, 0)),
    textCell(formatOffsetSeconds(fault.injectedAtMs, startedAtMs)),
    textCell(ended),
    textCell(`${fault.target.pool}/${fault.target.worker} ×${fault.target.count}`),
    textCell(affected === '' ? '—' : affected),
    Object.keys(fault.params).length === 0 ? '' : codeCell(describeValue(fault.params)),
    fault.error === null
      ? '<span class="badge badge-passed">injected</span>'
      : `<span class="badge badge-failed">not injected</span> ${textCell(fault.error)}`,
  ];
}

/** Renders the faults table, or a note when no fault was planned. */
export function renderFaultsTable(journal: Journal): string {
  if (journal.faults.length === 0) {
    return '<p class="note">No faults were planned.</p>';
  }
  const rows = journal.faults.map((fault) => ({
    cells: faultCells(fault, journal.startedAtMs),
    ...(fault.error === null ? {} : { className: 'fault-failed' }),
  }));
  const headers = ['#', 'kind', 'due at', 'injected at', 'ended at', 'target', 'affected workers', 'params', 'result'];
  return renderTable('faults', headers, rows, [0, 2, 3, 4]);
}
