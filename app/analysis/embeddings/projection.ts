import { pca } from './pca';
import { tsne, type TsneOptions } from './tsne';
import { umap, type UmapOptions } from './umap';

export const PROJECTIONS = ['tsne', 'pca', 'umap'] as const;
export type Projection = (typeof PROJECTIONS)[number];

export interface ProjectionOptions {
  readonly seed?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  readonly tsne?: Omit<TsneOptions, 'seed' | 'signal' | 'onProgress'>;
  readonly umap?: Omit<UmapOptions, 'seed' | 'signal' | 'onProgress'>;
}

export interface Point2 {
  readonly x: number;
  readonly y: number;
}

/**
 * Spec §5.3 divides each axis by its range (max − min); we also centre it on the range's midpoint, so every
 * projection lands in [−0.5, 0.5]² for display. An axis without spread maps to 0, and so does one whose range is
 * rounding noise next to the other's (e.g. the second component of points on a line), which would otherwise be
 * blown up to the full square.
 */
export function normaliseAxes(points: readonly (readonly number[])[]): Point2[] {
  const axis = (k: number) => {
    const values = points.map((p) => p[k] ?? 0);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return { mid: (lo + hi) / 2, range: hi - lo };
  };
  const [ax, ay] = [axis(0), axis(1)];
  const noise = 1e-9 * Math.max(ax.range, ay.range);
  const scale = (v: number, a: { mid: number; range: number }): number => (a.range > noise ? (v - a.mid) / a.range : 0);
  return points.map((p) => ({ x: scale(p[0] ?? 0, ax), y: scale(p[1] ?? 0, ay) }));
}

/** 2-D map of feature vectors (all the same length, at least 3 of them) by the chosen method, normalised. */
export async function project(vectors: readonly Float32Array[], method: Projection, options: ProjectionOptions = {}): Promise<Point2[]> {
  if (vectors.length < 3) throw new RangeError(`a ${method} projection needs at least 3 vectors, got ${vectors.length}`);
  const dim = vectors[0]?.length ?? 0;
  if (dim === 0 || vectors.some((v) => v.length !== dim)) throw new RangeError(`a ${method} projection needs vectors of one non-zero length`);
  const common = { seed: options.seed, signal: options.signal, onProgress: options.onProgress };
  switch (method) {
    case 'tsne':
      return normaliseAxes(await tsne(vectors, { ...options.tsne, ...common }));
    case 'umap':
      return normaliseAxes(await umap(vectors, { ...options.umap, ...common }));
    case 'pca': {
      const map = normaliseAxes(pca(vectors));
      options.onProgress?.(1, 1);
      return map;
    }
  }
}
