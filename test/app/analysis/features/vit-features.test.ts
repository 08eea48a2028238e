import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { overlappingPatches } from '../../../../app/analysis/features/patches';
import type { Facet } from '../../../../app/analysis/features/types';
import { vitExtractor } from '../../../../app/analysis/features/vit-extractor';
import { vitFeatures } from '../../../../app/analysis/features/vit-features';
import { stackPlanes } from '../../../../app/ssl/ace/batch';
import { gridResampleMatrix } from '../../../../app/ssl/nn/pos-embed';
import { vitForward } from '../../../../app/ssl/nn/vit';
import { TINY_VIT, host, maxAbsDiff, randomParams, testPlane } from './tiny-vit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cfg = TINY_VIT;
const d = cfg.embedDim;
const heads = cfg.numHeads;
const hd = d / heads;

const features = (params: Map<string, tf.Tensor>, side: number, layer: number, facet: Facet, stride: number, seeds = [1, 2]) =>
  tf.tidy(() => vitFeatures(params, cfg, stackPlanes(seeds.map((s) => testPlane(side, s))), { layer, facet, stride }).features);

/** Token rows of a [B, N, D] tensor as host arrays, image-major. */
const tokenRows = (t: tf.Tensor): Float32Array[] => {
  const v = host.values(t);
  const dim = t.shape[t.rank - 1] ?? 0;
  return Array.from({ length: v.length / dim }, (_, i) => v.slice(i * dim, (i + 1) * dim));
};

/** timm's head-major qkv slice → dino-vit-features' head-fastest order (feature j·H + h). */
const headFastest = (row: Float32Array, offset: number): Float32Array => Float32Array.from({ length: d }, (_, f) => row[offset + (f % heads) * hd + Math.floor(f / heads)]!);

describe('overlapping patch rows', () => {
  it('equal a direct im2col with rows ordered (ky, kx, c), for any stride dividing the patch', () => {
    const [b, h, c] = [2, 12, 2];
    for (const [patch, stride, w] of [[4, 4, 16], [4, 2, 16], [4, 1, 16], [6, 3, 18]] as const) {
      const values = Float32Array.from({ length: b * h * w * c }, (_, i) => Math.sin(i * 0.37) * 10);
      const images = tf.tensor4d(values, [b, h, w, c]);
      const { rows, grid } = overlappingPatches(images, patch, stride);
      const [gh, gw] = [1 + (h - patch) / stride, 1 + (w - patch) / stride];
      expect(grid).toEqual([gh, gw]);
      const want = new Float32Array(b * gh * gw * patch * patch * c);
      let at = 0;
      for (let n = 0; n < b; n++)
        for (let r = 0; r < gh; r++)
          for (let q = 0; q < gw; q++)
            for (let ky = 0; ky < patch; ky++)
              for (let kx = 0; kx < patch; kx++) for (let ch = 0; ch < c; ch++) want[at++] = values[((n * h + r * stride + ky) * w + q * stride + kx) * c + ch]!;
      expect(rows.shape).toEqual([b * gh * gw, patch * patch * c]);
      expect(maxAbsDiff(rows.dataSync(), want)).toBe(0);
    }
    expect(() => overlappingPatches(tf.zeros([1, 8, 8, 1]), 4, 3)).toThrow(/does not divide/);
  });
});

