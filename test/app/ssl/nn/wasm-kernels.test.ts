import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../../app/ssl/rng';
import { useBackend } from '../golden';

/** The replacement wasm kernels must agree exactly with the cpu backend's for every rank and offset. */
describe('wasm Slice / SplitV / Identity replacements', () => {
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

  it('splits like the cpu backend along every axis, equal and uneven sizes', async () => {
    const x = tf.tensor(Array.from({ length: 4 * 6 * 5 }, (_, i) => i), [4, 6, 5]);
    const run = () =>
      [tf.split(x, 2, 0), tf.split(x, [1, 3, 2], 1), tf.split(x, [2, -1], 2), tf.split(x, 3, 1)].map((parts) => parts.map((p) => [p.shape, Array.from(p.dataSync())]));
    const onWasm = run();
    await useBackend('cpu');
    const onCpu = run();
    await useBackend('wasm');
    expect(onWasm).toEqual(onCpu);
  });

  it('clones by sharing the buffer: a clone outlives its source and frees with the last owner', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor([1, 2, 3]);
    const y = x.clone();
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    const z = tf.add(y, 1);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([2, 3, 4]);
    z.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps gradients through slices (PadV2 backward)', () => {
    const x = tf.variable(tf.ones([2, 3]));
    const { grads } = tf.variableGrads(() => tf.sum(tf.slice(x, [1, 1], [1, 2])) as tf.Scalar, [x]);
    expect(Array.from(grads[x.name]!.dataSync())).toEqual([0, 0, 0, 0, 1, 1]);
  });
});
