/** Small host-side vector arithmetic on Float32Array features (report and embedding sizes: hundreds of dims). */

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Cosine similarity; 0 when either vector is zero (an all-black input has no direction to compare). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`cosine of vectors of different lengths (${a.length} and ${b.length})`);
  const norms = Math.sqrt(dot(a, a) * dot(b, b));
  return norms > 0 ? dot(a, b) / norms : 0;
}

export function subtract(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v - (b[i] ?? 0));
}

/** Element-wise mean of equally long vectors. */
export function meanVector(vectors: readonly Float32Array[]): Float32Array {
  const first = vectors[0];
  if (!first) throw new RangeError('mean of no vectors');
  const out = new Float32Array(first.length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i]! += v[i] ?? 0;
  return out.map((v) => v / vectors.length);
}

/** Mean of the `dim`-long rows of a row-major block (the tokens of a feature map → one image-level vector). */
export function meanRows(data: Float32Array, dim: number): Float32Array {
  if (!Number.isInteger(dim) || dim <= 0 || data.length % dim !== 0) throw new RangeError(`${data.length} values are not a whole number of ${dim}-d rows`);
  const count = data.length / dim;
  const out = new Float32Array(dim);
  for (let at = 0; at < data.length; at += dim) for (let k = 0; k < dim; k++) out[k]! += data[at + k]!;
  return out.map((v) => v / count);
}
