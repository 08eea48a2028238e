import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../golden';

/**
 * scripts/patches makes tfjs free each tape node's saved tensors and consumed output gradient as soon as the
 * backward walk has passed it; upstream keeps all of them to the end, doubling a training step's peak memory.
 */
describe('backward pass memory (patched tfjs tape)', () => {
  beforeAll(() => useBackend('cpu'));

  it('frees saved activations and consumed gradients while walking the tape', () => {
    const x = tf.variable(tf.linspace(-1, 1, 1000));
    const depth = 40;
    let atForwardEnd = 0;
    let atFirstNode = 0;
    const probe = tf.customGrad((...args) => {
      const [a] = args as [tf.Tensor, tf.GradSaveFunc];
      return {
        value: tf.mul(a, 1),
        gradFunc: (dy: tf.Tensor) => {
          atFirstNode = tf.memory().numTensors;
          return tf.mul(dy, 1);
        },
      };
    });
    const { value, grads } = tf.variableGrads(() => {
      let h = probe(x);
      for (let i = 0; i < depth; i++) h = tf.sin(h);
      const loss = tf.sum(h) as tf.Scalar;
      atForwardEnd = tf.memory().numTensors;
      return loss;
    }, [x]);
    // Upstream: every sin node's saved input (a kept clone) and its output gradient are still alive here.
    expect(atFirstNode).toBeLessThan(atForwardEnd - depth / 2);
    const expected = tf.tidy(() => {
      let d = tf.onesLike(x) as tf.Tensor;
      const hs: tf.Tensor[] = [x];
      for (let i = 0; i < depth; i++) hs.push(tf.sin(hs[i] as tf.Tensor));
      for (let i = depth - 1; i >= 0; i--) d = tf.mul(d, tf.cos(hs[i] as tf.Tensor));
      return Array.from(d.dataSync());
    });
    const got = Array.from(grads[x.name]!.dataSync());
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i] ?? NaN, 5));
    tf.dispose([value, x, ...Object.values(grads)]);
  });
});
