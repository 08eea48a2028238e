/**
 * Small raster operations on single-channel float grids (row-major, width × height) for the co-segmentation's
 * working grid: area downscaling, clamped box means, min–max scaling and nearest upsampling of label maps.
 */
import type { Plane } from '../../ssl/geometry/image';

export interface Grid {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** The working size of an image: longer side at most maxSide, aspect kept, never upscaled. */
export function workingSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Per axis, the source index range [start[i], start[i + 1]) each of `out` cells averages (at least one pixel). */
function cellStarts(source: number, out: number): Int32Array {
  const starts = new Int32Array(out + 1);
  for (let i = 0; i <= out; i++) starts[i] = Math.floor((i * source) / out);
  for (let i = 1; i <= out; i++) if (starts[i]! <= starts[i - 1]!) starts[i] = Math.min(source, starts[i - 1]! + 1);
  return starts;
}

/** A grey plane as a grid of at most maxSide px on its longer side: each cell is the mean of the pixels it covers. */
export function workingGrid(plane: Plane, maxSide: number): Grid {
  if (plane.channels !== 1) throw new Error(`co-segmentation: expected a grey image, got ${plane.channels} channels`);
  const { width, height } = workingSize(plane.width, plane.height, maxSide);
  if (width === plane.width && height === plane.height) return { width, height, data: plane.data };
  const xs = cellStarts(plane.width, width);
  const ys = cellStarts(plane.height, height);
  // Columns first (one pass over the source), then rows of the narrow intermediate.
  const narrow = new Float32Array(plane.height * width);
  for (let y = 0; y < plane.height; y++) {
    const row = y * plane.width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let i = xs[x]!; i < xs[x + 1]!; i++) s += plane.data[row + i]!;
      narrow[y * width + x] = s / (xs[x + 1]! - xs[x]!);
    }
  }
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const n = ys[y + 1]! - ys[y]!;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = ys[y]!; j < ys[y + 1]!; j++) s += narrow[j * width + x]!;
      data[y * width + x] = s / n;
    }
  }
  return { width, height, data };
}

/** Values scaled to [0, 1] by their minimum and maximum (all zeros for a constant grid). */
export function minMaxScaled(data: Float32Array): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const inv = hi > lo ? 1 / (hi - lo) : 0;
  return Float32Array.from(data, (v) => (v - lo) * inv);
}

/** 1 / (number of cells of [i − r, i + r] inside 0..length−1), per i. */
function inverseCounts(length: number, r: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => 1 / (Math.min(length - 1, i + r) - Math.max(0, i - r) + 1));
}

/**
 * Mean over the (2r+1)² window around every cell, the window clipped to the grid (so edges are not darkened by
 * padding), as a reusable filter for one grid size: filter(src, out) fills and returns `out`. Separable, since
 * the clipped 2-D count is the product of the clipped 1-D counts: running sums along each row, then running sums
 * of whole rows (row-major both times, for the cache).
 */
export function boxMeanFilter(width: number, height: number, r: number): (src: Float32Array, out: Float32Array) => Float32Array {
  const tmp = new Float32Array(width * height);
  const sums = new Float64Array(width);
  const invX = inverseCounts(width, r);
  const invY = inverseCounts(height, r);
  const addRow = (y: number, sign: number): void => {
    const base = y * width;
    for (let x = 0; x < width; x++) sums[x]! += sign * tmp[base + x]!;
  };
  return (src, out) => {
    if (r <= 0) {
      out.set(src);
      return out;
    }
    for (let y = 0; y < height; y++) {
      const base = y * width;
      let sum = 0;
      for (let x = 0; x < Math.min(r, width); x++) sum += src[base + x]!;
      for (let x = 0; x < width; x++) {
        if (x + r < width) sum += src[base + x + r]!;
        if (x - r - 1 >= 0) sum -= src[base + x - r - 1]!;
        tmp[base + x] = sum * invX[x]!;
      }
    }
    sums.fill(0);
    for (let y = 0; y < Math.min(r, height); y++) addRow(y, 1);
    for (let y = 0; y < height; y++) {
      if (y + r < height) addRow(y + r, 1);
      if (y - r - 1 >= 0) addRow(y - r - 1, -1);
      const base = y * width;
      const inv = invY[y]!;
      for (let x = 0; x < width; x++) out[base + x] = sums[x]! * inv;
    }
    return out;
  };
}

export function boxMean(src: Float32Array, width: number, height: number, r: number): Float32Array {
  return boxMeanFilter(width, height, r)(src, new Float32Array(src.length));
}

/** A label map resized to width × height by nearest neighbour (cell centres). */
export function nearestUpsample(labels: Uint8Array, srcWidth: number, srcHeight: number, width: number, height: number): Uint8Array {
  const cols = Int32Array.from({ length: width }, (_, x) => Math.min(srcWidth - 1, Math.floor(((x + 0.5) * srcWidth) / width)));
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.min(srcHeight - 1, Math.floor(((y + 0.5) * srcHeight) / height)) * srcWidth;
    const base = y * width;
    for (let x = 0; x < width; x++) out[base + x] = labels[row + cols[x]!]!;
  }
  return out;
}
