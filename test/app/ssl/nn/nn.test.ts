import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { geluErf, geluTanh } from '../../../../app/ssl/nn/activations';
import { attention } from '../../../../app/ssl/nn/attention';
import { rebatch, unbatch } from '../../../../app/ssl/nn/batch';
import { fromTorch, toTorch, torchShape } from '../../../../app/ssl/nn/layout';
import { linear } from '../../../../app/ssl/nn/linear';
import { paramsFromTorch, paramsToTorch } from '../../../../app/ssl/nn/loader';
import { matMul2d } from '../../../../app/ssl/nn/matmul';
import { batchNormRelu, batchNormTrain, l2Normalize, layerNorm } from '../../../../app/ssl/nn/normalize';
import { type ParamSpec, initParams, scope, spec } from '../../../../app/ssl/nn/params';
import { patchify } from '../../../../app/ssl/nn/patchify';
import { weightNormLinear } from '../../../../app/ssl/nn/weight-norm';
import { bicubicMatrix, resamplePosEmbed } from '../../../../app/ssl/nn/pos-embed';
import { VIT_PRESETS, type VitConfig, vitConfig, vitForward, vitParamSpecs } from '../../../../app/ssl/nn/vit';
import { createRng } from '../../../../app/ssl/rng';
import { fixed } from '../descent';
import { useBackend } from '../golden';

const arr = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? NaN;
const count = (specs: readonly ParamSpec[]): number => specs.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);

beforeAll(() => useBackend('cpu'));

