import * as tf from '@tensorflow/tfjs';
import type { Plane } from '../../../../app/ssl/geometry/image';
import { type VitConfig, vitConfig, vitParamSpecs } from '../../../../app/ssl/nn/vit';
import { createRng } from '../../../../app/ssl/rng';

/** A ViT small enough for the cpu backend: width 16, 2 blocks, 2 heads, 8-px patches at 32 px. */
export const TINY_VIT: VitConfig = vitConfig('vit-t16', { imgSize: 32, patchSize: 8, inChans: 1, embedDim: 16, depth: 2, numHeads: 2 });

/**
 * Every parameter random (LayerNorm gains and all biases too, unlike the training init), so a wrong gain, bias
 * or index order cannot hide behind ones and zeros.
 */
export function randomParams(cfg: VitConfig, seed: number): Map<string, tf.Tensor> {
  const rng = createRng(seed);
  return new Map(vitParamSpecs(cfg).map((s) => [s.name, tf.tensor(Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, () => 0.3 * rng.normal()), [...s.shape])]));
}

/** A grey 0–255 plane with structure at every scale. */
export function testPlane(side: number, seed: number): Plane {
  const rng = createRng(seed);
  const data = Float32Array.from({ length: side * side }, (_, i) => 128 + 60 * Math.sin((i % side) / 3 + seed) * Math.cos(Math.floor(i / side) / 5) + 20 * rng.normal());
  return { height: side, width: side, channels: 1, data };
}

/** Host arithmetic used as the independent reference. */
export const host = {
  values: (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array,
  /** LayerNorm of each row (biased variance). */
  layerNorm(rows: readonly Float32Array[], weight: Float32Array, bias: Float32Array, eps: number): Float32Array[] {
    return rows.map((x) => {
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
      return x.map((v, k) => ((v - mean) / Math.sqrt(variance + eps)) * weight[k]! + bias[k]!);
    });
  },
  /** rows · W + b with W stored [in, out]. */
  linear(rows: readonly Float32Array[], weight: Float32Array, bias: Float32Array | null, outDim: number): Float32Array[] {
    return rows.map((x) => Float32Array.from({ length: outDim }, (_, o) => x.reduce((s, v, i) => s + v * weight[i * outDim + o]!, bias?.[o] ?? 0)));
  },
};

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
