/**
 * The legend for what all charts overlay: the steady-state windows, fault bands (and the dashed band
 * of a fault that was not injected, when there is one) and each supervisor event type that has a
 * mark, in order of first appearance.
 */
import { escapeMarkupText } from '../escape-markup.ts';
import type { ChartsModel } from './chart-model.ts';
import { eventClassName } from './event-marks.ts';

function item(swatchClass: string, label: string): string {
  return `<span class="legend-item"><span class="swatch ${swatchClass}"></span>${escapeMarkupText(label)}</span>`;
}

/** Renders the overlay legend shown above the charts. */
export function renderOverlayLegend(model: Pick<ChartsModel, 'faults' | 'events'>): string {
  const eventTypes = [...new Set(model.events.map((mark) => mark.type))];
  const items = [
    item('phase-before', 'steady state before'),
    item('phase-after', 'steady state after'),
    item('fault-band', 'fault'),
    ...(model.faults.some((fault) => !fault.isInjected) ? [item('fault-not-injected', 'fault not injected')] : []),
    ...eventTypes.map((type) => item(`event-swatch ${eventClassName(type)}`, type)),
  ];
  return `<div class="legend overlay-legend" id="overlay-legend">${items.join('')}</div>`;
}
