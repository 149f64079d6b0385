/**
 * The legend for what all charts overlay: the phase shading, fault bands and each supervisor event
 * type that has a tick, in order of first appearance.
 */
import type { Journal } from '../../chaos/index.ts';
import { escapeMarkupText } from '../escape-markup.ts';
import type { TimeAxis } from './chart-geometry.ts';
import { tickedEvents } from './chart-overlays.ts';
import { eventClassName } from './event-marks.ts';

function item(swatchClass: string, label: string): string {
  return `<span class="legend-item"><span class="swatch ${swatchClass}"></span>${escapeMarkupText(label)}</span>`;
}

/** Renders the overlay legend shown above the charts. */
export function renderOverlayLegend(journal: Journal, axis: TimeAxis): string {
  const eventTypes = [...new Set(tickedEvents(journal, axis).map((event) => event.type))];
  const items = [
    item('phase-before', 'steady state before'),
    item('phase-after', 'steady state after'),
    item('fault-band', 'fault'),
    ...eventTypes.map((type) => item(`event-swatch ${eventClassName(type)}`, type)),
  ];
  return `<div class="legend overlay-legend" id="overlay-legend">${items.join('')}</div>`;
}
