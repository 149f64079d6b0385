/**
 * Everything the page's chart script needs, built from a journal alone: the shared x axis (seconds
 * since load start; second `s` covers [s, s + 1) and its values sit at s + 0.5), the four charts'
 * series, and the overlays. The page embeds it as JSON; nothing in it is HTML.
 */
import type { Journal } from '../../chaos/index.ts';
import { buildEventMarks, buildFaultBands, buildPhaseBands, type EventMark, type FaultBand, type PhaseBand } from './chart-overlays.ts';
import { buildChartSeries, chartedSeconds, type ChartSeriesSet } from './chart-series.ts';

/** The charts' data block. */
export interface ChartsModel {
  /** The x axis runs from 0 to this when not zoomed. */
  readonly durationS: number;
  /** One x value per charted second: the middle of the second. */
  readonly x: readonly number[];
  readonly charts: readonly ChartSeriesSet[];
  readonly phases: readonly PhaseBand[];
  readonly faults: readonly FaultBand[];
  readonly events: readonly EventMark[];
}

/** The axis length in seconds: the longest of the charted seconds, the phases and the run; at least 1. */
export function chartDurationS(journal: Journal, chartedCount: number): number {
  const spans = [journal.phases.endMs, journal.endedAtMs - journal.startedAtMs].filter(Number.isFinite).map((ms) => ms / 1000);
  return Math.max(1, chartedCount, ...spans);
}

/** Builds the charts' data block from a journal. */
export function buildChartsModel(journal: Journal): ChartsModel {
  const seconds = chartedSeconds(journal.timeline);
  const durationS = chartDurationS(journal, seconds.length);
  return {
    durationS,
    x: seconds.map((_, second) => second + 0.5),
    charts: buildChartSeries(seconds),
    phases: buildPhaseBands(journal),
    faults: buildFaultBands(journal),
    events: buildEventMarks(journal, durationS),
  };
}
