/**
 * What every chart draws over its series on the shared time axis: the steady-state phases shaded
 * lightly, one band per fault (from injection to the end of its effect; a thin band when it is
 * instantaneous; a dashed band at its due time when it was not injected), fault labels, and ticks for
 * supervisor events (nudged apart when they would cover each other). Epoch times become offsets from
 * `journal.startedAtMs`; out-of-run events are not ticked (the events table lists them).
 */
import type { FaultRecord, Journal, JournalEvent } from '../../chaos/index.ts';
import { escapeMarkupAttribute, escapeMarkupText } from '../escape-markup.ts';
import { formatOffsetSeconds } from '../format-figures.ts';
import { EVENT_STRIP, PLOT, px, type TimeAxis } from './chart-geometry.ts';
import { eventDetails } from './event-details.ts';
import { eventClassName, isTickedEvent } from './event-marks.ts';

/** Overlay markup: phases go under the series, fault bands over them (translucent), marks on top. */
export interface ChartOverlays {
  readonly phases: string;
  readonly faultBands: string;
  readonly marks: string;
}

const INSTANT_BAND_WIDTH_PX = 2;
const EVENT_TICK_WIDTH_PX = 3;
const MAX_TICK_NUDGE_PX = 4 * EVENT_TICK_WIDTH_PX;

function band(className: string, fromPx: number, toPx: number, tip: string): string {
  const widthPx = Math.max(toPx - fromPx, INSTANT_BAND_WIDTH_PX);
  const heightPx = PLOT.bottomPx - PLOT.topPx;
  return (
    `<rect class="${className}" x="${px(fromPx)}" y="${PLOT.topPx}" width="${px(widthPx)}" height="${heightPx}"` +
    ` data-tip="${escapeMarkupAttribute(tip)}"/>`
  );
}

function renderPhases(journal: Journal, axis: TimeAxis): string {
  const { beforeFromMs, faultsFromMs, afterFromMs, endMs } = journal.phases;
  const phases = [
    ['phase phase-before', beforeFromMs, faultsFromMs, 'steady state before faults'],
    ['phase phase-after', afterFromMs, endMs, 'steady state after faults'],
  ] as const;
  return phases
    .filter(([, fromMs, toMs]) => Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs)
    .map(([className, fromMs, toMs, label]) => band(className, axis.x(fromMs / 1000), axis.x(toMs / 1000), label))
    .join('');
}

/** Start and end of a fault's band as offsets in seconds; the end equals the start when instantaneous. */
function faultSpanS(fault: FaultRecord, startedAtMs: number): { fromS: number; toS: number } {
  if (fault.injectedAtMs === null) {
    return { fromS: fault.atMs / 1000, toS: fault.atMs / 1000 };
  }
  const fromS = (fault.injectedAtMs - startedAtMs) / 1000;
  const toS = fault.endedAtMs === null ? fromS : (fault.endedAtMs - startedAtMs) / 1000;
  return { fromS, toS: Math.max(fromS, toS) };
}

function faultTip(fault: FaultRecord, startedAtMs: number): string {
  const target = `${fault.target.pool}/${fault.target.worker} ×${fault.target.count}`;
  if (fault.injectedAtMs === null) {
    return `fault ${fault.index} ${fault.kind} on ${target}: not injected: ${fault.error ?? 'no error text'}`;
  }
  const ended = fault.endedAtMs === null ? 'instantaneous' : `until ${formatOffsetSeconds(fault.endedAtMs, startedAtMs)}`;
  return `fault ${fault.index} ${fault.kind} on ${target} at ${formatOffsetSeconds(fault.injectedAtMs, startedAtMs)}, ${ended}`;
}

function renderFaultBands(journal: Journal, axis: TimeAxis): string {
  return journal.faults
    .map((fault) => {
      const { fromS, toS } = faultSpanS(fault, journal.startedAtMs);
      const className = fault.injectedAtMs === null ? 'fault-band fault-not-injected' : 'fault-band';
      return band(className, axis.x(fromS), axis.x(toS), faultTip(fault, journal.startedAtMs));
    })
    .join('');
}

function renderFaultLabels(journal: Journal, axis: TimeAxis): string {
  return journal.faults
    .map((fault, position) => {
      const { fromS } = faultSpanS(fault, journal.startedAtMs);
      const yPx = position % 2 === 0 ? 11 : 22;
      const tip = escapeMarkupAttribute(faultTip(fault, journal.startedAtMs));
      return `<text class="fault-label" x="${px(axis.x(fromS) + 2)}" y="${yPx}" data-tip="${tip}">${escapeMarkupText(fault.kind)}</text>`;
    })
    .join('');
}

function describeEvent(event: JournalEvent, startedAtMs: number): string {
  const details = eventDetails(event);
  return `${event.type} at ${formatOffsetSeconds(event.time, startedAtMs)} · pool ${event.pool}${details === '' ? '' : ` · ${details}`}`;
}

/** The events that get a tick: supervisor events inside the run. */
export function tickedEvents(journal: Journal, axis: TimeAxis): JournalEvent[] {
  return journal.events.filter((event) => {
    const offsetS = (event.time - journal.startedAtMs) / 1000;
    return isTickedEvent(event) && Number.isFinite(offsetS) && offsetS >= 0 && offsetS <= axis.durationS;
  });
}

interface PlacedTick {
  readonly xPx: number;
  readonly className: string;
  readonly tips: string[];
}

/**
 * Lays ticks out left to right in time order. A tick that would cover the previous one moves right
 * by whole tick widths, at most {@link MAX_TICK_NUDGE_PX}; past that it joins the previous tick,
 * whose tooltip then lists both events.
 */
function placeTicks(journal: Journal, axis: TimeAxis): PlacedTick[] {
  const events = tickedEvents(journal, axis).sort((a, b) => a.time - b.time);
  const placed: PlacedTick[] = [];
  for (const event of events) {
    const trueXPx = axis.x((event.time - journal.startedAtMs) / 1000) - EVENT_TICK_WIDTH_PX / 2;
    const tip = describeEvent(event, journal.startedAtMs);
    const previous = placed.at(-1);
    const xPx = previous === undefined ? trueXPx : Math.max(trueXPx, previous.xPx + EVENT_TICK_WIDTH_PX);
    if (previous !== undefined && xPx - trueXPx > MAX_TICK_NUDGE_PX) {
      previous.tips.push(tip);
    } else {
      placed.push({ xPx, className: eventClassName(event.type), tips: [tip] });
    }
  }
  return placed;
}

function renderEventTicks(journal: Journal, axis: TimeAxis): string {
  return placeTicks(journal, axis)
    .map(
      (tick) =>
        `<rect class="event-tick ${tick.className}" x="${px(tick.xPx)}" y="${EVENT_STRIP.topPx}"` +
        ` width="${EVENT_TICK_WIDTH_PX}" height="${EVENT_STRIP.heightPx}" data-tip="${escapeMarkupAttribute(tick.tips.join('\n'))}"/>`,
    )
    .join('');
}

/** The overlays of a run, the same on every chart. */
export function renderOverlays(journal: Journal, axis: TimeAxis): ChartOverlays {
  return {
    phases: `<g class="phases">${renderPhases(journal, axis)}</g>`,
    faultBands: `<g class="fault-bands">${renderFaultBands(journal, axis)}</g>`,
    marks: `<g class="fault-labels">${renderFaultLabels(journal, axis)}</g><g class="event-ticks">${renderEventTicks(journal, axis)}</g>`,
  };
}
