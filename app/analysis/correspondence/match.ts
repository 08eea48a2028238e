import { denormalise, normalise } from '../../annotations/geometry';
import type { FeatureMap } from '../features/types';
import { pointToGrid, tokenCenter } from '../features/grid';
import type { Point } from './evaluate';
import { checkDim, descriptorAt, descriptorSimilarity, dot, type SimilarityMap } from './similarity';

/**
 * Coarse-to-fine matching. The coarse map (stride = patch) finds the region; a finer-stride map of the same image
 * (e.g. stride patch/4) is searched only in a window around it, which is both cheaper than a global fine search
 * and immune to far-away look-alikes; a soft-argmax over the best cell's 3×3 neighbourhood then gives a position
 * between token centres, so errors are not quantised to the stride.
 */

/** Feature maps of one image: `fine` (optional) has a smaller stride than `coarse`, same image and input size. */
export interface MapPair {
  readonly coarse: FeatureMap;
  readonly fine?: FeatureMap;
}

export interface MatchOptions {
  /** Half-side of the fine search window around the coarse match, in coarse strides (default 1). */
  readonly window?: number;
  /**
   * Softmax temperature (cosine units) of the soft-argmax. Default: adaptive, the mean similarity drop from the
   * best cell to its 4-neighbours divided by 1.5 — for a parabolic peak that keeps the estimate within about 5% of
   * a cell of the true offset anywhere between two centres, whatever the features' similarity scale.
   */
  readonly temperature?: number;
  /**
   * Search the coarse map only within `radius` (key px) of (x, y): a spatial prior for features that tell
   * anatomy apart only locally. Unset: the whole key image (the spec's zero-shot protocol).
   */
  readonly near?: { readonly x: number; readonly y: number; readonly radius: number };
}

/** Per-point options: `searchRadius` (fraction of the key's longer side) centres `near` on the aligned position. */
export interface PointMatchOptions extends Omit<MatchOptions, 'near'> {
  readonly searchRadius?: number;
}

export interface Match {
  /** Original frame of the key image. */
  readonly x: number;
  readonly y: number;
  /** Similarity at the best token (of the finest map searched). */
  readonly score: number;
}

/** Query descriptors for the maps of a MapPair (fine only if both sides have a fine map). */
export interface QueryDescriptors {
  readonly coarse: Float32Array;
  readonly fine?: Float32Array;
}

interface Box {
  readonly r0: number;
  readonly r1: number;
  readonly c0: number;
  readonly c1: number;
}

const ADAPTIVE_SHARPNESS = 1.5;

/** Similarities of `descriptor` to the fine tokens inside `box` (inclusive), NaN elsewhere: the window's only cost. */
function windowSimilarity(descriptor: Float32Array, map: FeatureMap, box: Box): Float32Array {
  const values = new Float32Array(map.rows * map.cols).fill(Number.NaN);
  for (let r = box.r0; r <= box.r1; r++) {
    for (let c = box.c0; c <= box.c1; c++) values[r * map.cols + c] = dot(descriptor, 0, map.data, (r * map.cols + c) * map.dim, map.dim);
  }
  return values;
}

function argmaxIn(values: Float32Array, cols: number, box: Box): { r: number; c: number; score: number } {
  let best = { r: box.r0, c: box.c0, score: -Infinity };
  for (let r = box.r0; r <= box.r1; r++) {
    for (let c = box.c0; c <= box.c1; c++) {
      const s = values[r * cols + c]!;
      if (s > best.score) best = { r, c, score: s };
    }
  }
  return best;
}

/**
 * Soft-argmax over the 3×3 neighbourhood of (r, c) that has values (NaN = none); fractional grid position. A
 * neighbour above the peak (just outside a search window) counts as equal to it: the estimate leans its way
 * without the weights overflowing.
 */
export function softArgmax(values: Float32Array, rows: number, cols: number, r: number, c: number, temperature?: number): { r: number; c: number } {
  const peak = values[r * cols + c]!;
  const at = (rr: number, cc: number): number => (rr >= 0 && rr < rows && cc >= 0 && cc < cols ? Math.min(peak, values[rr * cols + cc]!) : Number.NaN);
  let t = temperature;
  if (t === undefined) {
    const drops = [at(r - 1, c), at(r + 1, c), at(r, c - 1), at(r, c + 1)].filter((v) => !Number.isNaN(v)).map((v) => peak - v);
    const meanDrop = drops.length ? drops.reduce((a, d) => a + d, 0) / drops.length : 0;
    t = meanDrop / ADAPTIVE_SHARPNESS;
  }
  // A flat neighbourhood has no sub-cell information: stay on the best cell.
  if (!(t > 0)) return { r, c };
  let sw = 0;
  let sr = 0;
  let sc = 0;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      const v = at(r + dr, c + dc);
      if (Number.isNaN(v)) continue;
      const w = Math.exp((v - peak) / t);
      sw += w;
      sr += w * dr;
      sc += w * dc;
    }
  }
  return { r: r + sr / sw, c: c + sc / sw };
}

