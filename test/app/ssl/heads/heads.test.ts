import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { composerForward, composerSpecs, decomposerForward, decomposerSpecs } from '../../../../app/ssl/heads/composer';
import { denseHeadConfig, denseHeadForward, denseHeadSpecs } from '../../../../app/ssl/heads/dense-head';
import { dinoHeadConfig, dinoHeadForward, dinoHeadSpecs } from '../../../../app/ssl/heads/dino-head';
import { composeBlocks, decomposeTokens } from '../../../../app/ssl/heads/layouts';
import { PEAC_GLOBAL_HEAD, PEAC_LOCAL_HEAD, peacProjectionForward, peacProjectionSpecs } from '../../../../app/ssl/heads/peac-projection';
import { type ParamSpec, initParams, scope } from '../../../../app/ssl/nn/params';
import { createRng } from '../../../../app/ssl/rng';
import { fixed } from '../descent';
import { useBackend } from '../golden';

const count = (specs: readonly ParamSpec[]): number => specs.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
const arr = (t: tf.Tensor): number[] => Array.from(t.dataSync());

beforeAll(() => useBackend('cpu'));

describe('head sizes match spec §8 for the Swin-B width (1024)', () => {
  it('ACE heads', () => {
    expect(count(dinoHeadSpecs(dinoHeadConfig(1024))) / 1e6).toBeCloseTo(23.7, 1);
    expect(count(denseHeadSpecs(denseHeadConfig(1024))) / 1e6).toBeCloseTo(3.2, 1);
    expect(count(composerSpecs(1024)) / 1e6).toBeCloseTo(5.25, 2);
    expect(count(decomposerSpecs(1024)) / 1e6).toBeCloseTo(21.0, 1);
  });

  it('PEAC projections', () => {
    expect(count(peacProjectionSpecs(PEAC_GLOBAL_HEAD(1024))) / 1e6).toBeCloseTo(142.7, 1);
    expect(count(peacProjectionSpecs(PEAC_LOCAL_HEAD(1024))) / 1e6).toBeCloseTo(1.05, 2);
  });
});

describe('layouts (published PyTorch compatibility)', () => {
  it('composes 2×2 blocks channel-major', () => {
    // 4×4 grid, D = 2: token (r, c) carries [10r + c, 100 + 10r + c].
    const data = Array.from({ length: 16 }, (_, t) => [10 * Math.floor(t / 4) + (t % 4), 100 + 10 * Math.floor(t / 4) + (t % 4)]).flat();
    const blocks = composeBlocks(tf.tensor3d(data, [1, 16, 2]), 4);
    expect(blocks.shape).toEqual([1, 4, 8]);
    // Block (0, 1) covers tokens (0,2), (0,3), (1,2), (1,3); feature = c·4 + 2·dr + dc.
    expect(arr(blocks).slice(8, 16)).toEqual([2, 3, 12, 13, 102, 103, 112, 113]);
  });

  it('decomposes depth-to-space channel-fastest', () => {
    // 2×2 grid, D = 1: token t carries [10t + (2dr+dc)].
    const data = Array.from({ length: 4 }, (_, t) => [0, 1, 2, 3].map((k) => 10 * t + k)).flat();
    const sub = arr(decomposeTokens(tf.tensor3d(data, [1, 4, 4]), 2));
    expect(sub).toEqual([0, 1, 10, 11, 2, 3, 12, 13, 20, 21, 30, 31, 22, 23, 32, 33]);
  });
});

describe('head behaviour', () => {
  it('DINO head logits are cosines (|z| ≤ 1) with the frozen unit gain, which is not trainable', () => {
    const cfg = { ...dinoHeadConfig(6, 10), hiddenDim: 8, bottleneckDim: 4 };
    const specs = dinoHeadSpecs(cfg);
    expect(specs.find((s) => s.name === 'last_layer.weight_g')?.trainable).toBe(false);
    const logits = arr(dinoHeadForward(scope(initParams(specs, createRng(1))), cfg, fixed([5, 6], 1)));
    expect(logits).toHaveLength(50);
    expect(Math.max(...logits.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('dense head rows are unit norm', () => {
    const cfg = denseHeadConfig(6, 5);
    const out = denseHeadForward(scope(initParams(denseHeadSpecs(cfg), createRng(2))), cfg, fixed([2, 9, 6], 2) as tf.Tensor3D);
    const norms = arr(tf.norm(out, 'euclidean', -1));
    for (const n of norms) expect(n).toBeCloseTo(1, 5);
  });

  it('composer, decomposer and PEAC projections produce the documented shapes', () => {
    const d = 4;
    const tokens = fixed([2, 196, d], 3) as tf.Tensor3D;
    expect(composerForward(scope(initParams(composerSpecs(d), createRng(3))), d, tokens, 14).shape).toEqual([2, 49, d]);
    expect(decomposerForward(scope(initParams(decomposerSpecs(d), createRng(4))), d, tokens, 14).shape).toEqual([2, 784, d]);
    const local = { ...PEAC_LOCAL_HEAD(d), hiddenDims: [6, 6] as const, outDim: 3 };
    expect(peacProjectionForward(scope(initParams(peacProjectionSpecs(local), createRng(5))), local, tokens).shape).toEqual([2, 196, 3]);
  });
});
