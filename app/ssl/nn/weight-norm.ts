import * as tf from '@tensorflow/tfjs';
import { matMul2d } from './matmul';

/**
 * Weight-normalised linear without bias, y = z·W with W[:, j] = g_j · v[:, j] / ‖v[:, j]‖ (v stored [in, out]),
 * computed as (z·v) ⊙ s with s = g/‖v‖ so the [in, out] weight (256 × 65536 in DINO's head) is never
 * materialised. Hand-written backward: autodiff of that formula costs an explicit transpose of v plus several
 * full passes over it on wasm; here dL/dv = zᵀ(dy ⊙ s) + v ⊙ c with c_j = −(g_j/‖v_j‖³) Σ_b dy_bj (z·v)_bj.
 * g receives its gradient too (zero use when it is frozen).
 */
const weightNormLinearImpl = tf.customGrad((...args) => {
  const [z, v, g, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  const inDim = v.shape[0] ?? 0;
  // Column norms² as ones·(v⊙v): a reduction over the first axis would transpose on wasm.
  const norms = tf.sqrt(matMul2d(tf.ones([1, inDim]) as tf.Tensor2D, tf.square(v) as tf.Tensor2D));
  const s = tf.div(g, norms);
  const u = matMul2d(z, v);
  save([z, v, g, norms, u]);
  return {
    value: tf.mul(u, s),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sz, sv, sg, sn, su] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const scale = tf.div(sg, sn);
      const dyS = tf.mul(dy, scale) as tf.Tensor2D;
      // dz = (dy⊙s)·vᵀ: transposeB on a few rows is cheaper than transposing the whole of v.
      const dz = tf.matMul(dyS, sv, false, true);
      const dyU = tf.sum(tf.mul(dy, su), 0, true);
      const c = tf.neg(tf.div(tf.mul(sg, dyU), tf.pow(sn, 3)));
      const dv = tf.add(matMul2d(tf.transpose(sz), dyS), tf.mul(sv, c));
      const dg = tf.div(dyU, sn);
      return [dz, dv, dg];
    },
  };
});

/** z [rows, in], v [in, out], g [1, out] → [rows, out]. */
export function weightNormLinear(z: tf.Tensor2D, v: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  return weightNormLinearImpl(z, v, g) as tf.Tensor2D;
}