/** Best token whose centre lies within the radius; the token nearest the centre when none does. */
function argmaxNear(values: Float32Array, map: FeatureMap, near: NonNullable<MatchOptions['near']>): { r: number; c: number; score: number } {
  let best = { r: 0, c: 0, score: -Infinity };
  let closest = { r: 0, c: 0, d: Infinity };
  for (let r = 0; r < map.rows; r++) {
    for (let c = 0; c < map.cols; c++) {
      const t = tokenCenter(map, r, c);
      const d = Math.hypot(t.x - near.x, t.y - near.y);
      if (d < closest.d) closest = { r, c, d };
      const v = values[r * map.cols + c]!;
      if (d <= near.radius && v > best.score) best = { r, c, score: v };
    }
  }
  return best.score > -Infinity ? best : { r: closest.r, c: closest.c, score: values[closest.r * map.cols + closest.c]! };
}

/** Fine tokens whose centres lie within `half` coarse strides of `centre` along each axis. */
function fineWindow(coarse: FeatureMap, fine: FeatureMap, centre: Point, half: number): Box {
  const rx = ((half * coarse.stride) / coarse.inputSize) * coarse.imageWidth;
  const ry = ((half * coarse.stride) / coarse.inputSize) * coarse.imageHeight;
  const lo = pointToGrid(fine, centre.x - rx, centre.y - ry);
  const hi = pointToGrid(fine, centre.x + rx, centre.y + ry);
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  return {
    r0: clamp(Math.ceil(lo.r - 1e-9), fine.rows),
    r1: clamp(Math.floor(hi.r + 1e-9), fine.rows),
    c0: clamp(Math.ceil(lo.c - 1e-9), fine.cols),
    c1: clamp(Math.floor(hi.c + 1e-9), fine.cols),
  };
}

function grow(box: Box, map: FeatureMap): Box {
  return { r0: Math.max(0, box.r0 - 1), r1: Math.min(map.rows - 1, box.r1 + 1), c0: Math.max(0, box.c0 - 1), c1: Math.min(map.cols - 1, box.c1 + 1) };
}

/** Where on the key the query descriptors fit best (key's original frame), with the coarse similarity map. */
export function matchDescriptors(query: QueryDescriptors, key: MapPair, options: MatchOptions = {}): Match & { readonly coarse: SimilarityMap } {
  const coarse = descriptorSimilarity(query.coarse, key.coarse);
  const best = options.near ? argmaxNear(coarse.values, key.coarse, options.near) : argmaxIn(coarse.values, coarse.cols, { r0: 0, r1: coarse.rows - 1, c0: 0, c1: coarse.cols - 1 });
  if (!key.fine || !query.fine) {
    const sub = softArgmax(coarse.values, coarse.rows, coarse.cols, best.r, best.c, options.temperature);
    return { ...tokenCenter(key.coarse, sub.r, sub.c), score: best.score, coarse };
  }
  checkDim(query.fine, key.fine);
  const box = fineWindow(key.coarse, key.fine, tokenCenter(key.coarse, best.r, best.c), options.window ?? 1);
  // One ring more than the window so the soft-argmax sees the neighbours of a best cell on the window's edge.
  const fine = windowSimilarity(query.fine, key.fine, grow(box, key.fine));
  const fineBest = argmaxIn(fine, key.fine.cols, box);
  const sub = softArgmax(fine, key.fine.rows, key.fine.cols, fineBest.r, fineBest.c, options.temperature);
  return { ...tokenCenter(key.fine, sub.r, sub.c), score: fineBest.score, coarse };
}

/** The descriptors of a point of the query image (query's original frame). */
export function queryDescriptors(query: MapPair, point: Point): QueryDescriptors {
  return { coarse: descriptorAt(query.coarse, point), ...(query.fine ? { fine: descriptorAt(query.fine, point) } : {}) };
}

/** Where `point` (query px) would be on the key if both images showed the anatomy at the same relative place. */
export function alignedPosition(query: MapPair, point: Point, key: MapPair): Point {
  const q = query.coarse;
  const k = key.coarse;
  const { u, v } = normalise(point.x, point.y, q.imageWidth, q.imageHeight);
  return denormalise(u, v, k.imageWidth, k.imageHeight);
}

export function matchPoint(query: MapPair, point: Point, key: MapPair, options: PointMatchOptions = {}): Match & { readonly coarse: SimilarityMap } {
  const { searchRadius, ...rest } = options;
  const near =
    searchRadius === undefined ? undefined : { ...alignedPosition(query, point, key), radius: searchRadius * Math.max(key.coarse.imageWidth, key.coarse.imageHeight) };
  return matchDescriptors(queryDescriptors(query, point), key, near ? { ...rest, near } : rest);
}

/** Each named query landmark matched on the key. */
export function matchLandmarks(
  query: MapPair,
  points: Readonly<Record<string, Point>>,
  key: MapPair,
  options: PointMatchOptions = {},
): { landmark: string; x: number; y: number; score: number }[] {
  return Object.entries(points).map(([landmark, p]) => {
    const { x, y, score } = matchPoint(query, p, key, options);
    return { landmark, x, y, score };
  });
}
