import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { knownRowSquares, markRowSquared } from '../../../../app/ssl/nn/known-row-squares';
import { ROW_SUM_SQUARES, rowSumSquares } from '../../../../app/ssl/nn/wasm-kernels';
import { AdamW, clipCoefficient, decays, l2Norm } from '../../../../app/ssl/optim/adamw';
import { emaUpdate } from '../../../../app/ssl/optim/ema';
import { ADAMW_UPDATE } from '../../../../app/ssl/optim/wasm-adamw';
import { aceSchedules, cosineSchedule } from '../../../../app/ssl/optim/schedule';
import { useBackend } from '../golden';

const arr = (t: tf.Tensor): number[] => Array.from(t.dataSync());

beforeAll(() => useBackend('cpu'));

describe('AdamW on the wasm heap', () => {
  it('updates parameters and moments exactly as the host path does (clipped, odd length); frees heap moments on dispose', async () => {
    const run = () => {
      const p = new Map<string, tf.Variable>([['w', tf.variable(tf.tensor2d([[0.5, -1], [2, 0.25]]))], ['b', tf.variable(tf.tensor1d([0.1, -0.2, 0.3]))]]);
      const before = tf.memory().numTensors;
      const opt = new AdamW();
      const norms: number[] = [];
      for (let step = 1; step <= 3; step++) {
        const g = new Map<string, tf.Tensor>([['w', tf.tensor2d([[step, -2], [0.5, 3]])], ['b', tf.tensor1d([0.01 * step, 5, -step])]]);
        norms.push(...opt.step(p, g, { lr: 0.1, weightDecay: 0.04 }).values());
        tf.dispose([...g.values()]);
      }
      const out = { w: arr(p.get('w')!), b: arr(p.get('b')!), m: Array.from(opt.slot('w', 4).m), mb: Array.from(opt.slot('b', 3).v), norms };
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([...p.values()]);
      return out;
    };
    const onCpu = run();
    await useBackend('wasm');
    const onWasm = run();
    await useBackend('cpu');
    expect({ ...onWasm, norms: [] }).toEqual({ ...onCpu, norms: [] });
    // Clipping uses the float64 norm in both; the wasm kernel reports it through a float32 tensor.
    onWasm.norms.forEach((n, i) => expect(n).toBeCloseTo(onCpu.norms[i] ?? NaN, 5));
  });

  it('moves the EMA teacher in the update\'s pass exactly as a separate EMA after it, frozen and student-only tensors included', async () => {
    const run = (fused: boolean) => {
      const student = new Map<string, tf.Variable>([
        ['w', tf.variable(tf.tensor2d([[0.5, -1, 3], [2, 0.25, -0.75]]))],
        ['b', tf.variable(tf.tensor1d([0.1, -0.2, 0.3, 0.7, -0.9]))],
        ['frozen', tf.variable(tf.tensor1d([1, 2, 3, 4]))],
        ['student_only', tf.variable(tf.tensor1d([5, 6]))],
      ]);
      const teacher = new Map<string, tf.Variable>(['w', 'b', 'frozen'].map((n) => [n, tf.variable(tf.mul(student.get(n)!, 0.5))]));
      const opt = new AdamW();
      for (let step = 1; step <= 3; step++) {
        const g = new Map<string, tf.Tensor | null>([['w', tf.tensor2d([[step, -2, 1], [0.5, 3, -step]])], ['b', tf.tensor1d([0.01 * step, 5, -step, 2, 0.3])], ['frozen', null], ['student_only', tf.tensor1d([1, -1])]]);
        const ema = { teacher, momentum: 0.9 + 0.01 * step };
        if (fused) opt.step(student, g, { lr: 0.1, weightDecay: 0.04 }, ema);
        else {
          opt.step(student, g, { lr: 0.1, weightDecay: 0.04 });
          emaUpdate(teacher, student, ema.momentum);
        }
        tf.dispose([...g.values()].filter((t): t is tf.Tensor => t !== null));
      }
      const out = Object.fromEntries([...student, ...[...teacher].map(([n, t]) => [`teacher.${n}`, t] as const)].map(([n, t]) => [n, arr(t)]));
      opt.dispose();
      tf.dispose([...student.values(), ...teacher.values()]);
      return out;
    };
    await useBackend('wasm');
    const [fused, separate] = [run(true), run(false)];
    await useBackend('cpu');
    expect(fused).toEqual(separate);
    expect(run(true)).toEqual(separate);
  });

  it('leaves the row sums of squares of a weight-normalised layer and its teacher, as rowSumSquares gives them, for the next forward', async () => {
    await useBackend('wasm');
    try {
      // 7 rows split in blocks of 3 and 4 over the threads; 9 columns end on a ragged vector.
      const run = (marked: boolean) => {
        const student = new Map([['v', tf.variable(tf.randomNormal([7, 9], 0, 1, 'float32', 1))]]);
        const teacher = new Map([['v', tf.variable(tf.randomNormal([7, 9], 0, 1, 'float32', 2), false)]]);
        const before = tf.memory().numTensors;
        if (marked) markRowSquared(student.get('v')!);
        const opt = new AdamW();
        const sums: number[][] = [];
        for (let step = 1; step <= 2; step++) {
          const g = new Map([['v', tf.randomNormal([7, 9], 0, 1, 'float32', 10 + step)]]);
          opt.step(student, g, { lr: 0.1, weightDecay: 0.04 }, { teacher, momentum: 0.9 });
          for (const t of [student.get('v')!, teacher.get('v')!]) {
            const known = knownRowSquares(t);
            expect(known !== null).toBe(marked);
            const sq = rowSumSquares(t as tf.Tensor2D);
            sums.push(arr(sq));
            tf.dispose([sq, known ?? []].flat());
          }
          tf.dispose([...g.values()]);
        }
        const out = { student: arr(student.get('v')!), teacher: arr(teacher.get('v')!), sums };
        opt.dispose();
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([...student.values(), ...teacher.values()]);
        return out;
      };
      const [withSums, without] = [run(true), run(false)];
      expect(withSums).toEqual(without);
      // The sums come from the update's pass: no row-sums kernel runs for them.
      const v = tf.variable(tf.randomNormal([6, 8], 0, 1, 'float32', 3));
      const t = tf.variable(tf.randomNormal([6, 8], 0, 1, 'float32', 4), false);
      markRowSquared(v);
      const opt = new AdamW();
      opt.step(new Map([['v', v]]), new Map([['v', tf.ones([6, 8])]]), { lr: 0.1, weightDecay: 0 }, { teacher: new Map([['v', t]]), momentum: 0.9 });
      const profile = await tf.profile(() => tf.dispose([rowSumSquares(v as tf.Tensor2D), rowSumSquares(t as tf.Tensor2D)]));
      expect(profile.kernels.filter((k) => k.name === ROW_SUM_SQUARES)).toHaveLength(0);
      opt.dispose();
      tf.dispose([v, t]);
    } finally {
      await useBackend('cpu');
    }
  });

  it('refuses a teacher input without its EMA momentum (its output would never be written)', async () => {
    await useBackend('wasm');
    try {
      const inputs = { p: tf.zeros([4]), g: tf.ones([4]), m: tf.zeros([4]), v: tf.zeros([4]), t: tf.zeros([4]) };
      const attrs = { cfg: { beta1: 0.9, beta2: 0.999, eps: 1e-8, clip: 0 }, update: { step: 1, lr: 0.1, weightDecay: 0 } };
      expect(() => tf.engine().runKernel(ADAMW_UPDATE, inputs, attrs as unknown as tf.NamedAttrMap)).toThrow(/teacher input needs the momentum/);
      tf.dispose(Object.values(inputs));
    } finally {
      await useBackend('cpu');
    }
  });
});

