import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { geluErf } from '../../../../app/ssl/nn/activations';
import { attention } from '../../../../app/ssl/nn/attention';
import { linear } from '../../../../app/ssl/nn/linear';
import { plusScaledProduct } from '../../../../app/ssl/nn/matmul';
import { layerNorm } from '../../../../app/ssl/nn/normalize';
import { scope } from '../../../../app/ssl/nn/params';
import { ATTENTION, ATTENTION_VALUE, canFuseAttention } from '../../../../app/ssl/nn/wasm-attention';
import { canFuseGelu } from '../../../../app/ssl/nn/wasm-gelu';
import { canFuseLayerNorm } from '../../../../app/ssl/nn/wasm-layer-norm';
import { hasMatMulBias } from '../../../../app/ssl/nn/wasm-matmul';
import { ROW_SUM_SQUARES, addInPlace, rowSumSquares } from '../../../../app/ssl/nn/wasm-kernels';
import { createRng } from '../../../../app/ssl/rng';
import { fixed } from '../descent';
import { useBackend } from '../golden';

/** Runs f on wasm, then on cpu, and returns both results (the wasm backend is active again afterwards). */
async function onWasmAndCpu<T>(f: () => T): Promise<[T, T]> {
  const onWasm = f();
  await useBackend('cpu');
  const onCpu = f();
  await useBackend('wasm');
  return [onWasm, onCpu];
}

type Flat = { shape: number[]; values: number[] };
const flat = (t: tf.Tensor): Flat => ({ shape: t.shape, values: Array.from(t.dataSync()) });

