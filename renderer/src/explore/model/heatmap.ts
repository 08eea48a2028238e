import type { Heatmap } from '../../../../app/api/schemas/explore';
import type { Rgb } from './colors';

/** Viridis at five stops (matplotlib's values): perceptually uniform and readable by colour-blind viewers. */
const VIRIDIS_STOPS: readonly Rgb[] = [
  [0x44, 0x01, 0x54],
  [0x3b, 0x52, 0x8b],
  [0x21, 0x91, 0x8c],
  [0x5e, 0xc9, 0x62],
  [0xfd, 0xe7, 0x25],
];

/** A 256-entry RGB lookup table interpolated linearly between evenly spaced stops (at least two). */
export function colormapLut(stops: readonly Rgb[] = VIRIDIS_STOPS, size = 256): Uint8Array {
  if (stops.length < 2) throw new RangeError('A colour map needs at least two stops.');
  const lut = new Uint8Array(size * 3);
  for (let i = 0; i < size; i++) {
    const t = (i / (size - 1)) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const f = t - k;
    const a = stops[k]!;
    const b = stops[k + 1]!;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(a[c]! + (b[c]! - a[c]!) * f);
  }
  return lut;
}

export const VIRIDIS = colormapLut();

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** The finite minimum and maximum of some values; null when none is finite. */
export function valueRange(values: Iterable<number>): Range | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/** The range covering several ranges (a shared colour scale across key images). */
export function unionRange(ranges: readonly (Range | null)[]): Range | null {
  const present = ranges.filter((r): r is Range => r !== null);
  if (present.length === 0) return null;
  return { min: Math.min(...present.map((r) => r.min)), max: Math.max(...present.map((r) => r.max)) };
}

/**
 * A heat map as opaque RGBA pixels (rows × cols, row-major): value v → lut[round(255 · (v − min)/(max − min))],
 * clamped to the ends; a flat range paints the top colour; non-finite values are transparent.
 */
export function heatmapRgba(map: Pick<Heatmap, 'rows' | 'cols' | 'values'>, range: Range, lut: Uint8Array = VIRIDIS): Uint8ClampedArray {
  const n = map.rows * map.cols;
  if (map.values.length !== n) throw new RangeError(`A ${map.rows}×${map.cols} heat map needs ${n} values, it has ${map.values.length}.`);
  const top = lut.length / 3 - 1;
  const span = range.max - range.min;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const v = map.values[i]!;
    if (!Number.isFinite(v)) continue;
    const t = span > 0 ? (v - range.min) / span : 1;
    const k = Math.round(Math.min(1, Math.max(0, t)) * top) * 3;
    out[i * 4] = lut[k]!;
    out[i * 4 + 1] = lut[k + 1]!;
    out[i * 4 + 2] = lut[k + 2]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** A CSS linear-gradient of the colour map, for the legend bar next to the heat maps. */
export function lutGradient(lut: Uint8Array = VIRIDIS, steps = 8): string {
  const top = lut.length / 3 - 1;
  const parts: string[] = [];
  for (let s = 0; s < steps; s++) {
    const k = Math.round((s / (steps - 1)) * top) * 3;
    parts.push(`rgb(${lut[k]}, ${lut[k + 1]}, ${lut[k + 2]})`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}
