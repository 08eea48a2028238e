/**
 * K-means on flat typed arrays (n × dim, row-major): Lloyd's iterations from k-means++ seeds, deterministic for a
 * seed. Written here rather than taken from ml-kmeans because that library works on number[][] with a distance
 * callback per pair and a full distance matrix for seeding, which is far too slow and large for ~50k × 192 tokens.
 */
import { createRng, type Rng } from '../../ssl/rng';

export interface KMeansOptions {
  readonly seed?: number;
  /** Lloyd iterations per restart (default 100); stops earlier when no label changes. */
  readonly maxIterations?: number;
  /** Independent seedings; the one with the lowest inertia wins (default 1). */
  readonly restarts?: number;
}

export interface KMeansResult {
  readonly k: number;
  /** k × dim, row-major. */
  readonly centroids: Float32Array;
  readonly labels: Int32Array;
  /** Mean squared Euclidean distance of a point to its assigned centroid. */
  readonly inertia: number;
}

export interface ElbowOptions {
  /** Largest k tried (default 14). */
  readonly maxK?: number;
  /** Stop at the first k whose inertia exceeds ratio × the previous k's (default 0.975). */
  readonly ratio?: number;
  readonly seed?: number;
  readonly maxIterations?: number;
  readonly restarts?: number;
}

function pointCount(data: Float32Array, dim: number, what: string): number {
  if (!(Number.isInteger(dim) && dim > 0)) throw new RangeError(`${what}: dim must be a positive integer, got ${dim}`);
  if (data.length % dim !== 0) throw new RangeError(`${what}: data length ${data.length} is not a multiple of dim ${dim}`);
  return data.length / dim;
}

function squaredNorms(data: Float32Array, dim: number, n: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * dim, end = j + dim; j < end; j++) s += data[j]! * data[j]!;
    norms[i] = s;
  }
  return norms;
}

function squaredDistance(a: Float32Array, ai: number, b: Float32Array, bi: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) {
    const d = a[ai + j]! - b[bi + j]!;
    s += d * d;
  }
  return s;
}

/**
 * Squared distances of point i to all k centroids into `out`, as ‖x‖² − 2x·c + ‖c‖² (one dot product per pair),
 * clamped at 0 against rounding. Four centroids share each pass over the point: it reads the point once per four
 * dot products, which is what bounds this loop.
 */
function pointDistances(data: Float32Array, i: number, dim: number, xNorm: number, centroids: Float32Array, cNorms: Float64Array, out: Float64Array): void {
  const k = cNorms.length;
  const base = i * dim;
  let c = 0;
  for (; c + 4 <= k; c += 4) {
    const b0 = c * dim;
    const b1 = b0 + dim;
    const b2 = b1 + dim;
    const b3 = b2 + dim;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let j = 0; j < dim; j++) {
      const x = data[base + j]!;
      d0 += x * centroids[b0 + j]!;
      d1 += x * centroids[b1 + j]!;
      d2 += x * centroids[b2 + j]!;
      d3 += x * centroids[b3 + j]!;
    }
    out[c] = Math.max(0, xNorm + cNorms[c]! - 2 * d0);
    out[c + 1] = Math.max(0, xNorm + cNorms[c + 1]! - 2 * d1);
    out[c + 2] = Math.max(0, xNorm + cNorms[c + 2]! - 2 * d2);
    out[c + 3] = Math.max(0, xNorm + cNorms[c + 3]! - 2 * d3);
  }
  for (; c < k; c++) {
    const cb = c * dim;
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += data[base + j]! * centroids[cb + j]!;
    out[c] = Math.max(0, xNorm + cNorms[c]! - 2 * dot);
  }
}

/** Nearest centroid of every point, and its squared distance. */
function nearest(
  data: Float32Array,
  dim: number,
  n: number,
  norms: Float64Array,
  centroids: Float32Array,
  k: number,
  labels: Int32Array,
  dist: Float64Array,
): void {
  const cNorms = squaredNorms(centroids, dim, k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    pointDistances(data, i, dim, norms[i]!, centroids, cNorms, row);
    let best = 0;
    for (let c = 1; c < k; c++) if (row[c]! < row[best]!) best = c;
    labels[i] = best;
    dist[i] = row[best]!;
  }
}

/** k-means++ (Arthur & Vassilvitskii): each next seed drawn with probability ∝ squared distance to the nearest seed. */
function seedPlusPlus(data: Float32Array, dim: number, n: number, k: number, rng: Rng): Float32Array {
  const centroids = new Float32Array(k * dim);
  const first = rng.int(0, n - 1);
  centroids.set(data.subarray(first * dim, first * dim + dim), 0);
  const closest = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(data, i * dim, centroids, 0, dim);
    total += closest[i]!;
  }
  for (let c = 1; c < k; c++) {
    let pick = n - 1;
    if (total > 0) {
      let r = rng.float() * total;
      for (let i = 0; i < n; i++) {
        r -= closest[i]!;
        if (r < 0) {
          pick = i;
          break;
        }
      }
    } else pick = rng.int(0, n - 1);
    centroids.set(data.subarray(pick * dim, pick * dim + dim), c * dim);
    total = 0;
    for (let i = 0; i < n; i++) {
      const d = squaredDistance(data, i * dim, centroids, c * dim, dim);
      if (d < closest[i]!) closest[i] = d;
      total += closest[i]!;
    }
  }
  return centroids;
}

