/**
 * How supervisor events are marked on the charts: which ones get a tick, their colours and their CSS
 * classes (for the legend and events-table swatches). Per-request events (`request-*`) come by the
 * thousand and are already counted in the outcome chart, so they are listed in the events table but
 * not ticked.
 */
import type { JournalEvent } from '../../chaos/index.ts';

/** Tick colours for the event types the server emits; anything else is ticked grey. */
const EVENT_COLORS: Readonly<Record<string, string>> = {
  'worker-spawned': '#7fb3ff',
  'worker-ready': '#1f9d55',
  'worker-exited': '#d1343b',
  'worker-startup-failed': '#f05d23',
  'worker-unresponsive': '#e07b00',
  'worker-killed': '#8c1d40',
  'worker-orphaned': '#6b2d5c',
  'worker-recycling': '#7b4fd6',
  'worker-draining': '#8896a5',
  'worker-idle-expired': '#b0bac4',
  'failure-counted': '#c2410c',
  'rapid-fail-tripped': '#111827',
  'pool-stopped': '#374151',
  'pool-started': '#0f766e',
  'hook-ran': '#92400e',
};

const OTHER_EVENT_COLOR = '#9ca3af';

/** True for events that get a tick on the charts. */
export function isTickedEvent(event: JournalEvent): boolean {
  return !event.type.startsWith('request-');
}

/** The CSS class of an event type, safe whatever the type string holds. */
export function eventClassName(type: string): string {
  return `event-${type.toLowerCase().replace(/[^a-z0-9-]/g, '_')}`;
}

/** The colour of an event type's ticks and legend swatch. */
export function eventColor(type: string): string {
  return EVENT_COLORS[type] ?? OTHER_EVENT_COLOR;
}

/** CSS rules colouring the swatches of the given event types (each type once). */
export function eventStyles(types: readonly string[]): string {
  return [...new Set(types)]
    .map((type) => {
      const className = eventClassName(type);
      const color = eventColor(type);
      return `.event-swatch.${className}{background:${color}}`;
    })
    .join('\n');
}
