import * as tf from '@tensorflow/tfjs';
import { linear } from './linear';
import { matMul2d } from './matmul';
import type { Getter } from './params';
import { ATTENTION, ATTENTION_GRAD, canFuseAttention } from './wasm-attention';

/** [N, ...rest] → N tensors of shape rest: one SplitV, whose gradient is one Concat (slices would pad each). */
const pieces = (x: tf.Tensor): tf.Tensor2D[] => {
  const [n = 0, ...rest] = x.shape;
  return tf.split(x, n, 0).map((t) => t.reshape(rest) as tf.Tensor2D);
};

/** softmax(q·kT)·v per head with the fused kernels; q [N, T, hd] scaled, kT [N, hd, T], v [N, T, hd]. */
const fusedCore = tf.customGrad((...args) => {
  const [q, kT, v, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  const [out, probs] = tf.engine().runKernel(ATTENTION, { q, kT, v }, {}) as tf.Tensor[];
  save([probs as tf.Tensor, q, kT, v]);
  return {
    value: out as tf.Tensor,
    gradFunc: (dOut: tf.Tensor, [sp, sq, sk, sv]: tf.Tensor[]) =>
      tf.engine().runKernel(ATTENTION_GRAD, { dOut, probs: sp as tf.Tensor, q: sq as tf.Tensor, kT: sk as tf.Tensor, v: sv as tf.Tensor }, {}) as tf.Tensor[],
  };
});

/** The same per head as tf ops (backends without the fused kernels). */
function perHeadCore(q: tf.Tensor3D, kT: tf.Tensor3D, v: tf.Tensor3D): tf.Tensor3D {
  const kts = pieces(kT);
  const vs = pieces(v);
  const outs = pieces(q).map((qh, i) => matMul2d(tf.softmax(matMul2d(qh, kts[i] as tf.Tensor2D)) as tf.Tensor2D, vs[i] as tf.Tensor2D));
  return tf.concat(outs, 0).reshape(q.shape) as tf.Tensor3D;
}

/**
 * timm multi-head self-attention on tokens kept as a [B·T, D] matrix. The qkv feature axis splits as
 * (3, heads, head_dim), slowest first. Scores and outputs are one plain 2-D matmul per (image, head), as
 * batched and transposed matMuls run a scalar loop on wasm (tfjs-wasm-notes §3); the keys are transposed
 * for all heads at once, and every reshuffle is a rank-4 transpose (rank 5 is ~50× slower on wasm).
 */
export function attention(x: tf.Tensor2D, get: Getter, batch: number, heads: number): tf.Tensor2D {
  const [rows = 0, dim = 0] = x.shape;
  const tokens = rows / batch;
  const hd = dim / heads;
  const qkv = linear(x, get('qkv.weight'), get('qkv.bias'));
  // [B, T, 3H, hd] → [B, 3H, T, hd] → q, k, v of [B, H, T, hd] each.
  const [q, k, v] = tf.split(tf.transpose(qkv.reshape([batch, tokens, 3 * heads, hd]), [0, 2, 1, 3]), 3, 1) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  const qs = tf.mul(q, hd ** -0.5).reshape([batch * heads, tokens, hd]) as tf.Tensor3D;
  const kts = tf.transpose(k, [0, 1, 3, 2]).reshape([batch * heads, hd, tokens]) as tf.Tensor3D;
  const vs = v.reshape([batch * heads, tokens, hd]) as tf.Tensor3D;
  const out = canFuseAttention(tokens) ? (fusedCore(qs, kts, vs) as tf.Tensor3D) : perHeadCore(qs, kts, vs);
  // [B·H, T, hd] → [B, T, H, hd] → [B·T, D] with features head-major, as timm's transpose(1, 2).reshape.
  const merged = tf.transpose(out.reshape([batch, heads, tokens, hd]), [0, 2, 1, 3]).reshape([rows, dim]) as tf.Tensor2D;
  return linear(merged, get('proj.weight'), get('proj.bias')) as tf.Tensor2D;
}
