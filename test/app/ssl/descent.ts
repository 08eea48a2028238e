import * as tf from '@tensorflow/tfjs';

/**
 * Runs a few Adam steps on `vars` minimising `loss` with real tfjs gradients and returns the loss before and
 * after, so each objective can be shown to go down on a tiny problem.
 */
export function descend(loss: () => tf.Scalar, vars: tf.Variable[], steps = 25, lr = 0.05): { before: number; after: number } {
  const opt = tf.train.adam(lr);
  const before = tf.tidy(() => loss().dataSync()[0] ?? NaN);
  for (let s = 0; s < steps; s++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(loss, vars);
      opt.applyGradients(grads as tf.NamedTensorMap & Record<string, tf.Variable>);
    });
  }
  const after = tf.tidy(() => loss().dataSync()[0] ?? NaN);
  opt.dispose();
  return { before, after };
}

/** Deterministic pseudo-random tensor for tiny test problems (tf.randomNormal with a fixed seed). */
export const fixed = (shape: number[], seed: number, std = 1): tf.Tensor => tf.randomNormal(shape, 0, std, 'float32', seed);
