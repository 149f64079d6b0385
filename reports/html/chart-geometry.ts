/**
 * The geometry every chart shares: one width, one plot area and one time axis (seconds since load
 * start), so that a moment sits at the same x on every chart. Second `s` of the timeline covers
 * [s, s + 1). Coordinates are written through {@link px}, which never lets NaN or Infinity into SVG.
 */
import type { Journal } from '../../chaos/index.ts';

/** Every chart's width in CSS pixels (also its viewBox width); all charts share it. */
export const CHART_WIDTH_PX = 960;
/** Every chart's height in CSS pixels (also its viewBox height). */
export const CHART_HEIGHT_PX = 210;

/** The plot area inside a chart: fault labels above it, the event strip and time labels below. */
export const PLOT = { leftPx: 56, rightPx: 944, topPx: 26, bottomPx: 170 } as const;

/** The strip under the plot where supervisor events are ticked. */
export const EVENT_STRIP = { topPx: 173, heightPx: 11 } as const;

/** Where the time labels sit. */
export const TIME_LABEL_Y_PX = 200;

/** The shared x scale: seconds since load start to pixels, clamped to the run. */
export interface TimeAxis {
  readonly durationS: number;
  readonly tickStepS: number;
  x(offsetS: number): number;
}

/** A y scale from zero to a round maximum. */
export interface ValueScale {
  readonly maxValue: number;
  readonly ticks: readonly number[];
  y(value: number): number;
}

const TICK_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
const MAX_TIME_TICKS = 12;

/** A coordinate with one decimal; non-finite values become 0 so that SVG never sees NaN. */
export function px(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '0';
}

function finiteSeconds(valuesMs: readonly number[]): number[] {
  return valuesMs.filter((valueMs) => Number.isFinite(valueMs)).map((valueMs) => valueMs / 1000);
}

/** The time axis for a run: long enough for the timeline, the phases and the run itself; at least 1 s. */
export function createTimeAxis(journal: Journal): TimeAxis {
  const lastSecondEnd = Math.max(0, ...journal.timeline.map((second) => second.second + 1).filter(Number.isFinite));
  const spans = finiteSeconds([journal.phases.endMs, journal.endedAtMs - journal.startedAtMs]);
  const durationS = Math.max(1, lastSecondEnd, ...spans);
  const tickStepS = TICK_STEPS_S.find((step) => durationS / step <= MAX_TIME_TICKS) ?? Math.ceil(durationS / MAX_TIME_TICKS);
  const widthPx = PLOT.rightPx - PLOT.leftPx;
  return {
    durationS,
    tickStepS,
    x: (offsetS) => PLOT.leftPx + (Math.min(Math.max(offsetS, 0), durationS) / durationS) * widthPx,
  };
}

/** The smallest of 1, 2, 5 × 10^n at or above the value; 1 when there is nothing to show. */
export function roundUpToNice(value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((multiple) => multiple * power >= value) ?? 10;
  return step * power;
}

/** Ticks from 0 to a nice maximum: fifths of a 5 × 10^n (0, 1 … 5), else halves (0, 1, 2 or 0, 5, 10). */
function valueTicks(maxValue: number): number[] {
  const leadingDigit = Math.round(maxValue / 10 ** Math.floor(Math.log10(maxValue)));
  const divisions = leadingDigit === 5 ? 5 : 2;
  return Array.from({ length: divisions + 1 }, (_, index) => (maxValue * index) / divisions);
}

/** A y scale from 0 to the data's round maximum (see {@link roundUpToNice}). */
export function createValueScale(dataMax: number): ValueScale {
  const maxValue = roundUpToNice(dataMax);
  const heightPx = PLOT.bottomPx - PLOT.topPx;
  return {
    maxValue,
    ticks: valueTicks(maxValue),
    y: (value) => PLOT.bottomPx - (Math.min(Math.max(value, 0), maxValue) / maxValue) * heightPx,
  };
}
