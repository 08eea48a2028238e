import * as tf from '@tensorflow/tfjs';
import { unbatch } from './batch';
import { linear } from './linear';
import { matMul2d, matMulABt } from './matmul';
import type { Getter } from './params';

/**
 * timm multi-head self-attention on tokens kept as a [B·T, D] matrix. The qkv feature axis splits as
 * (3, heads, head_dim), slowest first. Scores and outputs are one plain 2-D matmul per (image, head):
 * batched matMul runs a scalar loop on wasm (tfjs-wasm-notes §3).
 */
export function attention(x: tf.Tensor2D, get: Getter, batch: number, heads: number): tf.Tensor2D {
  const [rows = 0, dim = 0] = x.shape;
  const tokens = rows / batch;
  const hd = dim / heads;
  const qkv = linear(x, get('qkv.weight'), get('qkv.bias'));
  // [B, T, 3H, hd] → [B, 3H, T, hd]: a rank-4 transpose (rank 5 is ~50× slower on wasm).
  const perHead = unbatch(tf.transpose(qkv.reshape([batch, tokens, 3 * heads, hd]), [0, 2, 1, 3]).reshape([batch * 3 * heads, tokens, hd]));
  const scale = hd ** -0.5;
  const images: tf.Tensor[] = [];
  for (let b = 0; b < batch; b++) {
    const outs: tf.Tensor[] = [];
    for (let h = 0; h < heads; h++) {
      const at = (s: number): tf.Tensor2D => perHead[(b * 3 + s) * heads + h] as tf.Tensor2D;
      const probs = tf.softmax(matMulABt(tf.mul(at(0), scale), at(1))) as tf.Tensor2D;
      outs.push(matMul2d(probs, at(2)));
    }
    images.push(heads === 1 ? (outs[0] as tf.Tensor) : tf.concat(outs, 1));
  }
  const merged = (batch === 1 ? images[0] : tf.concat(images, 0)) as tf.Tensor2D;
  return linear(merged, get('proj.weight'), get('proj.bias')) as tf.Tensor2D;
}