describe('schedules', () => {
  it('warms up linearly with the endpoint, then follows the cosine over k/n', () => {
    const v = cosineSchedule({ baseValue: 1, finalValue: 0, epochs: 3, itersPerEpoch: 2, warmupEpochs: 1, startWarmupValue: 0 });
    expect(Array.from(v)).toHaveLength(6);
    expect(v[0]).toBe(0);
    expect(v[1]).toBe(1);
    expect(v[2]).toBe(1);
    expect(v[3]).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), 15);
    expect(v[5]).toBeCloseTo(0.5 * (1 + Math.cos((3 * Math.PI) / 4)), 15);
  });

  it('gives ACE lr peak 6.25e-5 at batch 32, wd 0.04 → 0.4 and momentum 0.996 → 1', () => {
    const s = aceSchedules(20, 5, 32);
    expect(Math.max(...s.lr)).toBeCloseTo(6.25e-5, 15);
    expect(s.lr[0]).toBe(0);
    expect(s.weightDecay[0]).toBeCloseTo(0.04, 15);
    expect(s.weightDecay.at(-1)).toBeGreaterThan(0.39);
    expect(s.momentum[0]).toBeCloseTo(0.996, 15);
    expect(s.momentum.at(-1)).toBeGreaterThan(0.9999);
  });
});

