import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CXR_MEAN, CXR_STD, disposeAceBatch, normalisePixel, stackPlanesOnHost } from '../../../../app/ssl/ace/batch';
import { aceStep, createAceTrainer, type StepHyper } from '../../../../app/ssl/ace/step';
import { maskedMeans } from '../../../../app/ssl/nn/masked-mean';
import { createRng } from '../../../../app/ssl/rng';
import { useBackend } from '../golden';
import { tinyBatch, TINY_ACE } from './fixture';

const HYPER: StepHyper = { lr: 1e-3, weightDecay: 0.04, momentum: 0.996, freezeLastLayer: false };

beforeAll(() => useBackend('wasm'));

describe('ACE building blocks', () => {
  it('masked means average each side of the mask and give zeros for an empty side', () => {
    const tokens = tf.tensor3d([[[1], [3], [5]], [[2], [4], [6]]]);
    const out = Array.from(maskedMeans(tokens, [1, 1, 0, 1, 1, 1]).dataSync());
    expect(out).toEqual([2, 4, 5, 0]);
  });

  it('builds a normalised batch with the two views at the same size', () => {
    const batch = tinyBatch(1);
    expect(batch.large.shape).toEqual([2, 28, 28, 1]);
    expect(batch.small.shape).toEqual([2, 28, 28, 1]);
    expect(batch.compTarget.shape).toEqual([2, 196, 49]);
    expect(batch.decompTarget.shape).toEqual([2, 196, 784]);
    expect(batch.overlapSmall.length).toBe(392);
    const mean = tf.mean(batch.small).dataSync()[0] ?? NaN;
    expect(Math.abs(mean - (128 / 255 - CXR_MEAN) / CXR_STD)).toBeLessThan(0.3);
    disposeAceBatch(batch);
  });
});

describe('stacking planes into a batch', () => {
  const grey = { height: 1, width: 2, channels: 1, data: Float32Array.of(0, 255) };
  const rgb = { height: 1, width: 2, channels: 3, data: Float32Array.of(10, 20, 30, 40, 50, 60) };

  it('repeats a grey plane over 3 channels and keeps an RGB plane as it is, normalised', () => {
    expect(Array.from(stackPlanesOnHost([grey], 3).data)).toEqual([0, 0, 0, 255, 255, 255].map((v) => Math.fround(normalisePixel(v))));
    const both = stackPlanesOnHost([rgb, grey], 3);
    expect(both.shape).toEqual([2, 1, 2, 3]);
    expect(Array.from(both.data)).toEqual([10, 20, 30, 40, 50, 60, 0, 0, 0, 255, 255, 255].map((v) => Math.fround(normalisePixel(v))));
  });

  it('keeps one channel for grey planes by default', () => {
    expect(Array.from(stackPlanesOnHost([grey]).data)).toEqual([0, 255].map((v) => Math.fround(normalisePixel(v))));
  });
});

describe('ACE training step (tiny ViT on wasm, real gradients)', () => {
  it('lowers the composition and decomposition losses, stays finite and leaks no tensor', async () => {
    const trainer = createAceTrainer(TINY_ACE, createRng(1));
    const batch = tinyBatch(3);
    const history = [];
    const counts: number[] = [];
    for (let i = 0; i < 6; i++) {
      history.push(await aceStep(trainer, batch, HYPER));
      counts.push(tf.memory().numTensors);
    }
    for (const h of history) for (const v of Object.values(h)) expect(Number.isFinite(v)).toBe(true);
    const first = history[0]!;
    const last = history.at(-1)!;
    expect(last.comp).toBeLessThan(first.comp);
    expect(last.decomp).toBeLessThan(first.decomp);
    expect(new Set(counts.slice(1)).size).toBe(1);
    disposeAceBatch(batch);
  });

  it('accumulates micro-batches into the same update, and checkpointing does not change it', async () => {
    const batch = tinyBatch(5);
    const one = createAceTrainer(TINY_ACE, createRng(3));
    const two = createAceTrainer(TINY_ACE, createRng(3));
    const ckpt = createAceTrainer(TINY_ACE, createRng(3));
    const l1 = await aceStep(one, batch, HYPER);
    const l2 = await aceStep(two, [batch, batch], HYPER);
    const l3 = await aceStep(ckpt, batch, HYPER, { checkpoint: true });
    for (const k of ['total', 'global', 'comp', 'decomp'] as const) {
      expect(l2[k]).toBeCloseTo(l1[k], 5);
      expect(l3[k]).toBeCloseTo(l1[k], 5);
    }
    for (const name of ['backbone.blocks.0.mlp.fc1.weight', 'head.last_layer.weight_v', 'decomposer.layer.3.weight']) {
      const a = one.student.get(name)!;
      expect(tf.max(tf.abs(tf.sub(a, two.student.get(name)!))).dataSync()[0]).toBeLessThan(1e-6);
      expect(tf.max(tf.abs(tf.sub(a, ckpt.student.get(name)!))).dataSync()[0]).toBeLessThan(1e-6);
    }
    disposeAceBatch(batch);
  });

  it('is deterministic per seed, honours the last-layer freeze and the EMA momentum', async () => {
    const a = createAceTrainer(TINY_ACE, createRng(7));
    const b = createAceTrainer(TINY_ACE, createRng(7));
    const batch = tinyBatch(4);
    const frozen = { ...HYPER, momentum: 1, freezeLastLayer: true };
    const lastLayer = Array.from(a.student.get('head.last_layer.weight_v')!.dataSync());
    const teacherBefore = Array.from(a.teacher.get('backbone.blocks.0.attn.qkv.weight')!.dataSync());
    const la = await aceStep(a, batch, frozen);
    const lb = await aceStep(b, batch, frozen);
    expect(la).toEqual(lb);
    expect(Array.from(a.student.get('head.last_layer.weight_v')!.dataSync())).toEqual(lastLayer);
    expect(Array.from(a.teacher.get('backbone.blocks.0.attn.qkv.weight')!.dataSync())).toEqual(teacherBefore);
    expect(Array.from(a.student.get('backbone.blocks.0.attn.qkv.weight')!.dataSync())).not.toEqual(teacherBefore);
    disposeAceBatch(batch);
  });
});
