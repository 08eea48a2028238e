import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { matMul2d, prefersWeightLeft } from '../../../../app/ssl/nn/matmul';
import { StepContext, transposed, withStepContext } from '../../../../app/ssl/nn/step-context';
import { weightNormLinear } from '../../../../app/ssl/nn/weight-norm';
import { fixed } from '../descent';
import { useBackend } from '../golden';

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Infinity);


describe('training-step context', () => {
  beforeAll(() => useBackend('wasm'));

  it('memoises tensors derived from parameter buffers (clones included) for the step only', async () => {
    const w = tf.variable(fixed([3, 5], 1)) as tf.Variable<tf.Rank.R2>;
    const activation = fixed([3, 5], 2);
    const before = tf.memory().numTensors;
    await withStepContext(new StepContext([w], new Map()), async () => {
      const a = transposed(w);
      const saved = w.clone();
      expect(transposed(saved)).toBe(a);
      expect(tf.tidy(() => maxDiff(a, tf.transpose(w)))).toBe(0);
      const t1 = transposed(activation as tf.Tensor2D);
      const t2 = transposed(activation as tf.Tensor2D);
      expect(t2).not.toBe(t1);
      tf.dispose([saved, t1, t2]);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, activation]);
  });

  it('a few rows times a large parameter (weight as the left operand): value and input gradient per use, the weight gradient once per step over all uses', async () => {
    const w = tf.variable(fixed([512, 600], 12)) as tf.Variable<tf.Rank.R2>;
    const xs = [tf.variable(fixed([5, 512], 13)), tf.variable(fixed([3, 512], 15))] as tf.Variable<tf.Rank.R2>[];
    const probe = fixed([5, 600], 14);
    const loss = (x: tf.Variable<tf.Rank.R2>) => () => tf.sum(tf.mul(tf.sin(matMul2d(x, w)), probe.slice(0, x.shape[0]))) as tf.Scalar;
    expect(prefersWeightLeft(5, w)).toBe(false);
    const want = xs.map((x) => tf.variableGrads(loss(x), [x, w]));
    const wantW = tf.add(want[0]!.grads[w.name]!, want[1]!.grads[w.name]!);
    const step = new StepContext([w], new Map<tf.Tensor, string>([[w, 'w']]));
    await withStepContext(step, async () => {
      // On a tape only: a forward without a backward (a teacher's) reads w in place instead.
      expect(prefersWeightLeft(5, w)).toBe(false);
      const onTape = tf.grad((x: tf.Tensor) => {
        expect(prefersWeightLeft(5, w)).toBe(true);
        expect(prefersWeightLeft(100, w)).toBe(false);
        return tf.sum(x);
      });
      onTape(xs[0]!).dispose();
      xs.forEach((x, i) => {
        const got = tf.variableGrads(loss(x), [x, w]);
        expect(maxDiff(got.value, want[i]!.value)).toBeLessThan(1e-3);
        expect(maxDiff(got.grads[x.name]!, want[i]!.grads[x.name]!)).toBeLessThan(1e-4);
        // The tape reaches x only: w's gradient comes from the step's accumulator.
        expect(Object.keys(got.grads)).toEqual([x.name]);
      });
      expect(maxDiff(step.finishGradients().get('w')!, wantW)).toBeLessThan(1e-5);
    });
  });

  it('weight-normalised layer: gradients formed once per step equal the per-use gradients summed', async () => {
    // v [out, in] = [600, 8]: dz = (dy ⊙ s)·v reads v in place (3 rows, in a multiple of 8) in chunks of k.
    const a = tf.variable(fixed([4, 8], 3)) as tf.Variable<tf.Rank.R2>;
    const v = tf.variable(fixed([600, 8], 4)) as tf.Variable<tf.Rank.R2>;
    const g = tf.variable(tf.add(fixed([1, 600], 5, 0.1), 1)) as tf.Variable<tf.Rank.R2>;
    const probe = fixed([3, 600], 6);
    const inputs = [fixed([3, 4], 7), fixed([3, 4], 8)];
    const loss = (x: tf.Tensor) => () => tf.sum(tf.mul(tf.sin(weightNormLinear(matMul2d(x as tf.Tensor2D, a), v, g)), probe)) as tf.Scalar;
    // Reference: the standalone op (no step context), gradients summed over the two uses.
    const ref = inputs.map((x) => tf.variableGrads(loss(x), [a, v, g]).grads);
    const sum = (name: string) => tf.add(ref[0]![name]!, ref[1]![name]!);
    const step = new StepContext([a, v, g], new Map<tf.Tensor, string>([[a, 'a'], [v, 'v'], [g, 'g']]));
    const got = await withStepContext(step, async () => {
      const perUse = inputs.map((x) => tf.variableGrads(loss(x), [a, v, g]).grads);
      // The tape reaches a only: v and g come from the step's accumulator.
      expect(Object.keys(perUse[0]!)).toEqual([a.name]);
      const deferred = step.finishGradients();
      return { a: tf.add(perUse[0]![a.name]!, perUse[1]![a.name]!), v: deferred.get('v')!, g: deferred.get('g')! };
    });
    expect(maxDiff(got.a, sum(a.name))).toBeLessThan(1e-5);
    expect(maxDiff(got.v, sum(v.name))).toBeLessThan(1e-5);
    expect(maxDiff(got.g, sum(g.name))).toBeLessThan(1e-5);
  });

  it('a frozen weight-normalised layer still passes gradients to its input and takes none itself', async () => {
    const a = tf.variable(fixed([4, 6], 9)) as tf.Variable<tf.Rank.R2>;
    const v = tf.variable(fixed([40, 6], 10)) as tf.Variable<tf.Rank.R2>;
    const g = tf.variable(tf.ones([1, 40])) as tf.Variable<tf.Rank.R2>;
    const x = fixed([3, 4], 11);
    const loss = () => tf.sum(tf.square(weightNormLinear(matMul2d(x as tf.Tensor2D, a), v, g))) as tf.Scalar;
    const want = tf.variableGrads(loss, [a]).grads[a.name]!;
    const step = new StepContext([a, v, g], new Map<tf.Tensor, string>([[a, 'a']]));
    await withStepContext(step, async () => {
      expect(maxDiff(tf.variableGrads(loss, [a]).grads[a.name]!, want)).toBeLessThan(1e-5);
      expect(step.finishGradients().size).toBe(0);
    });
  });
});