function lloyd(data: Float32Array, dim: number, n: number, norms: Float64Array, k: number, rng: Rng, maxIterations: number): KMeansResult {
  const centroids = seedPlusPlus(data, dim, n, k, rng);
  const labels = new Int32Array(n).fill(-1);
  const next = new Int32Array(n);
  const dist = new Float64Array(n);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let iter = 0; iter < maxIterations; iter++) {
    nearest(data, dim, n, norms, centroids, k, next, dist);
    let changed = 0;
    for (let i = 0; i < n; i++) if (next[i] !== labels[i]) changed++;
    labels.set(next);
    if (changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]!++;
      const sb = c * dim;
      const db = i * dim;
      for (let j = 0; j < dim; j++) sums[sb + j]! += data[db + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // An empty cluster takes over the point worst served by its centroid, so k stays k.
        let far = 0;
        for (let i = 1; i < n; i++) if (dist[i]! > dist[far]!) far = i;
        centroids.set(data.subarray(far * dim, far * dim + dim), c * dim);
        dist[far] = 0;
        continue;
      }
      const inv = 1 / counts[c]!;
      for (let j = 0; j < dim; j++) centroids[c * dim + j] = sums[c * dim + j]! * inv;
    }
  }
  nearest(data, dim, n, norms, centroids, k, labels, dist);
  let total = 0;
  for (let i = 0; i < n; i++) total += dist[i]!;
  return { k, centroids, labels, inertia: total / n };
}

export function kmeans(data: Float32Array, dim: number, k: number, opts: KMeansOptions = {}): KMeansResult {
  const n = pointCount(data, dim, 'kmeans');
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`kmeans: k must be an integer in 1..${n} (the number of points), got ${k}`);
  const maxIterations = opts.maxIterations ?? 100;
  const restarts = opts.restarts ?? 1;
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`kmeans: maxIterations must be a positive integer, got ${maxIterations}`);
  if (!(Number.isInteger(restarts) && restarts >= 1)) throw new RangeError(`kmeans: restarts must be a positive integer, got ${restarts}`);
  const rng = createRng(opts.seed ?? 0);
  const norms = squaredNorms(data, dim, n);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const result = lloyd(data, dim, n, norms, k, rng, maxIterations);
    if (best === null || result.inertia < best.inertia) best = result;
  }
  return best!;
}

/** Nearest centroid (k × dim) of every point. */
export function assign(data: Float32Array, dim: number, centroids: Float32Array): Int32Array {
  const n = pointCount(data, dim, 'assign');
  const k = pointCount(centroids, dim, 'assign centroids');
  const labels = new Int32Array(n);
  nearest(data, dim, n, squaredNorms(data, dim, n), centroids, k, labels, new Float64Array(n));
  return labels;
}

/** Squared distance of every point to every centroid: n × k, row-major. */
export function squaredDistances(data: Float32Array, dim: number, centroids: Float32Array): Float32Array {
  const n = pointCount(data, dim, 'squaredDistances');
  const k = pointCount(centroids, dim, 'squaredDistances centroids');
  const norms = squaredNorms(data, dim, n);
  const cNorms = squaredNorms(centroids, dim, k);
  const row = new Float64Array(k);
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    pointDistances(data, i, dim, norms[i]!, centroids, cNorms, row);
    out.set(row, i * k);
  }
  return out;
}

/**
 * The elbow criterion of dino-vit-features (spec §5.2): try k = 1, 2, …, maxK and stop at the first k whose inertia
 * exceeds ratio × the previous k's; the answer is that previous k (maxK when the criterion never fires).
 * inertias[i] belongs to k = i + 1.
 */
export function elbowK(data: Float32Array, dim: number, opts: ElbowOptions = {}): { k: number; inertias: number[] } {
  const n = pointCount(data, dim, 'elbowK');
  if (n === 0) throw new RangeError('elbowK: no points');
  const maxK = Math.min(opts.maxK ?? 14, n);
  const ratio = opts.ratio ?? 0.975;
  if (!(ratio > 0 && ratio <= 1)) throw new RangeError(`elbowK: ratio must be in (0, 1], got ${ratio}`);
  const inertias: number[] = [];
  for (let k = 1; k <= maxK; k++) {
    const { inertia } = kmeans(data, dim, k, opts);
    const previous = inertias[k - 2];
    // A perfect fit cannot improve: further clusters would split identical points.
    if (previous !== undefined && (inertia > ratio * previous || previous === 0)) return { k: k - 1, inertias: [...inertias, inertia] };
    inertias.push(inertia);
  }
  return { k: maxK, inertias };
}
