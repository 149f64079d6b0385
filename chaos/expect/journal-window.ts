/**
 * The `before` and `after` windows of a run, as offsets from load start (see `RunPhases`): `before` is
 * [beforeFromMs, faultsFromMs), the steady state before the first fault; `after` is
 * [afterFromMs, endMs). A timeline second belongs to a window when its start (second × 1000) does;
 * an event when its `time - startedAtMs` does.
 */
import type { Journal, RunPhases, TimelineSecond } from '../journal/journal.ts';
import type { ExpectationWindow } from './expectation.ts';

/** A half-open range [fromMs, toMs) of offsets from load start. */
export interface WindowRangeMs {
  readonly fromMs: number;
  readonly toMs: number;
}

/** The range of `before` or `after`; null for `run`, which is everything. */
export function windowRangeMs(phases: RunPhases, window: ExpectationWindow): WindowRangeMs | null {
  switch (window) {
    case 'run':
      return null;
    case 'before':
      return { fromMs: phases.beforeFromMs, toMs: phases.faultsFromMs };
    case 'after':
      return { fromMs: phases.afterFromMs, toMs: phases.endMs };
  }
}

/** Names a window for messages: `the whole run`, `the after window [7000ms, 10000ms)`. */
export function describeWindow(window: ExpectationWindow, range: WindowRangeMs | null): string {
  if (range === null) return 'the whole run';
  return `the ${window} window [${range.fromMs}ms, ${range.toMs}ms)`;
}

/** Whether an offset from load start falls in the range (always, for the whole run). */
export function isInRange(offsetMs: number, range: WindowRangeMs | null): boolean {
  return range === null || (offsetMs >= range.fromMs && offsetMs < range.toMs);
}

/** The timeline seconds whose start falls in the window, in timeline order. */
export function timelineIn(journal: Journal, window: ExpectationWindow): readonly TimelineSecond[] {
  const range = windowRangeMs(journal.phases, window);
  return journal.timeline.filter((row) => isInRange(row.second * 1000, range));
}
