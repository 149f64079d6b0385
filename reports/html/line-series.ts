/**
 * A line through per-second values, each at the middle of its second. Null values and missing seconds
 * break the line (a gap, never a zero). Each series is exactly one <path> (its `d` empty when there is
 * nothing to draw), plus a dot for each point that has no neighbour to join.
 */
import { px, type TimeAxis, type ValueScale } from './chart-geometry.ts';

/** One second's value, or null for no sample. */
export interface LinePoint {
  readonly second: number;
  readonly value: number | null;
}

const POINT_RADIUS_PX = 2.5;

function isDrawable(point: LinePoint): point is { readonly second: number; readonly value: number } {
  return point.value !== null && Number.isFinite(point.value) && Number.isFinite(point.second);
}

/** Splits points into runs of consecutive seconds that all have values. */
function toRuns(points: readonly LinePoint[]): LinePoint[][] {
  const sorted = [...points].sort((a, b) => a.second - b.second);
  const runs: LinePoint[][] = [];
  let current: LinePoint[] = [];
  let previousSecond = Number.NaN;
  for (const point of sorted) {
    if (!isDrawable(point) || point.second !== previousSecond + 1) {
      if (current.length > 0) {
        runs.push(current);
      }
      current = [];
    }
    if (isDrawable(point)) {
      current.push(point);
    }
    previousSecond = point.second;
  }
  if (current.length > 0) {
    runs.push(current);
  }
  return runs;
}

/** The largest value, 0 when there is none. */
export function largestValue(points: readonly LinePoint[]): number {
  return Math.max(0, ...points.filter(isDrawable).map((point) => point.value));
}

/** Renders one series as a path with gaps, with the given class (e.g. `series-p99`). */
export function renderLine(points: readonly LinePoint[], className: string, axis: TimeAxis, scale: ValueScale): string {
  const xOf = (point: LinePoint): string => px(axis.x(point.second + 0.5));
  const yOf = (point: LinePoint): string => px(scale.y(point.value ?? 0));
  const runs = toRuns(points);
  const d = runs
    .filter((run) => run.length > 1)
    .map((run) => run.map((point, index) => `${index === 0 ? 'M' : 'L'}${xOf(point)} ${yOf(point)}`).join(' '))
    .join(' ');
  const dots = runs
    .flatMap((run) => (run.length === 1 ? run : []))
    .map((point) => `<circle class="series-point ${className}" cx="${xOf(point)}" cy="${yOf(point)}" r="${POINT_RADIUS_PX}"/>`);
  return `<path class="line ${className}" d="${d}"/>${dots.join('')}`;
}
