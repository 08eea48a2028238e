import type { Plane } from '../../ssl/geometry/image';
import type { Rng } from '../../ssl/rng';
import type { AnalysisImage, FeatureExtractor, FeatureSettings } from '../features/types';
import { permutation, quadrants, randomSquare, type Range } from './crops';
import { gaussianKde, type Distribution } from './kde';
import { inputFromWindow, pooledFeatures, type PooledOptions } from './pooled-feature';
import { cosine, meanVector } from './vectors';

export interface CompositionalityOptions extends PooledOptions {
  /** Number of random patches (each costs 5 feature extractions). */
  readonly patches: number;
  /** Patch side as a fraction of the image's shorter side (spec §6 leaves it open: Adam's sizes are not given). */
  readonly side: Range;
}

export interface CompositionalityResult extends Distribution {
  /** cos(f(patch), mean_k f(sub_k)) per patch, in sampling order. */
  readonly values: number[];
}

/**
 * Spec §6.2: random square patches split into 2×2 sub-patches; the patch and each sub-patch are stretched to
 * the network input; the score is cos(f(patch), mean_k f(sub_k)). Patches go round the images in a seeded
 * order so each image is loaded once.
 */
export async function compositionality(
  extractor: FeatureExtractor,
  images: readonly AnalysisImage[],
  settings: FeatureSettings,
  rng: Rng,
  options: CompositionalityOptions,
): Promise<CompositionalityResult> {
  const { patches, side } = options;
  if (!Number.isInteger(patches) || patches < 1) throw new RangeError(`compositionality: patches ${patches} must be a positive integer`);
  if (images.length === 0) throw new RangeError('compositionality needs at least one image');
  const order = permutation(rng, images.length);
  const values: number[] = [];
  for (let slot = 0; slot < Math.min(patches, images.length); slot++) {
    const count = Math.floor(patches / images.length) + (slot < patches % images.length ? 1 : 0);
    const img: Plane = await images[order[slot] ?? 0]!.load();
    const inputs: Plane[] = [];
    for (let k = 0; k < count; k++) {
      const win = randomSquare(rng, img.height, img.width, side);
      for (const w of [win, ...quadrants(win)]) inputs.push(await inputFromWindow(img, w, settings.inputSize));
    }
    const features = await pooledFeatures(extractor, inputs, settings, options);
    for (let k = 0; k < count; k++) {
      const [whole, ...subs] = features.slice(5 * k, 5 * k + 5);
      values.push(cosine(whole!, meanVector(subs)));
    }
  }
  return { ...gaussianKde(values), values };
}
