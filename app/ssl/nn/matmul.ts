import * as tf from '@tensorflow/tfjs';
import { transposed } from './step-context';

/**
 * a[m,k] @ b[k,n] whose forward AND both gradients are plain, non-transposed 2-D matMuls: on wasm only that
 * form reaches XNNPACK; transposeA/B and batched matMuls (which tfjs's own gradient emits) fall to a scalar
 * loop ~12× slower (tfjs-wasm-notes §3). Transposes are materialised explicitly instead, a weight's once per
 * training step.
 */
const matMul2dImpl = tf.customGrad((...args) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      return [tf.matMul(dy2, transposed(sb)), tf.matMul(transposed(sa), dy2)];
    },
  };
});

export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new Error(`matMul2d shape mismatch [${a.shape}] @ [${b.shape}]`);
  }
  return matMul2dImpl(a, b) as tf.Tensor2D;
}

/** a @ bᵀ with an explicit transpose (used for similarity matrices such as attention scores). */
export const matMulABt = (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D => matMul2d(a, tf.transpose(b));
