/**
 * What every chart draws over its series on the shared time axis, as data for the page's script:
 * the steady-state windows, one band per fault (from injection to the end of its effect; instantaneous
 * when it has no end; at its due time, marked not injected, when it was not injected) and a mark per
 * supervisor event inside the run. Times are seconds since load start (`journal.startedAtMs`); each
 * band and mark carries the text the page shows when the pointer is over it.
 */
import type { FaultRecord, Journal, JournalEvent } from '../../chaos/index.ts';
import { formatOffsetSeconds } from '../format-figures.ts';
import { eventDetails } from './event-details.ts';
import { eventColor, isTickedEvent } from './event-marks.ts';

/** A steady-state window: before or after the faults. */
export interface PhaseBand {
  readonly phase: 'before' | 'after';
  readonly fromS: number;
  readonly toS: number;
  readonly text: string;
}

/** A fault's band; `toS` equals `fromS` for an instantaneous fault and for one that was not injected. */
export interface FaultBand {
  readonly fromS: number;
  readonly toS: number;
  readonly isInjected: boolean;
  readonly label: string;
  readonly text: string;
}

/** A supervisor event's mark: where, its colour, and its description. */
export interface EventMark {
  readonly atS: number;
  readonly type: string;
  readonly color: string;
  readonly text: string;
}

function isSpan(fromMs: number, toMs: number): boolean {
  return Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs;
}

/** The steady-state windows that have a length, before then after. */
export function buildPhaseBands(journal: Journal): PhaseBand[] {
  const { beforeFromMs, faultsFromMs, afterFromMs, endMs } = journal.phases;
  const bands: PhaseBand[] = [];
  if (isSpan(beforeFromMs, faultsFromMs)) {
    bands.push({ phase: 'before', fromS: beforeFromMs / 1000, toS: faultsFromMs / 1000, text: 'steady state before faults' });
  }
  if (isSpan(afterFromMs, endMs)) {
    bands.push({ phase: 'after', fromS: afterFromMs / 1000, toS: endMs / 1000, text: 'steady state after faults' });
  }
  return bands;
}

function faultSpanS(fault: FaultRecord, startedAtMs: number): { fromS: number; toS: number } {
  if (fault.injectedAtMs === null) {
    return { fromS: fault.atMs / 1000, toS: fault.atMs / 1000 };
  }
  const fromS = (fault.injectedAtMs - startedAtMs) / 1000;
  const toS = fault.endedAtMs === null ? fromS : (fault.endedAtMs - startedAtMs) / 1000;
  return { fromS, toS: Math.max(fromS, toS) };
}

function faultText(fault: FaultRecord, startedAtMs: number): string {
  const target = `${fault.target.pool}/${fault.target.worker} ×${fault.target.count}`;
  if (fault.injectedAtMs === null) {
    return `fault ${fault.index} ${fault.kind} on ${target}: not injected: ${fault.error ?? 'no error text'}`;
  }
  const ended = fault.endedAtMs === null ? 'instantaneous' : `until ${formatOffsetSeconds(fault.endedAtMs, startedAtMs)}`;
  return `fault ${fault.index} ${fault.kind} on ${target} at ${formatOffsetSeconds(fault.injectedAtMs, startedAtMs)}, ${ended}`;
}

/** One band per fault with finite times, in journal order. */
export function buildFaultBands(journal: Journal): FaultBand[] {
  return journal.faults.flatMap((fault) => {
    const { fromS, toS } = faultSpanS(fault, journal.startedAtMs);
    if (!Number.isFinite(fromS) || !Number.isFinite(toS)) return [];
    const band = { fromS, toS, isInjected: fault.injectedAtMs !== null, label: fault.kind };
    return [{ ...band, text: faultText(fault, journal.startedAtMs) }];
  });
}

function describeEvent(event: JournalEvent, startedAtMs: number): string {
  const details = eventDetails(event);
  return `${event.type} at ${formatOffsetSeconds(event.time, startedAtMs)} · pool ${event.pool}${details === '' ? '' : ` · ${details}`}`;
}

/** Supervisor events (not per-request ones) from load start to `durationS`, in time order. */
export function buildEventMarks(journal: Journal, durationS: number): EventMark[] {
  return journal.events
    .map((event) => ({ event, atS: (event.time - journal.startedAtMs) / 1000 }))
    .filter(({ event, atS }) => isTickedEvent(event) && Number.isFinite(atS) && atS >= 0 && atS <= durationS)
    .sort((a, b) => a.atS - b.atS)
    .map(({ event, atS }) => ({ atS, type: event.type, color: eventColor(event.type), text: describeEvent(event, journal.startedAtMs) }));
}
