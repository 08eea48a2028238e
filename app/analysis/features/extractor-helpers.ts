import * as tf from '@tensorflow/tfjs';
import type { Plane } from '../../ssl/geometry/image';
import type { FeatureSettings } from './types';

/** Part of every extractor id: bump it when the way features are computed changes, so old caches are not read. */
export const FEATURES_VERSION = 1;

export function checkInputs(inputs: readonly Plane[], settings: FeatureSettings, what: string): void {
  for (const [i, p] of inputs.entries()) {
    if (p.height !== settings.inputSize || p.width !== settings.inputSize || p.channels !== 1) {
      throw new Error(`${what}: input ${i} is ${p.width}×${p.height}×${p.channels}, expected ${settings.inputSize}² grey (resize first)`);
    }
  }
}

/** Host copies, one per image, of a [B, …] tensor's rows; the tensor is disposed. */
export async function perImage(features: tf.Tensor, count: number): Promise<Float32Array[]> {
  const all = (await features.data()) as Float32Array;
  features.dispose();
  const size = all.length / count;
  return Array.from({ length: count }, (_, i) => all.slice(i * size, (i + 1) * size));
}

/**
 * Default settings for a model trained on `imageSize`-px images cut into patch-sized cells (ACE/DINO grid crops:
 * 14 native-resolution 16-px cells of a 512-px image for the CPU default): the whole image at that size, one
 * token per cell, so anatomy appears at the scale training saw it; only the position embeddings are stretched
 * (14×14 → 32×32). The last block's normalised tokens are what the training losses shape. Cost per image on
 * wasm, 1 thread, ViT-T/16 (bench/analysis/features.bench.ts): 224 px 0.12 s, 448 px 0.52 s, 512 px 0.8 s;
 * stride 8 at 448 px 4.3 s; a cached read ~1 ms. Denser strides and log-binning (spec §5.1's correspondence
 * descriptor) stay explicit choices of the caller.
 */
export function defaultSettings(patch: number, imageSize: number): FeatureSettings {
  return { layer: -1, facet: 'token', inputSize: Math.max(patch, Math.floor(imageSize / patch) * patch), stride: patch, logBin: false };
}
