/**
 * Stacked bars, one column per timeline second, layers bottom to top in the given order. A column
 * without a sample (null) is a gap; a layer draws a rect only where its value is positive, so a test
 * can count rects per series.
 */
import { px, type TimeAxis, type ValueScale } from './chart-geometry.ts';

/** One second's values, one per layer in layer order, or null for no sample. */
export interface BarColumn {
  readonly second: number;
  readonly values: readonly number[] | null;
}

const MIN_GAPPED_BAR_WIDTH_PX = 4;

function positive(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}

/** The tallest column's total, 0 when there is none. */
export function tallestColumn(columns: readonly BarColumn[]): number {
  return Math.max(0, ...columns.map((column) => (column.values ?? []).reduce((sum, value) => sum + positive(value), 0)));
}

function renderColumn(column: BarColumn, classNames: readonly string[], axis: TimeAxis, scale: ValueScale): string {
  if (column.values === null || !Number.isFinite(column.second)) {
    return '';
  }
  const fromPx = axis.x(column.second);
  const fullWidthPx = axis.x(column.second + 1) - fromPx;
  const gapPx = fullWidthPx >= MIN_GAPPED_BAR_WIDTH_PX ? 1 : 0;
  let base = 0;
  const rects: string[] = [];
  classNames.forEach((className, layer) => {
    const value = positive(column.values?.[layer]);
    if (value === 0) {
      return;
    }
    const topPx = scale.y(base + value);
    const bottomPx = scale.y(base);
    rects.push(
      `<rect class="bar ${className}" x="${px(fromPx + gapPx / 2)}" y="${px(topPx)}"` +
        ` width="${px(fullWidthPx - gapPx)}" height="${px(bottomPx - topPx)}"/>`,
    );
    base += value;
  });
  return rects.join('');
}

/** Renders the columns as stacked rects with the given class per layer. */
export function renderStackedBars(
  columns: readonly BarColumn[],
  classNames: readonly string[],
  axis: TimeAxis,
  scale: ValueScale,
): string {
  return columns.map((column) => renderColumn(column, classNames, axis, scale)).join('');
}
