import type { FeatureMap } from '../features/types';
import { pointToGrid, sampleDescriptor } from '../features/grid';
import type { Point } from './evaluate';

/** Cosine similarity of one descriptor to every token of a map, row-major like the map's grid. */
export interface SimilarityMap {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float32Array;
}

export function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, dim: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += a[aOffset + k]! * b[bOffset + k]!;
  return s;
}

export function checkDim(descriptor: Float32Array, map: FeatureMap): void {
  if (descriptor.length !== map.dim) throw new RangeError(`descriptor has ${descriptor.length} values, the feature map ${map.dim} per token`);
}

/** The unit descriptor at a point of the map's original frame (bilinear between the nearest token centres). */
export function descriptorAt(map: FeatureMap, point: Point): Float32Array {
  const { r, c } = pointToGrid(map, point.x, point.y);
  return sampleDescriptor(map, r, c);
}

/** Tokens are unit vectors, so cosine = dot; a descriptor that is a mean of unit vectors gives the mean cosine. */
export function descriptorSimilarity(descriptor: Float32Array, key: FeatureMap): SimilarityMap {
  checkDim(descriptor, key);
  const n = key.rows * key.cols;
  const values = new Float32Array(n);
  for (let t = 0; t < n; t++) values[t] = dot(descriptor, 0, key.data, t * key.dim, key.dim);
  return { rows: key.rows, cols: key.cols, values };
}

/** How similar each token of `key` is to the query image at `point` (query's original frame). */
export function similarityMap(query: FeatureMap, point: Point, key: FeatureMap): SimilarityMap {
  return descriptorSimilarity(descriptorAt(query, point), key);
}

/** The element-wise mean of unit descriptors (not renormalised: its similarity is the mean of the similarities). */
export function meanDescriptor(descriptors: readonly Float32Array[]): Float32Array {
  if (descriptors.length === 0) throw new RangeError('mean of no descriptors');
  const mean = new Float32Array(descriptors[0]!.length);
  for (const d of descriptors) {
    if (d.length !== mean.length) throw new RangeError(`descriptors of different lengths (${d.length} and ${mean.length})`);
    for (let k = 0; k < d.length; k++) mean[k]! += d[k]! / descriptors.length;
  }
  return mean;
}
