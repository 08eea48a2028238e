import * as tf from '@tensorflow/tfjs';
import { kmeans } from '../cluster/kmeans';
import type { FeatureMap } from '../features/types';
import { tokenCenter } from '../features/grid';
import type { Point } from './evaluate';

/**
 * Best buddies (dino-vit-features, spec §5.1): token pairs that are each other's nearest neighbour, thinned to
 * `count` spread-out pairs by k-means on the concatenated pair descriptors. Upstream keeps the most salient pair
 * per cluster (CLS attention of DINO ViT-S/8); our models have no such saliency (spec §9), so the most similar
 * pair is kept instead.
 */

export interface BuddyOptions {
  /** Pairs to keep (default 10). */
  readonly count?: number;
  /**
   * Foreground tokens (non-zero = keep), token-major like the maps. Upstream keeps buddies foreground in A whose
   * partner is reached from B's foreground; for mutual pairs that is (nearly always) "both ends foreground".
   */
  readonly mask?: { readonly a?: ArrayLike<number>; readonly b?: ArrayLike<number> };
  /** k-means seed (default 0, like upstream's random_state). */
  readonly seed?: number;
}

export interface BuddyPair {
  /** Original frames of image A and image B. */
  readonly a: Point;
  readonly b: Point;
  readonly tokenA: number;
  readonly tokenB: number;
  readonly score: number;
}

export interface MutualPairs {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly score: Float32Array;
}

function checkSameDim(a: FeatureMap, b: FeatureMap): void {
  if (a.dim !== b.dim) throw new RangeError(`feature maps of different dimensions (${a.dim} and ${b.dim})`);
}

/** Similarity-matrix rows per matmul: bounds the chunk at about 16 MB of floats whatever the grid sizes. */
const CHUNK_ELEMENTS = 1 << 22;

/**
 * Pairs (i, j) with j = argmax sim(i, ·) and i = argmax sim(·, j). The similarity matrix is never held whole: it
 * is computed in row chunks as plain 2-D matmuls (the only matmul form XNNPACK serves on wasm, ~10× a JS loop),
 * each chunk giving its rows' best columns and a running best row per column.
 */
export async function mutualNearestNeighbours(a: FeatureMap, b: FeatureMap, chunkElements = CHUNK_ELEMENTS): Promise<MutualPairs> {
  checkSameDim(a, b);
  const na = a.rows * a.cols;
  const nb = b.rows * b.cols;
  const dim = a.dim;
  const nnAB = new Int32Array(na);
  const bestA = new Float32Array(na);
  const nnBA = new Int32Array(nb);
  const bestB = new Float32Array(nb).fill(-Infinity);
  const bt = tf.tidy(() => tf.transpose(tf.tensor2d(b.data, [nb, dim])));
  try {
    const chunk = Math.max(1, Math.floor(chunkElements / nb));
    for (let start = 0; start < na; start += chunk) {
      const rows = Math.min(chunk, na - start);
      const parts = tf.tidy(() => {
        const s = tf.matMul(tf.tensor2d(a.data.subarray(start * dim, (start + rows) * dim), [rows, dim]), bt);
        return [tf.argMax(s, 1), tf.max(s, 1), tf.argMax(s, 0), tf.max(s, 0)];
      });
      const [rowArg, rowMax, colArg, colMax] = await Promise.all(parts.map((t) => t.data()));
      tf.dispose(parts);
      nnAB.set(rowArg!, start);
      bestA.set(rowMax!, start);
      for (let j = 0; j < nb; j++) {
        if (colMax![j]! > bestB[j]!) {
          bestB[j] = colMax![j]!;
          nnBA[j] = start + colArg![j]!;
        }
      }
    }
  } finally {
    bt.dispose();
  }
  const ia: number[] = [];
  for (let i = 0; i < na; i++) if (nnBA[nnAB[i]!] === i) ia.push(i);
  return { a: Int32Array.from(ia), b: Int32Array.from(ia, (i) => nnAB[i]!), score: Float32Array.from(ia, (i) => bestA[i]!) };
}

export async function bestBuddies(a: FeatureMap, b: FeatureMap, options: BuddyOptions = {}): Promise<BuddyPair[]> {
  return spreadBuddies(a, b, await mutualNearestNeighbours(a, b), options);
}

/** The thinning step of bestBuddies on already computed mutual pairs (callers that also report their count). */
export function spreadBuddies(a: FeatureMap, b: FeatureMap, mutual: MutualPairs, options: BuddyOptions = {}): BuddyPair[] {
  const count = options.count ?? 10;
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`best buddies: count must be a positive integer, got ${count}`);
  const keep: number[] = [];
  for (let p = 0; p < mutual.a.length; p++) {
    if (options.mask?.a && !options.mask.a[mutual.a[p]!]) continue;
    if (options.mask?.b && !options.mask.b[mutual.b[p]!]) continue;
    keep.push(p);
  }
  if (keep.length === 0) return [];
  const dim = 2 * a.dim;
  const joined = new Float32Array(keep.length * dim);
  keep.forEach((p, row) => {
    joined.set(a.data.subarray(mutual.a[p]! * a.dim, (mutual.a[p]! + 1) * a.dim), row * dim);
    joined.set(b.data.subarray(mutual.b[p]! * b.dim, (mutual.b[p]! + 1) * b.dim), row * dim + a.dim);
    // Both halves are unit vectors, so the concatenation has norm √2.
    for (let k = 0; k < dim; k++) joined[row * dim + k]! /= Math.SQRT2;
  });
  const k = Math.min(count, keep.length);
  const { labels } = kmeans(joined, dim, k, { seed: options.seed ?? 0 });
  const bestOf = new Map<number, number>();
  keep.forEach((p, row) => {
    const label = labels[row]!;
    const held = bestOf.get(label);
    if (held === undefined || mutual.score[p]! > mutual.score[held]!) bestOf.set(label, p);
  });
  return [...bestOf.values()]
    .map((p) => {
      const ta = mutual.a[p]!;
      const tb = mutual.b[p]!;
      return {
        a: tokenCenter(a, Math.floor(ta / a.cols), ta % a.cols),
        b: tokenCenter(b, Math.floor(tb / b.cols), tb % b.cols),
        tokenA: ta,
        tokenB: tb,
        score: mutual.score[p]!,
      };
    })
    .sort((x, y) => y.score - x.score);
}