describe('primitives', () => {
  it('matMul2d matches tf.matMul in value and in both gradients', () => {
    const a = fixed([3, 4], 1);
    const b = fixed([4, 5], 2);
    const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.sin(matMul2d(x as tf.Tensor2D, y as tf.Tensor2D)));
    const ref = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.sin(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)));
    expect(maxDiff(matMul2d(a as tf.Tensor2D, b as tf.Tensor2D), tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D))).toBeLessThan(1e-6);
    const [ga, gb] = tf.grads(f)([a, b]);
    const [ra, rb] = tf.grads(ref)([a, b]);
    expect(maxDiff(ga!, ra!)).toBeLessThan(1e-5);
    expect(maxDiff(gb!, rb!)).toBeLessThan(1e-5);
    expect(() => matMul2d(a as tf.Tensor2D, a as tf.Tensor2D)).toThrow();
  });

  it('weight-normalised linear matches autodiff of g·v/‖v‖ in value and all three gradients', () => {
    const z = fixed([3, 4], 21);
    // v [out, in] as PyTorch stores it: W = g ⊙ v/‖v‖ row by row, y = z·Wᵀ.
    const v = fixed([6, 4], 22);
    const g = tf.add(fixed([1, 6], 23, 0.1), 1);
    const ours = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.sin(weightNormLinear(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D)));
    const ref = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.sin(tf.matMul(a as tf.Tensor2D, tf.mul(tf.div(b, tf.norm(b, 'euclidean', 1, true)), tf.transpose(c)) as tf.Tensor2D, false, true)));
    expect(maxDiff(ours(z, v, g), ref(z, v, g))).toBeLessThan(1e-5);
    const got = tf.grads(ours)([z, v, g]);
    const want = tf.grads(ref)([z, v, g]);
    got.forEach((t, i) => expect(maxDiff(t, want[i]!)).toBeLessThan(1e-5));
  });

  it('fused GELU and LayerNorm match autodiff of their formulas in value and gradients', () => {
    const x = fixed([2, 3, 5], 24, 2);
    const w = fixed([5], 25);
    const b = fixed([5], 26);
    const refGelu = (v: tf.Tensor) => tf.mul(tf.mul(v, 0.5), tf.add(tf.erf(tf.mul(v, Math.SQRT1_2)), 1));
    const refLn = (v: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
      const c = tf.sub(v, tf.mean(v, -1, true));
      return tf.add(tf.mul(tf.mul(c, tf.rsqrt(tf.add(tf.mean(tf.square(c), -1, true), 1e-6))), ww), bb);
    };
    const probe = fixed([2, 3, 5], 27);
    const loss = (f: (...t: tf.Tensor[]) => tf.Tensor) => (...t: tf.Tensor[]) => tf.sum(tf.mul(f(...t), probe));
    expect(maxDiff(geluErf(x), refGelu(x))).toBeLessThan(1e-6);
    expect(maxDiff(tf.grad(loss(geluErf))(x), tf.grad(loss(refGelu))(x))).toBeLessThan(1e-5);
    const ours = (v: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => layerNorm(v, ww, bb, 1e-6);
    expect(maxDiff(ours(x, w, b), refLn(x, w, b))).toBeLessThan(1e-5);
    const got = tf.grads(loss(ours))([x, w, b]);
    const want = tf.grads(loss(refLn))([x, w, b]);
    got.forEach((t, i) => expect(maxDiff(t, want[i]!)).toBeLessThan(1e-4));
  });

  it('linear works on any rank with the [in, out] layout', () => {
    const x = tf.tensor3d([[[1, 2]], [[3, 4]]]);
    const y = linear(x, tf.tensor2d([[1, 0, 1], [0, 1, 1]]), tf.tensor1d([0, 0, 10]));
    expect(y.shape).toEqual([2, 1, 3]);
    expect(arr(y)).toEqual([1, 2, 13, 3, 4, 17]);
  });

  it('exact GELU matches known values; the tanh form is close but different', () => {
    const x = tf.tensor1d([-1, 0, 1, 2]);
    const exact = arr(geluErf(x));
    expect(exact[0]).toBeCloseTo(-0.15865525, 6);
    expect(exact[2]).toBeCloseTo(0.84134475, 6);
    expect(exact[3]).toBeCloseTo(1.95449974, 5);
    expect(maxDiff(geluErf(x), geluTanh(x))).toBeGreaterThan(1e-6);
    expect(maxDiff(geluErf(x), geluTanh(x))).toBeLessThan(1e-3);
  });

  it('LayerNorm, BatchNorm (train) and L2 normalisation', () => {
    const x = tf.tensor2d([[1, 2, 3], [2, 2, 2]]);
    const ln = arr(layerNorm(x, tf.ones([3]), tf.zeros([3]), 1e-5));
    expect(ln[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3 + 1e-5), 5);
    expect(ln[4]).toBe(0);
    const bn = arr(batchNormTrain(x as tf.Tensor2D, tf.tensor1d([1, 1, 2]), tf.tensor1d([0, 0, 1]), 1e-5));
    expect(bn[0]).toBeCloseTo(-1, 4);
    expect(bn[1]).toBe(0);
    expect(bn[2]).toBeCloseTo(3, 4);
    expect(arr(l2Normalize(tf.tensor2d([[3, 4], [0, 0]])))).toEqual([0.6, 0.8, 0, 0].map(Math.fround));
  });

  it('BatchNorm+ReLU as one op: value and the three closed-form gradients equal autodiff of relu(BatchNorm)', () => {
    const x = tf.add(tf.mul(fixed([37, 6], 71), 3), 1) as tf.Tensor2D;
    const w = tf.add(fixed([6], 72), 1);
    const b = fixed([6], 73);
    const probe = fixed([37, 6], 74);
    const ref = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.relu(batchNormTrain(xi as tf.Tensor2D, wi, bi, 1e-5));
    const ours = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => batchNormRelu(xi as tf.Tensor2D, wi, bi, 1e-5);
    const y = ours(x, w, b);
    expect(tf.max(tf.abs(tf.sub(y, ref(x, w, b)))).dataSync()[0]).toBeLessThan(1e-5);
    // Both sides of the ReLU occur.
    expect(tf.sum(tf.step(y)).dataSync()[0]).toBeGreaterThan(20);
    expect(tf.sum(tf.step(y)).dataSync()[0]).toBeLessThan(37 * 6 - 20);
    const loss = (f: typeof ours) => (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi, wi, bi), probe));
    const got = tf.grads(loss(ours))([x, w, b]);
    const want = tf.grads(loss(ref))([x, w, b]);
    got.forEach((g, i) => expect(tf.max(tf.abs(tf.sub(g, want[i] as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-4));
  });

  it('unbatch/rebatch round-trip and keep gradients for B = 1', () => {
    const x = tf.variable(fixed([1, 2, 3], 3));
    const { grads } = tf.variableGrads(() => tf.sum(rebatch(unbatch(x).map((t) => tf.mul(t, 2)))) as tf.Scalar, [x]);
    expect(arr(grads[x.name]!)).toEqual([2, 2, 2, 2, 2, 2]);
  });
});

