import { TSNE } from '@keckelt/tsne';
import { createRng } from '../../ssl/rng';
import { iterate, type IterateOptions } from './iterate';

export interface TsneOptions extends IterateOptions {
  /** Spec §5.3 (sklearn): 50, clipped to (n − 1)/3 so small sets stay well posed. */
  readonly perplexity?: number;
  /**
   * sklearn's learning_rate; tsnejs calls it epsilon and applies it to the same gain-scaled gradient step.
   * Default: see autoLearningRate.
   */
  readonly learningRate?: number;
  /** sklearn's default max_iter. */
  readonly iterations?: number;
  readonly seed?: number;
}

/**
 * PEAC ran sklearn with learning rate 500 on ~7,000 patches. On the few hundred points here that step throws
 * points out of the map (measured on 40 points in two clusters: map radius 190–8,600 and nearest neighbours in
 * the wrong cluster for up to 10 % of points at 200–500, against radius 13–20 and none at 100), so the default
 * is sklearn's size-aware 'auto' rule, max(n / 12 / 4, 50), never above the spec's 500.
 */
export const autoLearningRate = (n: number): number => Math.min(500, Math.max(n / 48, 50));

/**
 * Exact t-SNE to 2-D (tsnejs: Gaussian perplexity calibration on squared distances, Student-t map, momentum
 * 0.5 → 0.8 and adaptive gains like sklearn; its early exaggeration is 4 for 100 iterations where sklearn uses
 * 12 for 250). The library draws its initial map from Math.random; replacing its normal sampler with our seeded
 * one makes a run reproducible without touching the global generator.
 */
export async function tsne(vectors: readonly Float32Array[], options: TsneOptions = {}): Promise<number[][]> {
  const n = vectors.length;
  const perplexity = Math.min(options.perplexity ?? 50, (n - 1) / 3);
  const model = new TSNE({ dim: 2, perplexity, epsilon: options.learningRate ?? autoLearningRate(n) });
  const rng = createRng(options.seed ?? 0);
  model.gaussRandom = () => rng.normal();
  model.initDataRaw(vectors.map((v) => Array.from(v)));
  await iterate(options.iterations ?? 1000, () => model.step(), options);
  return (model.getSolution() as number[][]).map((p) => [p[0] ?? 0, p[1] ?? 0]);
}
