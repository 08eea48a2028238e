import type { LandmarkErrorStats } from '../../../../app/api/schemas/explore';
import { linearScale, niceTicks } from './chart';

export type BoxStats = LandmarkErrorStats['box'];

export interface BoxRow {
  readonly label: string;
  /** Centre line of the row. */
  readonly y: number;
  readonly whiskerLow: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly whiskerHigh: number;
  readonly outliers: readonly number[];
}

export interface BoxPlotLayout {
  readonly width: number;
  readonly height: number;
  /** Left edge of the plot area (room for the labels) and its right edge. */
  readonly left: number;
  readonly right: number;
  readonly ticks: readonly { value: number; x: number }[];
  readonly rows: readonly BoxRow[];
}

export interface BoxPlotOptions {
  readonly width: number;
  readonly rowHeight: number;
  readonly labelWidth: number;
  readonly axisHeight: number;
  readonly padRight: number;
}

const DEFAULTS: BoxPlotOptions = { width: 560, rowHeight: 22, labelWidth: 170, axisHeight: 24, padRight: 16 };

/**
 * Horizontal Tukey box plots of errors (px), one row per landmark on a shared axis that starts at 0 and ends at a
 * round tick at or above the largest value (outliers included): box q1–q3, a line at the median, whiskers as given.
 */
export function boxPlotLayout(items: readonly { label: string; box: BoxStats }[], options: Partial<BoxPlotOptions> = {}): BoxPlotLayout {
  const o = { ...DEFAULTS, ...options };
  const top = Math.max(0, ...items.flatMap(({ box }) => [box.max, ...box.outliers]));
  const ticks = niceTicks(0, top > 0 ? top : 1, 5);
  const end = ticks[ticks.length - 1]!;
  const left = o.labelWidth;
  const right = o.width - o.padRight;
  const x = linearScale(0, end, left, right);
  const rows = items.map(({ label, box }, i) => ({
    label,
    y: i * o.rowHeight + o.rowHeight / 2,
    whiskerLow: x(box.whiskerLow),
    q1: x(box.q1),
    median: x(box.median),
    q3: x(box.q3),
    whiskerHigh: x(box.whiskerHigh),
    outliers: box.outliers.map(x),
  }));
  return { width: o.width, height: items.length * o.rowHeight + o.axisHeight, left, right, ticks: ticks.map((value) => ({ value, x: x(value) })), rows };
}
