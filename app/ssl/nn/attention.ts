import * as tf from '@tensorflow/tfjs';
import { linear } from './linear';
import { matMul2d } from './matmul';
import type { Getter } from './params';
import { recording } from './tape';
import { ATTENTION, ATTENTION_GRAD, ATTENTION_VALUE, type AttentionAttrs, canFuseAttention } from './wasm-attention';

/** [N, ...rest] → N tensors of shape rest: one SplitV, whose gradient is one Concat (slices would pad each). */
const pieces = (x: tf.Tensor): tf.Tensor2D[] => {
  const [n = 0, ...rest] = x.shape;
  return tf.split(x, n, 0).map((t) => t.reshape(rest) as tf.Tensor2D);
};

/**
 * The attention core on the qkv projection's output [B·T, 3D] → [B·T, D], with the fused kernels; without a
 * tape (a teacher's forward) the probabilities are not kept.
 */
function fusedCore(qkv: tf.Tensor2D, tokens: number, heads: number, scale: number): tf.Tensor2D {
  const attrs = { heads, tokens, scale } satisfies AttentionAttrs as unknown as tf.NamedAttrMap;
  if (!recording()) return tf.engine().runKernel(ATTENTION_VALUE, { qkv }, attrs) as tf.Tensor2D;
  const op = tf.customGrad((...args) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const [out, probs] = tf.engine().runKernel(ATTENTION, { qkv: x }, attrs) as tf.Tensor[];
    save([probs as tf.Tensor, x]);
    return {
      value: out as tf.Tensor,
      gradFunc: (dOut: tf.Tensor, [sp, sx]: tf.Tensor[]) => tf.engine().runKernel(ATTENTION_GRAD, { dOut, probs: sp as tf.Tensor, qkv: sx as tf.Tensor }, attrs) as tf.Tensor,
    };
  });
  return op(qkv) as tf.Tensor2D;
}

/** The same per head as tf ops (backends without the fused kernels). */
function perHeadCore(q: tf.Tensor3D, kT: tf.Tensor3D, v: tf.Tensor3D): tf.Tensor3D {
  const kts = pieces(kT);
  const vs = pieces(v);
  const outs = pieces(q).map((qh, i) => matMul2d(tf.softmax(matMul2d(qh, kts[i] as tf.Tensor2D)) as tf.Tensor2D, vs[i] as tf.Tensor2D));
  return tf.concat(outs, 0).reshape(q.shape) as tf.Tensor3D;
}

/**
 * timm multi-head self-attention on tokens kept as a [B·T, D] matrix. The qkv feature axis splits as
 * (3, heads, head_dim), slowest first. On wasm the core is one fused kernel each way that reads the heads in
 * place; elsewhere tf ops with one plain 2-D matmul per (image, head), as batched and transposed matMuls run a
 * scalar loop on wasm (tfjs-wasm-notes §3). With `residual`, returns residual + attention (one kernel on wasm).
 */
export function attention(x: tf.Tensor2D, get: Getter, batch: number, heads: number, residual?: tf.Tensor2D): tf.Tensor2D {
  const [rows = 0, dim = 0] = x.shape;
  const tokens = rows / batch;
  const hd = dim / heads;
  const qkv = linear(x, get('qkv.weight'), get('qkv.bias')) as tf.Tensor2D;
  const merged = canFuseAttention(tokens) ? fusedCore(qkv, tokens, heads, hd ** -0.5) : perHeadAttention(qkv, batch, tokens, heads);
  return linear(merged, get('proj.weight'), get('proj.bias'), residual) as tf.Tensor2D;
}

/** The core as tf ops on [B·T, 3D] → [B·T, D]; the keys are transposed for all heads at once, and every reshuffle is a rank-4 transpose (rank 5 is ~50× slower on wasm). */
function perHeadAttention(qkv: tf.Tensor2D, batch: number, tokens: number, heads: number): tf.Tensor2D {
  const [rows = 0, width = 0] = qkv.shape;
  const dim = width / 3;
  const hd = dim / heads;
  // [B, T, 3H, hd] → [B, 3H, T, hd] → q, k, v of [B, H, T, hd] each.
  const [q, k, v] = tf.split(tf.transpose(qkv.reshape([batch, tokens, 3 * heads, hd]), [0, 2, 1, 3]), 3, 1) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  const qs = tf.mul(q, hd ** -0.5).reshape([batch * heads, tokens, hd]) as tf.Tensor3D;
  const kts = tf.transpose(k, [0, 1, 3, 2]).reshape([batch * heads, hd, tokens]) as tf.Tensor3D;
  const vs = v.reshape([batch * heads, tokens, hd]) as tf.Tensor3D;
  const out = perHeadCore(qs, kts, vs);
  // [B·H, T, hd] → [B, T, H, hd] → [B·T, D] with features head-major, as timm's transpose(1, 2).reshape.
  return tf.transpose(out.reshape([batch, heads, tokens, hd]), [0, 2, 1, 3]).reshape([rows, dim]) as tf.Tensor2D;
}