describe('patch embedding and position embeddings', () => {
  it('patchify + matmul equals the stride-p convolution with the converted PyTorch weight', () => {
    const [b, h, w, c, p, d] = [2, 8, 12, 3, 4, 5];
    const images = fixed([b, h, w, c], 4) as tf.Tensor4D;
    const torchW = fixed([d, c, p, p], 5);
    const s = spec('w', [p * p * c, d], { kind: 'zeros' }, { kind: 'conv', inChannels: c, kernel: p });
    const ours = tf.tensor2d(fromTorch(s, { shape: torchW.shape, data: torchW.dataSync() }), [p * p * c, d]);
    const { rows, grid } = patchify(images, p);
    expect(grid).toEqual([2, 3]);
    const conv = tf.conv2d(images, tf.transpose(torchW, [2, 3, 1, 0]) as tf.Tensor4D, p, 'valid');
    expect(maxDiff(matMul2d(rows, ours).reshape([b, 2, 3, d]), conv)).toBeLessThan(1e-5);
  });

  it('converts linear and conv layouts to PyTorch and back exactly', () => {
    const lin = spec('l', [2, 3], { kind: 'zeros' }, { kind: 'linear' });
    expect(torchShape(lin.layout, lin.shape)).toEqual([3, 2]);
    expect(Array.from(toTorch(lin, [1, 2, 3, 4, 5, 6]).data)).toEqual([1, 4, 2, 5, 3, 6]);
    const conv = spec('c', [2 * 2 * 3, 2], { kind: 'zeros' }, { kind: 'conv', inChannels: 3, kernel: 2 });
    const data = Array.from({ length: 24 }, (_, i) => i);
    expect(Array.from(fromTorch(conv, toTorch(conv, data)))).toEqual(data);
    expect(() => fromTorch(lin, { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] })).toThrow();
  });

  it('bicubic resampling keeps constants, is the identity at equal size and follows the A = −0.75 kernel', () => {
    const m = bicubicMatrix(4, 7);
    for (let o = 0; o < 7; o++) expect(Array.from(m.subarray(o * 4, o * 4 + 4)).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    const eye = bicubicMatrix(5, 5);
    for (let i = 0; i < 5; i++) expect(eye[i * 5 + i]).toBeCloseTo(1, 12);
    // Upsampling [0, 1, 2, 3] to 8: output 0 samples source −0.25 (align_corners = False, unclamped for cubic),
    // taps −2..1 clamp to 0,0,0,1, so the value is the weight of tap 1 at distance 1.25: −0.10546875. Symmetric at the end.
    const up = bicubicMatrix(4, 8);
    const ramp = Array.from({ length: 8 }, (_, o) => [0, 1, 2, 3].reduce((s, v, i) => s + v * (up[o * 4 + i] ?? 0), 0));
    expect(ramp[0]).toBeCloseTo(-0.10546875, 12);
    expect(ramp[7]).toBeCloseTo(3.10546875, 12);
    const pos = fixed([9, 2], 6) as tf.Tensor2D;
    expect(resamplePosEmbed(pos, [3, 3], [5, 4]).shape).toEqual([20, 2]);
    expect(maxDiff(resamplePosEmbed(tf.ones([9, 2]) as tf.Tensor2D, [3, 3], [5, 4]), tf.ones([20, 2]))).toBeLessThan(1e-6);
  });
});

