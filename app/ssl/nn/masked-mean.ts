import * as tf from '@tensorflow/tfjs';
import { matMul2d } from './matmul';

/**
 * Per-image means of the tokens where a 0/1 mask is 1 and where it is 0 (spec §2.2 "global input"), as one
 * matmul with a host-built averaging matrix: gather-free, so it has gradients on wasm. A side with no tokens
 * yields a zero vector. tokens [N, T, D], mask [N·T] → [2N, D] = [masked means (N); unmasked means (N)].
 */
export function maskedMeans(tokens: tf.Tensor3D, mask: ArrayLike<number>): tf.Tensor2D {
  const [n = 0, t = 0, d = 0] = tokens.shape;
  if (mask.length !== n * t) throw new Error(`mask of ${mask.length} for ${n}×${t} tokens`);
  const weights = new Float32Array(2 * n * n * t);
  for (let i = 0; i < n; i++) {
    let inside = 0;
    for (let k = 0; k < t; k++) inside += mask[i * t + k] ? 1 : 0;
    const outside = t - inside;
    for (let k = 0; k < t; k++) {
      const on = mask[i * t + k] ? 1 : 0;
      if (on) weights[i * n * t + i * t + k] = 1 / inside;
      else weights[(n + i) * n * t + i * t + k] = 1 / outside;
    }
  }
  return matMul2d(tf.tensor2d(weights, [2 * n, n * t]), tokens.reshape([n * t, d]) as tf.Tensor2D);
}

/** Per-image mean of every token, tokens [N, T, D] → [N, D], as one matmul (a reduction over T transposes on wasm). */
export function tokenMeans(tokens: tf.Tensor3D): tf.Tensor2D {
  const [n = 0, t = 0, d = 0] = tokens.shape;
  const weights = new Float32Array(n * n * t);
  for (let i = 0; i < n; i++) weights.fill(1 / t, i * n * t + i * t, i * n * t + (i + 1) * t);
  return matMul2d(tf.tensor2d(weights, [n, n * t]), tokens.reshape([n * t, d]) as tf.Tensor2D);
}
