import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../nn/matmul';
import { l2Normalize } from '../nn/normalize';

/**
 * PEAC global consistency (spec §3.4): MSE of L2-normalised projections, cross-paired student/teacher views.
 * Unweighted; PEAC multiplies it by 1e5 in the total.
 */
export function peacGlobalLoss(g1s: tf.Tensor, g2s: tf.Tensor, g1t: tf.Tensor, g2t: tf.Tensor): tf.Tensor {
  const mse = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.mean(tf.squaredDifference(l2Normalize(a), l2Normalize(b)));
  return tf.add(mse(g1s, g2t), mse(g2s, g1t));
}

/**
 * One-hot rows picking, sample by sample, the tokens where `mask` is 1 (row-major): [K, B·T]. A matmul with
 * it is the gather (tf.gather has no gradient on wasm), and with the correct geometry the k-th row of view 1
 * and of view 2 are the same image cell.
 */
function selection(mask: ArrayLike<number>, keep: readonly number[], tokens: number): tf.Tensor2D {
  const rows: number[] = [];
  for (const b of keep) for (let t = b * tokens; t < (b + 1) * tokens; t++) if (mask[t]) rows.push(t);
  const batch = mask.length / tokens;
  const onehot = new Float32Array(rows.length * batch * tokens);
  rows.forEach((col, r) => (onehot[r * batch * tokens + col] = 1));
  return tf.tensor2d(onehot, [rows.length, batch * tokens]);
}

/**
 * PEAC positive-only local loss over the samples whose view 1 was not shuffled: ½[MSE(l1_s∘O1, l2_t∘O2) +
 * MSE(l1_t∘O1, l2_s∘O2)], mean over selected tokens × dims. Exactly 0 when every sample is shuffled.
 * Embeddings [B, T, D]; masks [B·T] 0/1 with equal counts per sample; shuffled [B] 0/1.
 */
export function peacLocalLoss(
  l1s: tf.Tensor3D,
  l2s: tf.Tensor3D,
  l1t: tf.Tensor3D,
  l2t: tf.Tensor3D,
  mask1: ArrayLike<number>,
  mask2: ArrayLike<number>,
  shuffled: ArrayLike<number>,
): tf.Tensor {
  const [batch = 0, tokens = 0, dim = 0] = l1s.shape;
  const keep = Array.from({ length: batch }, (_, b) => b).filter((b) => !shuffled[b]);
  if (keep.length === 0) return tf.scalar(0);
  const s1 = selection(mask1, keep, tokens);
  const s2 = selection(mask2, keep, tokens);
  if (s1.shape[0] !== s2.shape[0]) throw new Error('peac local: the two masks select different token counts');
  const pick = (s: tf.Tensor2D, x: tf.Tensor3D): tf.Tensor2D => matMul2d(s, x.reshape([batch * tokens, dim]) as tf.Tensor2D);
  const mse = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.mean(tf.squaredDifference(a, b));
  return tf.mul(tf.add(mse(pick(s1, l1s), pick(s2, l2t)), mse(pick(s1, l1t), pick(s2, l2s))), 0.5);
}
