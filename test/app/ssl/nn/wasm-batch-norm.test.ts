import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormRelu, batchNormTrain } from '../../../../app/ssl/nn/normalize';
import { BATCH_NORM_RELU, BATCH_NORM_RELU_GRAD, canFuseBatchNorm } from '../../../../app/ssl/nn/wasm-batch-norm';
import { fixed } from '../descent';
import { useBackend } from '../golden';

/** The closed-form backward of relu(batchNormTrain(x)) as tf ops, in the order the fused kernel computes it. */
function gradsByOps(dy: tf.Tensor2D, x: tf.Tensor2D, w: tf.Tensor1D, eps: number): tf.Tensor[] {
  const n = x.shape[0];
  const centred = tf.sub(x, tf.mean(x, 0, true));
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), 0, true), eps));
  const xhat = tf.mul(centred, rstd);
  const y = tf.relu(tf.add(tf.mul(xhat, w), tf.zeros([x.shape[1]])));
  const dz = tf.mul(dy, tf.step(y));
  const db = tf.sum(dz, 0);
  const dw = tf.sum(tf.mul(dz, xhat), 0);
  return [tf.mul(tf.sub(tf.sub(dz, tf.div(db, n)), tf.mul(xhat, tf.div(dw, n))), tf.mul(rstd, w)), dw, db];
}

describe('fused BatchNorm + ReLU on wasm', () => {
  beforeAll(() => useBackend('wasm'));

  it('runs as one kernel each way', async () => {
    const [x, w, b] = [fixed([12, 8], 1) as tf.Tensor2D, tf.ones([8]), tf.zeros([8])];
    const profile = await tf.profile(() => tf.grads((a: tf.Tensor) => tf.sum(batchNormRelu(a as tf.Tensor2D, w, b, 1e-5)))([x]));
    expect(profile.kernelNames).toEqual(expect.arrayContaining([BATCH_NORM_RELU, BATCH_NORM_RELU_GRAD]));
    expect(profile.kernelNames).not.toContain('Rsqrt');
  });

  it('matches the tf-op form bit for bit, value and the three gradients; ReLU cuts about half the outputs', () => {
    for (const [rows, channels] of [[7, 4], [300, 20], [784, 192]] as const) {
      const x = tf.add(fixed([rows, channels], rows), 0.5) as tf.Tensor2D;
      const w = tf.add(fixed([channels], 2), 1) as tf.Tensor1D;
      const dy = fixed([rows, channels], 3) as tf.Tensor2D;
      expect(canFuseBatchNorm(x)).toBe(true);
      const f = (a: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => batchNormRelu(a as tf.Tensor2D, ww, bb, 1e-5);
      const { value, grads } = tf.valueAndGrads((a: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(a, ww, bb), dy)) as tf.Scalar)([x, w, tf.zeros([channels])]);
      const y = f(x, w, tf.zeros([channels]));
      expect(Array.from(y.dataSync())).toEqual(Array.from(tf.relu(batchNormTrain(x, w, tf.zeros([channels]), 1e-5)).dataSync()));
      const zeros = Array.from(y.dataSync()).filter((v) => v === 0).length;
      expect(zeros / y.size).toBeGreaterThan(0.3);
      expect(zeros / y.size).toBeLessThan(0.7);
      const want = gradsByOps(dy, x, w, 1e-5);
      grads.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(want[i]?.dataSync() ?? [])));
      tf.dispose([x, w, dy, value, y, ...grads, ...want]);
    }
  });
});
