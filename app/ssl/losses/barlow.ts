import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../nn/matmul';

/**
 * Barlow Twins as in the released facebookresearch code: columns standardised like BatchNorm1d(affine=False)
 * in training mode (biased variance, eps inside the sqrt), c = z1ᵀz2 / B, loss = Σ(1−c_ii)² + λ·Σ_{i≠j} c_ij².
 */
export const BARLOW_LAMBDA = 0.0051;

function standardise(z: tf.Tensor2D, eps: number): tf.Tensor2D {
  const centred = tf.sub(z, tf.mean(z, 0, true));
  return tf.mul(centred, tf.rsqrt(tf.add(tf.mean(tf.square(centred), 0, true), eps)));
}

export function barlowTwinsLoss(z1: tf.Tensor2D, z2: tf.Tensor2D, lambda = BARLOW_LAMBDA, eps = 1e-5): tf.Tensor {
  const [batch = 0, dim = 0] = z1.shape;
  const c = tf.div(matMul2d(tf.transpose(standardise(z1, eps)), standardise(z2, eps)), batch);
  const diag = tf.sum(tf.mul(c, tf.eye(dim)), 1);
  const onDiag = tf.sum(tf.square(tf.sub(1, diag)));
  const offDiag = tf.sub(tf.sum(tf.square(c)), tf.sum(tf.square(diag)));
  return tf.add(onDiag, tf.mul(offDiag, lambda));
}