describe('attention and ViT', () => {
  const tiny: VitConfig = { ...VIT_PRESETS['vit-t16'], imgSize: 16, patchSize: 4, embedDim: 12, depth: 2, numHeads: 3, inChans: 1 };

  it('per-head 2-D attention equals a batched reference', () => {
    const [b, t, d, heads] = [2, 5, 6, 2];
    const params = new Map<string, tf.Tensor>([
      ['qkv.weight', fixed([d, 3 * d], 7)],
      ['qkv.bias', fixed([3 * d], 8)],
      ['proj.weight', fixed([d, d], 9)],
      ['proj.bias', fixed([d], 10)],
    ]);
    const x = fixed([b * t, d], 11) as tf.Tensor2D;
    const ours = attention(x, scope(params), b, heads);
    const qkv = tf.add(tf.matMul(x, params.get('qkv.weight')!), params.get('qkv.bias')!).reshape([b, t, 3, heads, d / heads]);
    const [q, k, v] = [0, 1, 2].map((s) => tf.transpose(tf.squeeze(tf.slice(qkv, [0, 0, s, 0, 0], [b, t, 1, heads, d / heads]), [2]), [0, 2, 1, 3]));
    const probs = tf.softmax(tf.mul(tf.matMul(q!, k!, false, true), (d / heads) ** -0.5));
    const merged = tf.transpose(tf.matMul(probs, v!), [0, 2, 1, 3]).reshape([b * t, d]);
    const ref = tf.add(tf.matMul(merged, params.get('proj.weight')!), params.get('proj.bias')!);
    expect(maxDiff(ours, ref)).toBeLessThan(1e-5);
  });

  it('returns CLS and the patch grid; interpolates position embeddings to other image sizes', () => {
    const params = initParams(vitParamSpecs(tiny), createRng(1));
    const out = vitForward(params, tiny, fixed([2, 16, 16, 1], 12) as tf.Tensor4D);
    expect(out.cls.shape).toEqual([2, 12]);
    expect(out.patches.shape).toEqual([2, 16, 12]);
    expect(out.grid).toEqual([4, 4]);
    const bigger = vitForward(params, tiny, fixed([1, 24, 20, 1], 13) as tf.Tensor4D);
    expect(bigger.patches.shape).toEqual([1, 30, 12]);
    expect(bigger.grid).toEqual([6, 5]);
  });

  it('drop path is off in eval and stochastic but seeded in training', () => {
    const cfg = { ...tiny, dropPathRate: 0.5 };
    const params = initParams(vitParamSpecs(cfg), createRng(2));
    const x = fixed([4, 16, 16, 1], 14) as tf.Tensor4D;
    const evalA = vitForward(params, cfg, x).cls;
    expect(maxDiff(evalA, vitForward(params, cfg, x).cls)).toBe(0);
    const trainA = vitForward(params, cfg, x, { rng: createRng(5) }).cls;
    expect(maxDiff(trainA, vitForward(params, cfg, x, { rng: createRng(5) }).cls)).toBe(0);
    expect(maxDiff(trainA, evalA)).toBeGreaterThan(0);
  });

  it('checkpointed blocks give the same loss and gradients, drop path included', () => {
    const cfg = { ...tiny, dropPathRate: 0.3 };
    const params = initParams(vitParamSpecs(cfg), createRng(4));
    const vars = [...params.values()];
    const x = fixed([3, 16, 16, 1], 15) as tf.Tensor4D;
    const run = (checkpoint: boolean) =>
      tf.variableGrads(() => tf.mean(tf.square(vitForward(params, cfg, x, { rng: createRng(9), checkpoint }).patches)) as tf.Scalar, vars);
    const plain = run(false);
    const ckpt = run(true);
    expect(maxDiff(plain.value, ckpt.value)).toBeLessThan(1e-6);
    for (const v of vars) expect(maxDiff(plain.grads[v.name]!, ckpt.grads[v.name]!), v.name).toBeLessThan(1e-5);
  });

  it('round-trips parameters through the PyTorch state-dict layout', () => {
    const specs = vitParamSpecs(tiny);
    const params = initParams(specs, createRng(3));
    const dict = paramsToTorch(specs, params);
    expect(dict.get('patch_embed.proj.weight')?.shape).toEqual([12, 1, 4, 4]);
    expect(dict.get('blocks.1.mlp.fc1.weight')?.shape).toEqual([48, 12]);
    const { params: back, unused } = paramsFromTorch(specs, new Map([...dict, ['head.weight', { shape: [1], data: [0] }]]));
    expect(unused).toEqual(['head.weight']);
    for (const s of specs) expect(maxDiff(back.get(s.name)!, params.get(s.name)!)).toBe(0);
  });

  it('presets have the published parameter counts', () => {
    expect(count(vitParamSpecs(vitConfig('vit-t16')))).toBe(5_524_416);
    expect(count(vitParamSpecs(vitConfig('vit-s16')))).toBe(21_665_664);
    expect(count(vitParamSpecs(vitConfig('vit-b16'))) / 1e6).toBeCloseTo(85.8, 1);
    expect(count(vitParamSpecs(vitConfig('vit-b32'))) / 1e6).toBeCloseTo(87.6, 1);
    const timmKeys = vitParamSpecs(vitConfig('vit-t16')).map((s) => s.name);
    expect(timmKeys.slice(0, 6)).toEqual(['cls_token', 'pos_embed', 'patch_embed.proj.weight', 'patch_embed.proj.bias', 'blocks.0.norm1.weight', 'blocks.0.norm1.bias']);
    expect(timmKeys.at(-1)).toBe('norm.bias');
  });
});
