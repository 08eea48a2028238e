import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installReduceGradients } from '../../../../app/ssl/nn/reduce-gradients';
import { useBackend } from '../golden';

/** d/dx Σ w ⊙ reduce(x) in closed form: w at the reduced index, divided by the count for a mean. */
function expected(shape: number[], axes: number[], w: Float32Array, mean: boolean): number[] {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const count = axes.reduce((n, a) => n * (shape[a] ?? 1), 1);
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: size }, (_, flat) => {
    let rest = flat;
    const index = [...shape].reverse().map((d) => {
      const i = rest % d;
      rest = Math.floor(rest / d);
      return i;
    });
    index.reverse();
    const at = index.reduce((acc, i, dim) => acc * (kept[dim] ?? 1) + (axes.includes(dim) ? 0 : i), 0);
    return (w[at] ?? Number.NaN) / (mean ? count : 1);
  });
}

describe('Sum and Mean gradients with backend-filled ones', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    installReduceGradients();
  });

  const cases = [
    { shape: [5, 7], axis: [0] },
    { shape: [5, 7], axis: [1] },
    { shape: [2, 3, 4], axis: [0, 2] },
    { shape: [2, 3, 4], axis: [-1] },
    { shape: [3, 4], axis: [0, 1] },
  ];

  for (const mean of [false, true]) {
    for (const { shape, axis } of cases) {
      for (const keepDims of [false, true]) {
        it(`${mean ? 'Mean' : 'Sum'} over [${axis}] of [${shape}]${keepDims ? ', keepDims' : ''} matches the closed form exactly`, () => {
          const x = tf.randomNormal(shape);
          const axes = axis.map((a) => (a < 0 ? a + shape.length : a));
          const reducedShape = keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
          const w = tf.randomNormal(reducedShape);
          const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul((mean ? tf.mean : tf.sum)(xi, axis, keepDims), w)))(x);
          expect(dx.shape).toEqual(shape);
          const want = expected(shape, axes, w.dataSync() as Float32Array, mean);
          Array.from(dx.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? Number.NaN, 6));
          tf.dispose([x, w, dx]);
        });
      }
    }
  }
});
