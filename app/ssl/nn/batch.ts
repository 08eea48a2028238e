import * as tf from '@tensorflow/tfjs';

/**
 * Splits [B, ...rest] into B tensors of shape rest. Slices rather than tf.unstack: tfjs 4.22's Unpack
 * gradient breaks when B = 1 (it hands a bare tensor to stack).
 */
export function unbatch(x: tf.Tensor): tf.Tensor[] {
  const [b = 0, ...rest] = x.shape;
  return Array.from({ length: b }, (_, i) => tf.slice(x, [i, ...rest.map(() => 0)], [1, ...rest]).reshape(rest));
}

/** Inverse of unbatch. */
export const rebatch = (xs: readonly tf.Tensor[]): tf.Tensor =>
  xs.length === 1 && xs[0] ? tf.expandDims(xs[0], 0) : tf.stack(xs as tf.Tensor[]);
