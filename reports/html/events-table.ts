/**
 * The server events of a run as a table, in journal order, capped at {@link EVENT_ROW_LIMIT} rows so
 * that a long run still gives a page a browser can open; the journal keeps them all. Over the cap,
 * supervisor events are kept first and per-request events fill the remaining rows: a run with
 * thousands of rejections must not push its worker crashes off the page.
 */
import type { Journal, JournalEvent } from '../../chaos/index.ts';
import { formatOffsetSeconds } from '../format-figures.ts';
import { eventDetails } from './event-details.ts';
import { eventClassName, isTickedEvent } from './event-marks.ts';
import { renderTable, textCell } from './html-table.ts';

/** The most event rows a report shows. */
export const EVENT_ROW_LIMIT = 500;

/** The events to show, in journal order: all of them, or supervisor events first up to the cap. */
function selectEvents(events: readonly JournalEvent[]): readonly JournalEvent[] {
  if (events.length <= EVENT_ROW_LIMIT) {
    return events;
  }
  const supervisor = events.filter(isTickedEvent).slice(0, EVENT_ROW_LIMIT);
  const perRequest = events.filter((event) => !isTickedEvent(event)).slice(0, EVENT_ROW_LIMIT - supervisor.length);
  const kept = new Set([...supervisor, ...perRequest]);
  return events.filter((event) => kept.has(event));
}

/** Renders the events table, with a note when rows were left out. */
export function renderEventsTable(journal: Journal): string {
  if (journal.events.length === 0) {
    return '<p class="note">The journal has no events.</p>';
  }
  const shown = selectEvents(journal.events);
  const rows = shown.map((event) => ({
    cells: [
      textCell(formatOffsetSeconds(event.time, journal.startedAtMs)),
      textCell(event.pool),
      `<span class="swatch event-swatch ${eventClassName(event.type)}"></span>${textCell(event.type)}`,
      textCell(eventDetails(event)),
    ],
  }));
  const note =
    journal.events.length > EVENT_ROW_LIMIT
      ? `<p class="note" id="events-capped">Showing ${shown.length} of ${journal.events.length} events, supervisor events first; ` +
        'the journal has them all.</p>'
      : '';
  return `${note}${renderTable('events', ['time since load start', 'pool', 'type', 'details'], rows, [0])}`;
}
