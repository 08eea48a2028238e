import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../../app/ssl/rng';
import { useBackend } from '../golden';

/** The replacement wasm Slice kernel must agree exactly with the cpu backend's for every rank and offset. */
describe('wasm Slice replacement', () => {
  beforeAll(() => useBackend('wasm'));

  it('matches the cpu backend on random slices of ranks 1 to 5, float32 and int32', async () => {
    const rng = createRng(12);
    const cases: { shape: number[]; begin: number[]; size: number[]; data: number[]; dtype: 'float32' | 'int32' }[] = [];
    for (let k = 0; k < 200; k++) {
      const rank = 1 + (k % 5);
      const shape = Array.from({ length: rank }, () => rng.int(1, 5));
      const begin = shape.map((d) => rng.int(0, d - 1));
      const size = shape.map((d, i) => (rng.float() < 0.2 ? -1 : rng.int(0, d - (begin[i] ?? 0))));
      const n = shape.reduce((a, b) => a * b, 1);
      cases.push({ shape, begin, size, data: Array.from({ length: n }, (_, i) => i + 0.5 * (k % 2)), dtype: k % 3 === 0 ? 'int32' : 'float32' });
    }
    const run = () => cases.map((c) => Array.from(tf.slice(tf.tensor(c.data, c.shape, c.dtype), c.begin, c.size).dataSync()));
    const onWasm = run();
    await useBackend('cpu');
    const onCpu = run();
    await useBackend('wasm');
    expect(onWasm).toEqual(onCpu);
  });

  it('keeps gradients through slices (PadV2 backward)', () => {
    const x = tf.variable(tf.ones([2, 3]));
    const { grads } = tf.variableGrads(() => tf.sum(tf.slice(x, [1, 1], [1, 2])) as tf.Scalar, [x]);
    expect(Array.from(grads[x.name]!.dataSync())).toEqual([0, 0, 0, 0, 1, 1]);
  });
});