function expectNear(got: Flat[], want: Flat[], tolerance: number): void {
  got.forEach((g, i) => {
    expect(g.shape).toEqual(want[i]?.shape);
    g.values.forEach((v, j) => expect(Math.abs(v - (want[i]?.values[j] ?? Number.NaN))).toBeLessThan(tolerance));
  });
}

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

  it('transposes a large 2-D matrix (tiled path) with ragged tiles exactly', () => {
    const [rows, cols] = [1031, 2047];
    const data = Float32Array.from({ length: rows * cols }, (_, i) => i % 9973);
    const t = tf.transpose(tf.tensor2d(data, [rows, cols]));
    expect(t.shape).toEqual([cols, rows]);
    const out = t.dataSync();
    for (const [r, c] of [[0, 0], [0, cols - 1], [rows - 1, 0], [rows - 1, cols - 1], [517, 1029], [32, 31]] as const) expect(out[c * rows + r]).toBe(data[r * cols + c]);
    let mismatches = 0;
    for (let r = 0; r < rows; r += 7) for (let c = 0; c < cols; c++) if (out[c * rows + r] !== data[r * cols + c]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('multiplies like the cpu backend: plain, transposed, batched and broadcast operands, ragged sizes, packed panel groups', async () => {
    const rng = createRng(13);
    const cases: { a: number[]; b: number[]; tA: boolean; tB: boolean }[] = [
      { a: [197, 64], b: [64, 197], tA: false, tB: false },
      { a: [64, 197], b: [197, 64], tA: true, tB: true },
      { a: [3, 7, 5], b: [3, 5, 9], tA: false, tB: false },
      { a: [2, 3, 7, 5], b: [1, 1, 9, 7], tA: true, tB: true },
      { a: [1, 13, 6], b: [4, 6, 11], tA: false, tB: false },
      { a: [8, 256], b: [256, 70], tA: false, tB: false },
      // Packed row-major B of 7 whole panels (a group of four, then three single ones) and a ragged one.
      { a: [40, 33], b: [33, 60], tA: false, tB: false },
    ];
    const data = cases.map((c) => [c.a, c.b].map((shape) => Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => rng.normal())));
    const [onWasm, onCpu] = await onWasmAndCpu(() => cases.map((c, i) => {
      const [a = [], b = []] = data[i] ?? [];
      return flat(tf.matMul(tf.tensor(a, c.a), tf.tensor(b, c.b), c.tA, c.tB));
    }));
    expectNear(onWasm, onCpu, 1e-4);
  });

  it('fused exact GELU matches float64 erf/exp in value and gradient, ragged length, both tails', () => {
    // erf in float64: Taylor series near 0, the continued fraction of erfc beyond.
    const erf64 = (t: number): number => {
      const a = Math.abs(t);
      if (a < 2.5) {
        let term = a;
        let sum = a;
        for (let n = 1; Math.abs(term) > 1e-18 * Math.abs(sum); n++) {
          term *= (-a * a) / n;
          sum += term / (2 * n + 1);
        }
        return Math.sign(t) * sum * (2 / Math.sqrt(Math.PI));
      }
      let f = 0;
      for (let k = 80; k >= 1; k--) f = k / 2 / (a + f);
      return Math.sign(t) * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f));
    };
    const n = 4003;
    const xs = Float32Array.from({ length: n }, (_, i) => -9 + (18 * i) / (n - 1));
    const dys = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
    const x = tf.tensor1d(xs);
    expect(canFuseGelu(x)).toBe(true);
    // Outside a tape the value kernel runs (Φ not kept); on the tape the forward that keeps Φ: the same values.
    const y = geluErf(x).dataSync();
    let taped: tf.Tensor | undefined;
    const dx = tf
      .grad((v: tf.Tensor) => {
        taped = tf.keep(geluErf(v));
        return tf.sum(tf.mul(taped, tf.tensor1d(dys)));
      })(x)
      .dataSync();
    expect(Array.from(taped?.dataSync() ?? [])).toEqual(Array.from(y));
    for (let i = 0; i < n; i++) {
      const v = xs[i] as number;
      const cdf = 0.5 * (1 + erf64(v * Math.SQRT1_2));
      const pdf = Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
      const tol = 1e-6 * Math.max(1, Math.abs(v));
      expect(Math.abs((y[i] as number) - v * cdf), `y at x=${v}`).toBeLessThan(tol);
      expect(Math.abs((dx[i] as number) - (dys[i] as number) * (cdf + v * pdf)), `dx at x=${v}`).toBeLessThan(tol);
    }
  });

  it('sums and averages like the cpu backend: over leading axes (column sums, ragged widths, keepDims) and any other axes', async () => {
    const rng = createRng(14);
    const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
      { shape: [788, 768], axis: 0, keepDims: false },
      { shape: [37, 7], axis: [0], keepDims: true },
      { shape: [4, 5, 3], axis: [1, 0], keepDims: false },
      { shape: [6, 5], axis: 1, keepDims: false },
      { shape: [3, 4, 5], axis: [0, 2], keepDims: true },
      { shape: [9], axis: 0, keepDims: false },
    ];
    const data = cases.map((c) => Array.from({ length: c.shape.reduce((a, b) => a * b, 1) }, () => rng.normal()));
    const [onWasm, onCpu] = await onWasmAndCpu(() =>
      cases.flatMap((c, i) => [tf.sum, tf.mean].map((reduce) => flat(reduce(tf.tensor(data[i] ?? [], c.shape), c.axis, c.keepDims)))),
    );
    expectNear(onWasm, onCpu, 1e-4);
  });

  it('sums squares along rows (row norms) like float64, in one kernel on wasm and as square-then-sum on cpu', async () => {
    const rng = createRng(15);
    // Widths with and without a tail of fewer than 4 floats.
    const shapes: [number, number][] = [[72, 256], [5, 3], [9, 1], [33, 130]];
    const data = shapes.map(([r, c]) => Array.from({ length: r * c }, () => rng.normal()));
    const want = shapes.map(([r, c], i) => Array.from({ length: r }, (_, q) => Array.from({ length: c }, (_, j) => (data[i]?.[q * c + j] ?? 0) ** 2).reduce((a, b) => a + b, 0)));
    expect(tf.getKernel(ROW_SUM_SQUARES, 'wasm')).toBeDefined();
    for (const got of await onWasmAndCpu(() => shapes.map((shape, i) => flat(rowSumSquares(tf.tensor2d(data[i] ?? [], shape)))))) {
      got.forEach((g, i) => {
        expect(g.shape).toEqual([shapes[i]?.[0], 1]);
        g.values.forEach((v, j) => expect(Math.abs(v - (want[i]?.[j] ?? NaN))).toBeLessThan(1e-5 * (want[i]?.[j] ?? NaN)));
      });
    }
  });

  it('transposes exactly like the cpu backend for every layout a step uses, ragged sizes included', async () => {
    const cases: { shape: number[]; perm: number[] }[] = [
      { shape: [37, 45], perm: [1, 0] },
      { shape: [3, 9, 6], perm: [0, 2, 1] },
      { shape: [2, 3, 5, 7], perm: [0, 1, 3, 2] },
      { shape: [2, 5, 3, 8], perm: [0, 2, 1, 3] },
      { shape: [2, 5, 3, 6], perm: [0, 2, 1, 3] },
      { shape: [2, 3, 4], perm: [2, 0, 1] },
    ];
    const [onWasm, onCpu] = await onWasmAndCpu(() => cases.map((c) => flat(tf.transpose(tf.tensor(Array.from({ length: c.shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 0.5), c.shape), c.perm))));
    expect(onWasm).toEqual(onCpu);
  });

  it('fused product with bias (and residual) matches the cpu backend in value and all gradients, ragged widths', async () => {
    expect(hasMatMulBias()).toBe(true);
    const cases = [{ x: [70, 5], out: 13 }, { x: [2, 3, 5], out: 16 }];
    const [onWasm, onCpu] = await onWasmAndCpu(() =>
      cases.flatMap((c, i) => {
        const x = fixed(c.x, 51 + i);
        const w = fixed([5, c.out], 61 + i);
        const b = fixed([c.out], 71 + i);
        const r = fixed([...c.x.slice(0, -1), c.out], 91 + i);
        const probe = fixed([...c.x.slice(0, -1), c.out], 81 + i);
        const f = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(linear(xi, wi, bi), probe));
        const g = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor, ri: tf.Tensor) => tf.sum(tf.mul(linear(xi, wi, bi, ri), probe));
        return [linear(x, w, b), ...tf.grads(f)([x, w, b]), linear(x, w, b, r), ...tf.grads(g)([x, w, b, r])].map(flat);
      }),
    );
    expectNear(onWasm, onCpu, 1e-4);
  });

  it('a product that starts from a scaled matrix (start ⊙ scale + a·b, per column or per row) matches the cpu backend, packed and in-place B', async () => {
    // 6 rows read B in place; 70 rows split by rows between threads (row factors follow their rows); k = 600
    // in place is taken in chunks.
    const cases = [{ m: 37, k: 9, n: 21 }, { m: 6, k: 11, n: 24 }, { m: 70, k: 5, n: 16 }, { m: 6, k: 600, n: 16 }];
    const [onWasm, onCpu] = await onWasmAndCpu(() =>
      cases.flatMap((c, i) =>
        [[1, c.n], [c.m, 1]].map((scaleShape) =>
          flat(plusScaledProduct(fixed([c.m, c.n], 31 + i) as tf.Tensor2D, fixed(scaleShape, 37 + i) as tf.Tensor2D, fixed([c.m, c.k], 41 + i) as tf.Tensor2D, fixed([c.k, c.n], 47 + i) as tf.Tensor2D)),
        ),
      ),
    );
    expectNear(onWasm, onCpu, 1e-4);
  });

  it('a product into a C beyond the caches (touched a row block at a time), ragged last panel, matches the cpu backend', async () => {
    const [m, k, n] = [8200, 3, 261];
    const [onWasm, onCpu] = await onWasmAndCpu(() => plusScaledProduct(fixed([m, n], 3) as tf.Tensor2D, fixed([m, 1], 4) as tf.Tensor2D, fixed([m, k], 5) as tf.Tensor2D, fixed([k, n], 6) as tf.Tensor2D).dataSync() as Float32Array);
    expect(4 * m * n).toBeGreaterThanOrEqual(1 << 23);
    expect(onWasm.reduce((worst, x, i) => Math.max(worst, Math.abs(x - (onCpu[i] ?? Number.NaN))), 0)).toBeLessThan(1e-4);
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

  it('adds in place only into an unshared buffer, exactly as a float32 sum; a shared or mismatched one is left alone', () => {
    const n = 40_004;
    const a = fixed([n], 5, 3);
    const b = fixed([n], 6, 3);
    const want = Array.from(a.dataSync(), (v, i) => Math.fround(v + (b.dataSync()[i] ?? 0)));
    expect(addInPlace(a, b)).toBe(true);
    expect(Array.from(a.dataSync())).toEqual(want);
    const shared = a.reshape([n, 1]);
    const column = b.reshape([n, 1]);
    expect(addInPlace(shared, column)).toBe(false);
    expect(addInPlace(a, tf.zeros([n - 1]))).toBe(false);
    const [ragged, other] = [fixed([n + 3], 7), fixed([n + 3], 8)];
    expect(addInPlace(ragged, other)).toBe(false);
    tf.dispose([ragged, other]);
    expect(Array.from(a.dataSync())).toEqual(want);
    tf.dispose([a, b, shared, column]);
  });

  it('fused LayerNorm kernels match autodiff of the formula in value and all three gradients', () => {
    // Width 12 takes the fused kernels; width 7 (not whole vectors of 4) the tf-op path.
    for (const d of [12, 7]) {
      const x = tf.add(fixed([2, 5, d], 31, 3), 2);
      expect(canFuseLayerNorm(x)).toBe(d % 4 === 0);
      const w = fixed([d], 32);
      const b = fixed([d], 33);
      const probe = fixed([2, 5, d], 34);
      const ref = (v: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
        const c = tf.sub(v, tf.mean(v, -1, true));
        return tf.add(tf.mul(tf.mul(c, tf.rsqrt(tf.add(tf.mean(tf.square(c), -1, true), 1e-6))), ww), bb);
      };
      const ours = (v: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => layerNorm(v, ww, bb, 1e-6);
      const diff = (a: tf.Tensor, c: tf.Tensor) => tf.max(tf.abs(tf.sub(a, c))).dataSync()[0] ?? Infinity;
      expect(diff(ours(x, w, b), ref(x, w, b))).toBeLessThan(1e-5);
      // Outside a tape y alone is computed (x̂ and 1/σ not kept): the same values as on the tape.
      let taped: tf.Tensor | undefined;
      tf.grad((v: tf.Tensor) => tf.sum((taped = tf.keep(ours(v, w, b)))))(x);
      expect(Array.from(taped?.dataSync() ?? [])).toEqual(Array.from(ours(x, w, b).dataSync()));
      const loss = (f: (...t: tf.Tensor[]) => tf.Tensor) => (...t: tf.Tensor[]) => tf.sum(tf.mul(f(...t), probe));
      const got = tf.grads(loss(ours))([x, w, b]);
      const want = tf.grads(loss(ref))([x, w, b]);
      got.forEach((t, i) => expect(diff(t, want[i]!)).toBeLessThan(1e-4));
    }
  });

  it.each([5, 8])('fused attention kernels match the per-head tf ops of the cpu backend in value and gradients (%i tokens)', async (tokens) => {
    const [batch, dim, heads] = [2, 12, 3];
    const data = (shape: number[], seed: number): number[] => Array.from(fixed(shape, seed).dataSync());
    const values = { x: data([batch * tokens, dim], 41), qkv: data([dim, 3 * dim], 42), qkvBias: data([3 * dim], 43), proj: data([dim, dim], 44), projBias: data([dim], 45), probe: data([batch * tokens, dim], 46) };
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(values.x, [batch * tokens, dim]);
        const w = tf.tensor2d(values.qkv, [dim, 3 * dim]);
        const params = new Map<string, tf.Tensor>([['qkv.bias', tf.tensor1d(values.qkvBias)], ['proj.weight', tf.tensor2d(values.proj, [dim, dim])], ['proj.bias', tf.tensor1d(values.projBias)]]);
        const f = (xi: tf.Tensor, wi: tf.Tensor) => {
          const get = scope(new Map([...params, ['qkv.weight', wi]]));
          return tf.sum(tf.mul(attention(xi as tf.Tensor2D, get, batch, heads), tf.tensor2d(values.probe, [batch * tokens, dim])));
        };
        return [f(x, w), ...tf.grads(f)([x, w])].map((t) => Array.from(t.dataSync()));
      });
    expect(canFuseAttention(tokens)).toBe(true);
    expect(canFuseAttention(3)).toBe(false);
    const [onWasm, onCpu] = await onWasmAndCpu(run);
    // float32 sums in a different order: relative 1e-4.
    onWasm.forEach((got, i) => got.forEach((g, j) => expect(Math.abs(g - (onCpu[i]?.[j] ?? NaN))).toBeLessThan(1e-4 * Math.max(1, Math.abs(g)))));
  });

  it('the attention forward without a tape (probabilities left in the scratch) gives the kept-probabilities output bit for bit', () => {
    const qkv = fixed([2 * 7, 36], 47) as tf.Tensor2D;
    const attrs = { heads: 3, tokens: 7, scale: 0.5 };
    const [out, probs] = tf.engine().runKernel(ATTENTION, { qkv }, attrs) as tf.Tensor[];
    const value = tf.engine().runKernel(ATTENTION_VALUE, { qkv }, attrs) as tf.Tensor;
    expect(Array.from(value.dataSync())).toEqual(Array.from(out?.dataSync() ?? []));
    expect(probs?.shape).toEqual([6, 7, 7]);
    tf.dispose([out as tf.Tensor, probs as tf.Tensor, value, qkv]);
  });

  it('keeps gradients through slices (PadV2 backward)', () => {
    const x = tf.variable(tf.ones([2, 3]));
    const { grads } = tf.variableGrads(() => tf.sum(tf.slice(x, [1, 1], [1, 2])) as tf.Scalar, [x]);
    expect(Array.from(grads[x.name]!.dataSync())).toEqual([0, 0, 0, 0, 1, 1]);
  });
});
