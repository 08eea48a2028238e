import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { aceMatchingLoss } from '../../../../app/ssl/losses/ace-matching';
import { dinoGlobalLoss, dinoPlainLoss } from '../../../../app/ssl/losses/dino';
import { ALPHA_BCE, canFuseAlphaBce, canFuseDinoCrossView } from '../../../../app/ssl/nn/wasm-losses';
import { createRng } from '../../../../app/ssl/rng';
import { useBackend } from '../golden';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Float64 α-balanced BCE of scale·x against t: the mean and its gradient in x. */
function alphaBceByHand(x: Float32Array, t: Float32Array, alpha: number, scale: number): { mean: number; grad: number[] } {
  let sum = 0;
  const grad: number[] = [];
  x.forEach((xi, i) => {
    const z = scale * xi;
    const ti = t[i] as number;
    const w = alpha * ti + (1 - alpha) * (1 - ti);
    sum += w * (Math.max(z, 0) - z * ti + Math.log1p(Math.exp(-Math.abs(z))));
    grad.push((scale * w * (sigmoid(z) - ti)) / x.length);
  });
  return { mean: sum / x.length, grad };
}

/** Float64 DINO cross-view loss of `blocks` row blocks and its gradient in the student logits. */
function dinoByHand(teacher: number[][], student: number[][], center: number[], tt: number, ts: number, blocks: number): { loss: number; grad: number[][] } {
  const b = student.length / blocks;
  const softmax = (row: number[]): number[] => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, v) => a + v, 0);
    return e.map((v) => v / s);
  };
  let loss = 0;
  const grad = student.map((row) => row.map(() => 0));
  for (let r = 0; r < 2 * b; r++) {
    const pt = softmax((teacher[r < b ? r + b : r - b] as number[]).map((v, k) => (v - (center[k] as number)) / tt));
    const q = softmax((student[r] as number[]).map((v) => v / ts));
    loss -= pt.reduce((a, p, k) => a + p * Math.log(q[k] as number), 0);
    grad[r] = q.map((qk, k) => (qk - (pt[k] as number)) / (2 * b * ts));
  }
  return { loss: loss / (2 * b), grad };
}

/** Largest |got − want| relative to the largest |want| (float32 rounding is relative to the scale). */
const relativeError = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i] as number));
  return maxAbs(got, want) / scale;
};

const maxAbs = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
  return worst;
};

const fixedRows = (rows: number, k: number, seed: number, spread: number): number[][] => {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: k }, () => spread * rng.normal()));
};

describe('fused loss kernels on wasm', () => {
  beforeAll(() => useBackend('wasm'));

  it('α-balanced BCE: value terms and gradient match float64 for logits from 0 to ±600, soft and hard targets, a ragged length', () => {
    const rng = createRng(5);
    const n = 1003;
    const scale = 1 / 0.07;
    // Products up to ~±40 (logits ~±600), tiny ones (1 + e^−|z| rounds to 2), exact zeros.
    const x = Float32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : i % 5 === 0 ? 1e-9 * rng.normal() : i % 11 === 0 ? 14 * rng.normal() : 0.1 * rng.normal()));
    const t = Float32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : i % 4 === 1 ? 0 : rng.float()));
    const [xs, ts] = [tf.tensor1d(x), tf.tensor1d(t)];
    expect(canFuseAlphaBce(xs)).toBe(true);
    for (const alpha of [0.9, 0.99]) {
      const want = alphaBceByHand(x, t, alpha, scale);
      const [terms, grad] = tf.engine().runKernel(ALPHA_BCE, { x: xs, target: ts }, { scale, alpha }) as tf.Tensor[];
      const sum = Array.from(terms?.dataSync() ?? []).reduce((a, v) => a + v, 0);
      expect(Math.abs(sum - want.mean) / want.mean).toBeLessThan(1e-6);
      expect(relativeError(grad?.dataSync() ?? [], want.grad)).toBeLessThan(1e-6);
      tf.dispose([terms as tf.Tensor, grad as tf.Tensor]);
    }
  });

  it('ACE matching loss: value and both gradients as on the cpu backend (tf ops)', async () => {
    const run = () => {
      const [teacher, student] = [tf.tensor3d(fixedRows(2 * 13, 8, 1, 1).flat(), [2, 13, 8]), tf.tensor3d(fixedRows(2 * 21, 8, 2, 1).flat(), [2, 21, 8])];
      const target = tf.sigmoid(tf.tensor3d(fixedRows(2 * 13, 21, 3, 2).flat(), [2, 13, 21])) as tf.Tensor3D;
      const { value, grads } = tf.valueAndGrads((te: tf.Tensor, st: tf.Tensor) => aceMatchingLoss(te as tf.Tensor3D, st as tf.Tensor3D, target, 0.9) as tf.Scalar)([teacher, student]);
      return [value, ...grads].map((g) => Array.from(g.dataSync()));
    };
    const onWasm = run();
    await useBackend('cpu');
    const onCpu = run();
    await useBackend('wasm');
    onWasm.forEach((got, i) => expect(relativeError(got, onCpu[i] ?? [])).toBeLessThan(2e-6));
  });

  it('DINO cross-view loss (ACE four blocks, plain DINO two): value and gradient match float64, unpaired rows get none', () => {
    const k = 1000;
    const temps = { teacherTemp: 0.04, studentTemp: 0.1 };
    for (const [blocks, loss] of [[4, dinoGlobalLoss], [2, dinoPlainLoss]] as const) {
      const rows = 2 * blocks;
      const [teacher, student] = [fixedRows(rows, k, 10 + blocks, 0.3), fixedRows(rows, k, 20 + blocks, 2)];
      const center = fixedRows(1, k, 30, 0.1)[0] as number[];
      const want = dinoByHand(teacher, student, center, temps.teacherTemp, temps.studentTemp, blocks);
      const [t, s, c] = [tf.tensor2d(teacher), tf.tensor2d(student), tf.tensor1d(center)];
      expect(canFuseDinoCrossView(s)).toBe(true);
      const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => loss(t, x, c, temps) as tf.Scalar)(s);
      expect(Math.abs((value.dataSync()[0] as number) - want.loss) / want.loss).toBeLessThan(2e-6);
      expect(relativeError(grad.dataSync(), want.grad.flat())).toBeLessThan(1e-6);
      expect(Array.from(grad.dataSync().subarray(4 * k))).toEqual(new Array((rows - 4) * k).fill(0));
      tf.dispose([t, s, c, value, grad]);
    }
  });
});
