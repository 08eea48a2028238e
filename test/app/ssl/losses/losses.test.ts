import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CPU_GRID } from '../../../../app/ssl/geometry/grid';
import { aceTargets } from '../../../../app/ssl/geometry/targets';
import { aceLoss } from '../../../../app/ssl/losses/ace';
import { aceMatchingLoss, alphaBalancedBce, bceWithLogits } from '../../../../app/ssl/losses/ace-matching';
import { barlowTwinsLoss } from '../../../../app/ssl/losses/barlow';
import { dinoGlobalLoss, dinoPlainLoss, updatedCenter } from '../../../../app/ssl/losses/dino';
import { peacGlobalLoss, peacLocalLoss } from '../../../../app/ssl/losses/peac';
import { l2Normalize } from '../../../../app/ssl/nn/normalize';
import { descend, fixed } from '../descent';
import { useBackend } from '../golden';

const value = (t: tf.Tensor): number => t.dataSync()[0] ?? NaN;
const t3 = (x: tf.Tensor): tf.Tensor3D => x as tf.Tensor3D;

beforeAll(() => useBackend('cpu'));

describe('closed forms on tiny tensors', () => {
  it('BCE with logits is stable and matches log 2 at z = 0', () => {
    const z = tf.tensor([0, 100, -100, 500]);
    const t = tf.tensor([0.5, 1, 1, 0]);
    const got = Array.from(bceWithLogits(z, t).dataSync());
    expect(got[0]).toBeCloseTo(Math.LN2, 6);
    expect(got[1]).toBeCloseTo(0, 6);
    expect(got[2]).toBeCloseTo(100, 3);
    expect(got[3]).toBeCloseTo(500, 2);
    expect(got.every(Number.isFinite)).toBe(true);
  });

  it('weights positives by α and negatives by 1 − α', () => {
    const z = tf.zeros([2]);
    const got = Array.from(alphaBalancedBce(z, tf.tensor([1, 0]), 0.9).dataSync());
    expect(got[0]).toBeCloseTo(0.9 * Math.LN2, 6);
    expect(got[1]).toBeCloseTo(0.1 * Math.LN2, 6);
  });

  it('matching loss scales the dot product and averages over all entries', () => {
    // z = s·(1·0.07) = 1 for the first entry, −1 for the second; targets 1 and 0 (α = 0.75).
    const teacher = tf.tensor3d([[[1, 0]]]);
    const student = tf.tensor3d([[[0.07, 0], [-0.07, 0]]]);
    const loss = value(aceMatchingLoss(teacher, student, tf.tensor3d([[[1, 0]]]), 0.75));
    const expected = (0.75 * Math.log1p(Math.exp(-1)) + 0.25 * Math.log1p(Math.exp(-1))) / 2;
    expect(loss).toBeCloseTo(expected, 6);
  });

  it('matching loss gradient: w·(σ(z) − T)/count through z = s·t·sᵀ, by hand and as autodiff of the formula', () => {
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const s = 1 / 0.07;
    const teacher = tf.tensor3d([[[1, 0]]]);
    const dStudent = tf.grad((st: tf.Tensor) => aceMatchingLoss(teacher, st as tf.Tensor3D, tf.tensor3d([[[1, 0]]]), 0.75))(tf.tensor3d([[[0.07, 0], [-0.07, 0]]]));
    // dz = [0.75·(σ(1) − 1), 0.25·σ(−1)] / 2; ds_m = dz_m · s · t.
    const want = [(0.75 * (sigmoid(1) - 1) * s) / 2, 0, (0.25 * sigmoid(-1) * s) / 2, 0];
    Array.from(dStudent.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(want[i] ?? Number.NaN, 5));
    const [t, st] = [fixed([2, 5, 4], 61) as tf.Tensor3D, fixed([2, 7, 4], 62) as tf.Tensor3D];
    const target = tf.sigmoid(fixed([2, 5, 7], 63)) as tf.Tensor3D;
    const formula = (x: tf.Tensor) => tf.mean(alphaBalancedBce(tf.mul(tf.matMul(t, x as tf.Tensor3D, false, true), s), target, 0.9));
    const ours = (x: tf.Tensor) => aceMatchingLoss(t, x as tf.Tensor3D, target, 0.9, s);
    const [got, ref] = [tf.grad(ours)(st), tf.grad(formula)(st)];
    expect(tf.max(tf.abs(tf.sub(got, ref))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('DINO losses equal log K for uniform teacher and student', () => {
    const k = 8;
    expect(value(dinoGlobalLoss(tf.zeros([4, k]), tf.zeros([4, k]), tf.zeros([k])))).toBeCloseTo(Math.log(k), 5);
    expect(value(dinoPlainLoss(tf.ones([2, k]), tf.zeros([2, k]), tf.ones([k])))).toBeCloseTo(Math.log(k), 5);
  });

  it('DINO loss gradients: (softmax(s/τs) − Pt)/(τs·2B) on the paired blocks, zero on the rest, as autodiff of the formula', () => {
    // By hand, one row per block, K = 2, uniform teacher: d/ds of ½·CE = ½·(q − ½)/τs on each paired row.
    const q = 1 / (1 + Math.exp(-(1 - 0) / 0.1));
    const byHand = Array.from(tf.grad((x: tf.Tensor) => dinoPlainLoss(tf.zeros([2, 2]), x, tf.zeros([2])))(tf.tensor2d([[1, 0], [0, 1]])).dataSync());
    [(q - 0.5) / 0.2, (0.5 - q) / 0.2, (0.5 - q) / 0.2, (q - 0.5) / 0.2].forEach((g, i) => expect(byHand[i]).toBeCloseTo(g, 5));
    const [teacher, student, center] = [fixed([12, 9], 71), fixed([12, 9], 72), fixed([9], 73)];
    const temps = { teacherTemp: 0.04, studentTemp: 0.1 };
    const ce = (p: tf.Tensor, logQ: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(p, logQ), -1)));
    const formula = (x: tf.Tensor) => {
      const pt = (k: number) => tf.softmax(tf.div(tf.sub(tf.slice(teacher, [3 * k, 0], [3, -1]), center), temps.teacherTemp));
      const logPs = (k: number) => tf.logSoftmax(tf.div(tf.slice(x, [3 * k, 0], [3, -1]), temps.studentTemp));
      return tf.mul(tf.add(ce(pt(1), logPs(0)), ce(pt(0), logPs(1))), 0.5) as tf.Scalar;
    };
    const ours = (x: tf.Tensor) => dinoGlobalLoss(teacher, x, center, temps);
    expect(value(ours(student))).toBeCloseTo(value(formula(student)), 5);
    const [got, ref] = [tf.grad(ours)(student), tf.grad(formula)(student)];
    expect(tf.max(tf.abs(tf.sub(got, ref))).dataSync()[0]).toBeLessThan(1e-5);
    expect(Array.from(tf.slice(got, [6, 0], [6, -1]).dataSync()).every((g) => g === 0)).toBe(true);
  });

  it('DINO global loss ignores the non-overlap rows', () => {
    const teacher = fixed([8, 6], 1);
    const student = fixed([8, 6], 2);
    const center = fixed([6], 3);
    const other = tf.concat([tf.slice(student, [0, 0], [4, -1]), fixed([4, 6], 4)]);
    expect(value(dinoGlobalLoss(teacher, other, center))).toBeCloseTo(value(dinoGlobalLoss(teacher, student, center)), 6);
  });

  it('centre update is an EMA of the raw teacher mean', () => {
    const got = Array.from(updatedCenter(tf.tensor([1, 2]), tf.tensor2d([[3, 5], [5, 7]]), 0.9).dataSync());
    expect(got[0]).toBeCloseTo(0.9 * 1 + 0.1 * 4, 6);
    expect(got[1]).toBeCloseTo(0.9 * 2 + 0.1 * 6, 6);
  });

  it('PEAC global loss: 0 for parallel views, 2 for orthogonal unit rows', () => {
    const a = tf.tensor2d([[3, 0]]);
    const b = tf.tensor2d([[0, 1]]);
    expect(value(peacGlobalLoss(a, a, tf.mul(a, 2), a))).toBeCloseTo(0, 7);
    expect(value(peacGlobalLoss(a, a, b, b))).toBeCloseTo(2, 6);
  });

  it('PEAC local loss pairs the masked tokens and skips shuffled samples', () => {
    const l1s = tf.tensor3d([[[1, 2], [9, 9]]]);
    const l2t = tf.tensor3d([[[9, 9], [0, 0]]]);
    const l1t = tf.tensor3d([[[0, 0], [9, 9]]]);
    const l2s = tf.tensor3d([[[9, 9], [1, 1]]]);
    const loss = peacLocalLoss(l1s, l2s, l1t, l2t, [1, 0], [0, 1], [0]);
    expect(value(loss)).toBeCloseTo(0.5 * ((1 + 4) / 2 + (1 + 1) / 2), 6);
    expect(value(peacLocalLoss(l1s, l2s, l1t, l2t, [1, 0], [0, 1], [1]))).toBe(0);
  });

  it('Barlow Twins is ~0 for identical standardised views and 4 for opposite ones', () => {
    const z = tf.tensor2d([[1], [-1]]);
    expect(value(barlowTwinsLoss(z, z))).toBeCloseTo(0, 6);
    expect(value(barlowTwinsLoss(z, tf.neg(z)))).toBeCloseTo(4, 3);
  });
});

describe('every loss decreases under a few optimisation steps on a tiny problem', () => {
  const expectDescent = (r: { before: number; after: number }): void => {
    expect(Number.isFinite(r.after)).toBe(true);
    expect(r.after).toBeLessThan(r.before * 0.9);
  };

  it('DINO global and plain', () => {
    const teacher = fixed([8, 16], 1, 0.1);
    const center = tf.zeros([16]);
    const student = tf.variable(fixed([8, 16], 2));
    expectDescent(descend(() => dinoGlobalLoss(teacher, student, center) as tf.Scalar, [student]));
    const plain = tf.variable(fixed([4, 16], 3));
    expectDescent(descend(() => dinoPlainLoss(tf.slice(teacher, [0, 0], [4, -1]), plain, center) as tf.Scalar, [plain]));
  });

  it('ACE matching and total, with real geometry targets', () => {
    const { comp, decomp } = aceTargets(CPU_GRID, { large: [1, 3], small: [5, 15] });
    const teacherL = l2Normalize(fixed([1, 196, 8], 4));
    const teacherS = l2Normalize(fixed([1, 196, 8], 5));
    const composed = tf.variable(fixed([1, 49, 8], 6, 0.1));
    const decomposed = tf.variable(fixed([1, 784, 8], 7, 0.1));
    const globalStudent = tf.variable(fixed([4, 16], 8));
    const compTarget = t3(tf.tensor(Float32Array.from(comp), [1, 196, 49]));
    const decompTarget = t3(tf.tensor(Float32Array.from(decomp), [1, 196, 784]));
    expectDescent(descend(() => aceMatchingLoss(t3(teacherL), t3(composed), compTarget, 0.9) as tf.Scalar, [composed], 25, 0.02));
    const total = (): tf.Scalar =>
      aceLoss({
        global: { teacher: fixed([4, 16], 9, 0.1), student: globalStudent, center: tf.zeros([16]) },
        comp: { teacher: t3(teacherL), student: t3(composed), target: compTarget },
        decomp: { teacher: t3(teacherS), student: t3(decomposed), target: decompTarget },
      }).total as tf.Scalar;
    expectDescent(descend(total, [composed, decomposed, globalStudent], 25, 0.02));
  });

  it('PEAC global and local', () => {
    const g1s = tf.variable(fixed([4, 8], 10));
    const g2s = tf.variable(fixed([4, 8], 11));
    const g1t = fixed([4, 8], 12);
    const g2t = fixed([4, 8], 13);
    expectDescent(descend(() => peacGlobalLoss(g1s, g2s, g1t, g2t) as tf.Scalar, [g1s, g2s]));
    const l1s = tf.variable(fixed([2, 4, 3], 14));
    const l2s = tf.variable(fixed([2, 4, 3], 15));
    const mask1 = [1, 1, 0, 0, 0, 1, 0, 1];
    const mask2 = [0, 0, 1, 1, 1, 0, 1, 0];
    const local = (): tf.Scalar =>
      peacLocalLoss(t3(l1s), t3(l2s), t3(fixed([2, 4, 3], 16)), t3(fixed([2, 4, 3], 17)), mask1, mask2, [0, 0]) as tf.Scalar;
    expectDescent(descend(local, [l1s, l2s]));
  });

  it('Barlow Twins', () => {
    const z1 = tf.variable(fixed([8, 6], 18));
    const z2 = tf.variable(fixed([8, 6], 19));
    expectDescent(descend(() => barlowTwinsLoss(z1 as tf.Tensor2D, z2 as tf.Tensor2D, 0.02) as tf.Scalar, [z1, z2]));
  });
});
