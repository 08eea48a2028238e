/** Summary statistics and a Gaussian kernel density estimate of a sample, for the compositionality plot. */

export interface Distribution {
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  readonly std: number;
  /** Density on a fixed grid, so reports of different models overlay on the same axis. */
  readonly kde: { readonly x: number[]; readonly y: number[] };
}

export interface KdeGrid {
  readonly lo: number;
  readonly hi: number;
  readonly points: number;
}

/** Cosine similarities live in [−1, 1]; 401 points give a 0.005 step. */
export const COSINE_GRID: KdeGrid = { lo: -1, hi: 1, points: 401 };

export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) throw new RangeError('statistics of an empty sample');
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, std: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0 };
}

/**
 * scipy.stats.gaussian_kde with its default Scott bandwidth, σ · n^(−1/5), evaluated on the grid. A sample
 * without spread (e.g. every value exactly 1) has no bandwidth of its own; it gets one grid step so the plot
 * still shows a spike where the values are.
 */
export function gaussianKde(values: readonly number[], grid: KdeGrid = COSINE_GRID): Distribution {
  const { mean, std } = meanStd(values);
  if (!(grid.points >= 2 && grid.hi > grid.lo)) throw new RangeError(`KDE grid ${JSON.stringify(grid)} needs hi > lo and at least 2 points`);
  const step = (grid.hi - grid.lo) / (grid.points - 1);
  const scott = std * values.length ** -0.2;
  const h = scott > 0 ? scott : step;
  const norm = 1 / (values.length * h * Math.sqrt(2 * Math.PI));
  const x = Array.from({ length: grid.points }, (_, i) => grid.lo + i * step);
  const y = x.map((g) => norm * values.reduce((s, v) => s + Math.exp(-0.5 * ((g - v) / h) ** 2), 0));
  return { mean, std, kde: { x, y } };
}