describe('ViT features', () => {
  const params = randomParams(cfg, 7);

  it('token facet of the last block at stride = patch is exactly vitForward’s patch tokens (trained and resampled grid)', () => {
    for (const side of [32, 48]) {
      const ours = features(params, side, cfg.depth - 1, 'token', cfg.patchSize);
      const ref = vitForward(params, cfg, stackPlanes([testPlane(side, 1), testPlane(side, 2)])).patches;
      expect(ours.shape).toEqual(ref.shape);
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBe(0);
      tf.dispose([ours, ref]);
    }
  });

  it('query/key/value of block 0 at stride 4 equal a hand computation: strided conv, resampled positions, norm1, qkv', () => {
    const side = 32;
    const stride = 4;
    const p = cfg.patchSize;
    const n = 1 + (side - p) / stride;
    const get = (k: string) => host.values(params.get(k)!);
    const pe = get('patch_embed.proj.weight');
    const peBias = get('patch_embed.proj.bias');
    const pos = get('pos_embed');
    // Position embeddings: the trained 4×4 grid resampled to 7×7 by the (timm-checked) bicubic matrix.
    const m = gridResampleMatrix([4, 4], [n, n]);
    const img = stackPlanes([testPlane(side, 1)]).dataSync();
    const tokens: Float32Array[] = [];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const t = Float32Array.from(peBias);
        for (let ky = 0; ky < p; ky++) for (let kx = 0; kx < p; kx++) for (let o = 0; o < d; o++) t[o]! += pe[(ky * p + kx) * d + o]! * img[(r * stride + ky) * side + c * stride + kx]!;
        for (let o = 0; o < d; o++) for (let j = 0; j < 16; j++) t[o]! += m[(r * n + c) * 16 + j]! * pos[(1 + j) * d + o]!;
        tokens.push(t);
      }
    }
    const normed = host.layerNorm(tokens, get('blocks.0.norm1.weight'), get('blocks.0.norm1.bias'), cfg.lnEps);
    const qkv = host.linear(normed, get('blocks.0.attn.qkv.weight'), get('blocks.0.attn.qkv.bias'), 3 * d);
    (['query', 'key', 'value'] as const).forEach((facet, s) => {
      const ours = features(params, side, 0, facet, stride, [1]);
      expect(ours.shape).toEqual([1, n * n, d]);
      const want = qkv.flatMap((row) => Array.from(headFastest(row, s * d)));
      expect(maxAbsDiff(ours.dataSync(), want), facet).toBeLessThan(1e-4);
      ours.dispose();
    });
  });

  it('earlier blocks give the raw block output; a later block’s value facet is its qkv of that output', () => {
    const raw = features(params, 32, 0, 'token', 4);
    // Raw: normalising it with the final norm gives vitForward of the same weights cut to one block.
    const oneBlock = vitForward(params, { ...cfg, depth: 1, imgSize: 32 }, stackPlanes([testPlane(32, 1), testPlane(32, 2)]));
    const get = (k: string) => host.values(params.get(k)!);
    const raw8 = features(params, 32, 0, 'token', 8);
    const normed = host.layerNorm(tokenRows(raw8), get('norm.weight'), get('norm.bias'), cfg.lnEps);
    expect(maxAbsDiff(normed.flatMap((r) => Array.from(r)), oneBlock.patches.dataSync())).toBeLessThan(1e-4);
    // Block 1's q/k/v are per-token functions of block 0's output (CLS only matters through attention).
    const h = host.layerNorm(tokenRows(raw), get('blocks.1.norm1.weight'), get('blocks.1.norm1.bias'), cfg.lnEps);
    const qkv = host.linear(h, get('blocks.1.attn.qkv.weight'), get('blocks.1.attn.qkv.bias'), 3 * d);
    const value = features(params, 32, 1, 'value', 4);
    expect(maxAbsDiff(value.dataSync(), qkv.flatMap((row) => Array.from(headFastest(row, 2 * d))))).toBeLessThan(1e-4);
    tf.dispose([raw, raw8, value, oneBlock.cls, oneBlock.patches]);
  });

  it('rejects a block outside the model', () => {
    expect(() => features(params, 32, cfg.depth, 'token', 8)).toThrow(/outside blocks 0–1/);
  });

  it('keeps tf memory flat: extracting twice leaves no tensor behind', async () => {
    const empty = tf.memory().numTensors;
    const extractor = vitExtractor(randomParams(cfg, 3), cfg, { id: 'test', label: 'tiny', defaults: { layer: -1, facet: 'token', inputSize: 32, stride: 8, logBin: false } });
    const inputs = [testPlane(40, 1), testPlane(40, 2)];
    const settings = { layer: 0, facet: 'key', inputSize: 40, stride: 4, logBin: false } as const;
    const before = tf.memory().numTensors;
    const first = await extractor.extract(inputs, settings);
    const second = await extractor.extract(inputs, { ...settings, layer: -1, facet: 'token' });
    expect(tf.memory().numTensors).toBe(before);
    expect(first.map((f) => f.length)).toEqual([9 * 9 * d, 9 * 9 * d]);
    expect(second[0]!.length).toBe(9 * 9 * d);
    await expect(extractor.extract([testPlane(32, 1)], settings)).rejects.toThrow(/input 0 is 32×32×1, expected 40² grey/);
    extractor.dispose();
    expect(tf.memory().numTensors).toBe(empty);
  });

  it('refuses, with the reason, a grid whose attention would overflow the 4 GB wasm heap', async () => {
    const extractor = vitExtractor(randomParams(cfg, 3), cfg, { id: 'test', label: 'tiny', defaults: { layer: -1, facet: 'token', inputSize: 32, stride: 8, logBin: false } });
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    try {
      // 110 px at stride 1: 103² + 1 tokens, 2 heads → 1.7 GB of scores and probabilities per block.
      const dense = { layer: -1, facet: 'token', inputSize: 110, stride: 1, logBin: false } as const;
      await expect(extractor.extract([testPlane(110, 1)], dense)).rejects.toThrow(/tiny: input 110 at stride 1 needs 1\.7 GB of attention per image, more than the wasm heap allows/);
      // Block 0's key comes before any attention: allowed.
      expect((await extractor.extract([testPlane(40, 1)], { ...dense, inputSize: 40, layer: 0, facet: 'key' }))[0]!.length).toBe(33 * 33 * d);
    } finally {
      extractor.dispose();
      await tf.setBackend('cpu');
    }
  });
});
