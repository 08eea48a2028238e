import * as tf from '@tensorflow/tfjs';
import { recording } from './tape';
import { GELU, GELU_GRAD, GELU_VALUE, canFuseGelu } from './wasm-gelu';

/**
 * Exact GELU x·Φ(x), Φ(x) = ½(1 + erf(x/√2)), as timm and the golden vectors use; the default. One custom
 * op keeping x and Φ(x) for the backward (autodiff of the formula keeps four full-size tensors per call, and
 * recomputing Φ there would repeat the slow Erf), backward dy·(Φ(x) + x·φ(x)).
 */
const geluErfImpl = tf.customGrad((...args) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const cdf = tf.mul(tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1), 0.5);
  save([x, cdf]);
  return {
    value: tf.mul(x, cdf),
    gradFunc: (dy: tf.Tensor, [sx, sc]: tf.Tensor[]) => {
      const v = sx as tf.Tensor;
      const pdf = tf.mul(tf.exp(tf.mul(tf.square(v), -0.5)), 1 / Math.sqrt(2 * Math.PI));
      return tf.mul(dy, tf.add(sc as tf.Tensor, tf.mul(v, pdf)));
    },
  };
});

/** The same with the wasm backend's fused kernels: one pass each way, erf once per element. */
const geluErfFused = tf.customGrad((...args) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const [y, cdf] = tf.engine().runKernel(GELU, { x }, {}) as tf.Tensor[];
  save([x, cdf as tf.Tensor]);
  return {
    value: y as tf.Tensor,
    gradFunc: (dy: tf.Tensor, [sx, sc]: tf.Tensor[]) => tf.engine().runKernel(GELU_GRAD, { dy, x: sx as tf.Tensor, cdf: sc as tf.Tensor }, {}) as tf.Tensor,
  };
});

export function geluErf(x: tf.Tensor): tf.Tensor {
  if (!canFuseGelu(x)) return geluErfImpl(x);
  return recording() ? geluErfFused(x) : (tf.engine().runKernel(GELU_VALUE, { x }, {}) as tf.Tensor);
}

/**
 * tanh-approximate GELU written as x·σ(2u), u = √(2/π)(x + 0.044715x³): identical to the tanh form and much
 * faster on wasm (Erf/Tanh are slow there), but NOT timm's GELU — an explicit opt-in only.
 */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  const u = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), 2 * Math.sqrt(2 / Math.PI));
  return tf.mul(x, tf.sigmoid(u));
}

export type GeluKind = 'erf' | 'tanh';

export const gelu = (kind: GeluKind): ((x: tf.Tensor) => tf.Tensor) => (kind === 'erf' ? geluErf : geluTanh);
