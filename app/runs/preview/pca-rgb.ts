export interface PcaRgb {
  /** [n, 3] row-major in [0, 1]: each component min–max scaled over the rows. */
  readonly rgb: Float32Array;
  /** Fraction of the variance each of the three components explains. */
  readonly explained: readonly number[];
}

const COMPONENTS = 3;
const MAX_ITERATIONS = 500;

/** Symmetric m×m product of the centred data with itself: XᵀX (over rows) or XXᵀ (over features). */
function gram(x: Float64Array, n: number, d: number, overRows: boolean): Float64Array {
  const m = overRows ? d : n;
  const g = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let s = 0;
      if (overRows) for (let r = 0; r < n; r++) s += x[r * d + i]! * x[r * d + j]!;
      else for (let k = 0; k < d; k++) s += x[i * d + k]! * x[j * d + k]!;
      g[i * m + j] = s;
      g[j * m + i] = s;
    }
  }
  return g;
}

/** Leading eigenpair of a symmetric positive semi-definite matrix by power iteration from a fixed start. */
function leadingEigen(g: Float64Array, m: number): { value: number; vector: Float64Array } {
  let v = Float64Array.from({ length: m }, (_, i) => 1 + i / m);
  let value = 0;
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const next = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += g[i * m + j]! * v[j]!;
      next[i] = s;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return { value: 0, vector: v.map(() => 0) };
    for (let i = 0; i < m; i++) next[i]! /= norm;
    const change = next.reduce((s, e, i) => s + Math.abs(e - v[i]!), 0);
    v = next;
    value = norm;
    if (change < 1e-9) break;
  }
  return { value, vector: v };
}

/**
 * The first three principal components of n feature rows as colours, by power iteration on the smaller of the
 * d×d covariance and the n×n Gram matrix (a full decomposition costs ~0.5 s for ViT-T's 196 tokens; this a few
 * ms). A component's sign is arbitrary; it is fixed so that its largest loading is positive, so successive
 * previews of a slowly changing model keep their colours.
 */
export function pcaRgb(features: Float32Array, dim: number): PcaRgb {
  const n = features.length / dim;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`PCA needs at least two rows of ${dim} features, got ${features.length} values`);
  const x = Float64Array.from(features);
  for (let k = 0; k < dim; k++) {
    let mean = 0;
    for (let r = 0; r < n; r++) mean += x[r * dim + k]!;
    mean /= n;
    for (let r = 0; r < n; r++) x[r * dim + k]! -= mean;
  }
  const overRows = dim <= n;
  const m = overRows ? dim : n;
  const g = gram(x, n, dim, overRows);
  let trace = 0;
  for (let i = 0; i < m; i++) trace += g[i * m + i]!;
  const rgb = new Float32Array(n * 3).fill(0.5);
  const explained: number[] = [];
  for (let c = 0; c < COMPONENTS; c++) {
    const { value, vector } = leadingEigen(g, m);
    explained.push(trace > 0 ? value / trace : 0);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) g[i * m + j]! -= value * vector[i]! * vector[j]!;
    if (value <= trace * 1e-12) continue;
    // Scores X·v (covariance) or σ·u (Gram); loadings v or Xᵀu/σ, whose largest entry fixes the sign.
    const sigma = Math.sqrt(value);
    const scores = overRows ? Array.from({ length: n }, (_, r) => vector.reduce((s, e, k) => s + x[r * dim + k]! * e, 0)) : Array.from(vector, (e) => e * sigma);
    const loading = overRows ? Array.from(vector) : Array.from({ length: dim }, (_, k) => vector.reduce((s, e, r) => s + x[r * dim + k]! * e, 0));
    const sign = loading.reduce((best, e) => (Math.abs(e) > Math.abs(best) ? e : best), 0) < 0 ? -1 : 1;
    const lo = Math.min(...scores.map((s) => sign * s));
    const span = Math.max(...scores.map((s) => sign * s)) - lo;
    scores.forEach((s, i) => (rgb[i * 3 + c] = span > 0 ? (sign * s - lo) / span : 0.5));
  }
  return { rgb, explained };
}
