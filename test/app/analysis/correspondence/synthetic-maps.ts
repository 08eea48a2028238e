import type { FeatureMap } from '../../../../app/analysis/features/types';
import { tokenCenter } from '../../../../app/analysis/features/grid';

export interface Geometry {
  readonly patch: number;
  readonly stride: number;
  readonly inputSize: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
}

/** A feature map whose token (r, c) is `feature` of the token centre in the original frame, L2-normalised. */
export function mapFrom(g: Geometry, dim: number, feature: (x: number, y: number) => ArrayLike<number>): FeatureMap {
  const side = 1 + (g.inputSize - g.patch) / g.stride;
  const data = new Float32Array(side * side * dim);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const { x, y } = tokenCenter(g, r, c);
      const f = feature(x, y);
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += f[k]! ** 2;
      for (let k = 0; k < dim; k++) data[(r * side + c) * dim + k] = f[k]! / Math.sqrt(norm);
    }
  }
  return { rows: side, cols: side, dim, data, ...g };
}

/** A map from explicit token vectors (already unit length), row-major. */
export function mapOf(g: Geometry, rows: number, tokens: readonly (readonly number[])[]): FeatureMap {
  const dim = tokens[0]!.length;
  return { rows, cols: tokens.length / rows, dim, data: Float32Array.from(tokens.flat()), ...g };
}

/**
 * Smooth position features: Gaussian bumps on a lattice, so the cosine of two positions falls smoothly with their
 * distance (about exp(−d²/4σ²)) and the best match of a position is known to sub-pixel precision.
 */
export function bumps(extent: number, spacing: number, sigma: number): { dim: number; at: (x: number, y: number) => Float32Array } {
  const centres: number[] = [];
  for (let v = -2 * spacing; v <= extent + 2 * spacing; v += spacing) centres.push(v);
  const n = centres.length;
  return {
    dim: n * n,
    at(x, y) {
      const gx = centres.map((a) => Math.exp(-((x - a) ** 2) / (2 * sigma * sigma)));
      const gy = centres.map((a) => Math.exp(-((y - a) ** 2) / (2 * sigma * sigma)));
      const f = new Float32Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) f[i * n + j] = gy[i]! * gx[j]!;
      return f;
    },
  };
}
