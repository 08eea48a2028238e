import { UMAP } from 'umap-js';
import { createRng } from '../../ssl/rng';
import { iterate, type IterateOptions } from './iterate';

export interface UmapOptions extends IterateOptions {
  /** umap-learn's 15, clipped to n − 1 for small sets. */
  readonly neighbours?: number;
  readonly minDist?: number;
  readonly seed?: number;
}

/** UMAP to 2-D with the seeded generator driving every random choice (neighbour trees, init, negative samples). */
export async function umap(vectors: readonly Float32Array[], options: UmapOptions = {}): Promise<number[][]> {
  const rng = createRng(options.seed ?? 0);
  const model = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.neighbours ?? 15, vectors.length - 1),
    minDist: options.minDist ?? 0.1,
    random: () => rng.float(),
  });
  const epochs = model.initializeFit(vectors.map((v) => Array.from(v)));
  await iterate(epochs, () => model.step(), options);
  return model.getEmbedding().map((p) => [p[0] ?? 0, p[1] ?? 0]);
}