describe('EMA on the wasm heap', () => {
  it('moves the teacher exactly as the tf ops do on the cpu backend (ragged and tiny tensors)', async () => {
    const run = () => {
      const teacher = new Map([['a', tf.variable(tf.range(0, 70003).mul(0.001))], ['b', tf.variable(tf.tensor1d([1, 2, 3]))]]);
      const student = new Map([['a', tf.range(0, 70003).mul(-0.002).add(1)], ['b', tf.tensor1d([4, 5, 6])]]);
      emaUpdate(teacher, student, 0.996);
      emaUpdate(teacher, student, 0.9);
      const out = [...teacher.values()].map(arr);
      tf.dispose([...teacher.values(), ...student.values()]);
      return out;
    };
    const onCpu = run();
    await useBackend('wasm');
    const onWasm = run();
    await useBackend('cpu');
    expect(onWasm).toEqual(onCpu);
  });
});

describe('EMA and clipping', () => {
  it('moves the teacher by (1 − m) towards the student', () => {
    const teacher = new Map([['w', tf.variable(tf.tensor1d([1, 2]), false)]]);
    emaUpdate(teacher, new Map([['w', tf.tensor1d([3, 2])]]), 0.75);
    expect(arr(teacher.get('w')!)).toEqual([1.5, 2]);
    expect(() => emaUpdate(teacher, new Map([['v', tf.tensor1d([0, 0])]]), 0.5)).toThrow();
  });

  it('clips each tensor by clip/(‖g‖+1e-6) only when that is below 1', () => {
    expect(l2Norm([3, 4])).toBe(5);
    expect(clipCoefficient(5, 0.8)).toBeCloseTo(0.8 / (5 + 1e-6), 15);
    expect(clipCoefficient(0.5, 0.8)).toBe(1);
    expect(clipCoefficient(5, undefined)).toBe(1);
  });
});

describe('AdamW', () => {
  it('follows DINO parameter groups', () => {
    expect(decays('blocks.0.attn.qkv.weight', 2)).toBe(true);
    expect(decays('blocks.0.attn.qkv.bias', 1)).toBe(false);
    expect(decays('norm.weight', 1)).toBe(false);
    expect(decays('cls_token', 3)).toBe(true);
  });

  it('first step moves each coordinate by lr·sign(g) (plus decoupled decay) and skips null gradients', () => {
    const opt = new AdamW({ beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    const params = new Map<string, tf.Variable>([
      ['a.weight', tf.variable(tf.tensor2d([[1, 1]]))],
      ['a.bias', tf.variable(tf.tensor1d([1, 1]))],
      ['frozen.weight', tf.variable(tf.tensor2d([[1]]))],
    ]);
    const grads = new Map<string, tf.Tensor | null>([
      ['a.weight', tf.tensor2d([[0.5, -2]])],
      ['a.bias', tf.tensor1d([0.5, -2])],
      ['frozen.weight', null],
    ]);
    opt.step(params, grads, { lr: 0.1, weightDecay: 0.5 });
    const w = arr(params.get('a.weight')!);
    expect(w[0]).toBeCloseTo(1 * (1 - 0.05) - 0.1, 5);
    expect(w[1]).toBeCloseTo(1 * (1 - 0.05) + 0.1, 5);
    const b = arr(params.get('a.bias')!);
    expect(b[0]).toBeCloseTo(0.9, 6);
    expect(b[1]).toBeCloseTo(1.1, 6);
    expect(arr(params.get('frozen.weight')!)).toEqual([1]);
    expect(opt.stepOf('frozen.weight')).toBe(0);
    expect(opt.stepOf('a.weight')).toBe(1);
  });

  it('minimises a quadratic with real gradients', () => {
    const x = tf.variable(tf.tensor1d([3, -2]));
    const params = new Map([['x.weight', x]]);
    const opt = new AdamW({ beta1: 0.9, beta2: 0.999, eps: 1e-8, clip: 0.8 });
    const loss = (): tf.Scalar => tf.sum(tf.square(tf.sub(x, tf.tensor1d([1, 1])))) as tf.Scalar;
    const before = arr(loss())[0] ?? NaN;
    for (let i = 0; i < 60; i++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(loss, [x]);
        opt.step(params, new Map([['x.weight', grads[x.name] ?? null]]), { lr: 0.1, weightDecay: 0 });
      });
    }
    expect(arr(loss())[0]).toBeLessThan(before * 0.05);
  });
});
