import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openExtractor } from '../../../../app/analysis/features/extractors';
import type { FeatureExtractor, FeatureSettings } from '../../../../app/analysis/features/types';
import { vitFeatures } from '../../../../app/analysis/features/vit-features';
import { normalisePixel, stackPlanes } from '../../../../app/ssl/ace/batch';
import { saveCheckpoint } from '../../../../app/ssl/checkpoint/checkpoint';
import { writeSafetensors } from '../../../../app/ssl/checkpoint/safetensors';
import { paramsToTorch } from '../../../../app/ssl/nn/loader';
import { vitParamSpecs } from '../../../../app/ssl/nn/vit';
import { createRng, deriveSeed } from '../../../../app/ssl/rng';
import { parseTrainConfig } from '../../../../app/ssl/train/config';
import { backboneOf, createMethod } from '../../../../app/ssl/train/methods';
import { createTrainState, disposeTrainState } from '../../../../app/ssl/train/step';
import { useTempDir } from '../../../helpers/temp-dir';
import { maxAbsDiff, testPlane } from './tiny-vit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tempDir = useTempDir('cxr-features-');

/** A tiny DINO run (ViT width 16, 2 blocks, 2 heads, 8-px cells, 64-px images) saved at step 3, teacher ≠ student. */
const RUN = parseTrainConfig({ method: 'dino', embedDim: 16, depth: 2, numHeads: 2, cellSize: 8, cropCells: 4, imageSize: 64, dinoOutDim: 16, dinoHiddenDim: 16, dinoBottleneckDim: 8, batch: 2, microBatch: 1, epochs: 2, warmupEpochs: 0, seed: 5 });
const cfg = backboneOf(RUN);

function backboneOfState(params: ReadonlyMap<string, tf.Tensor>): Map<string, tf.Tensor> {
  return new Map([...params].filter(([k]) => k.startsWith('backbone.')).map(([k, v]) => [k.slice('backbone.'.length), v.clone()]));
}

function saveRun(root: string): { dir: string; teacher: Map<string, tf.Tensor>; student: Map<string, tf.Tensor> } {
  const state = createTrainState(createMethod(RUN).shape, createRng(deriveSeed(RUN.seed, 'init')));
  const rng = createRng(9);
  for (const v of state.teacher.values()) v.assign(tf.add(v, tf.tensor(Float32Array.from({ length: v.size }, () => 0.2 * rng.normal()), v.shape)));
  const dir = path.join(root, 'run-7');
  saveCheckpoint(dir, state, { step: 3 }, RUN);
  const out = { dir, teacher: backboneOfState(state.teacher), student: backboneOfState(state.student) };
  disposeTrainState(state);
  return out;
}

const settings: FeatureSettings = { layer: 0, facet: 'key', inputSize: 40, stride: 4, logBin: false };
const inputs = [testPlane(40, 1), testPlane(40, 2)];

/** The extractor's raw features vs vitFeatures on the given parameters. */
async function expectSameAs(extractor: FeatureExtractor, params: Map<string, tf.Tensor>): Promise<void> {
  const got = await extractor.extract(inputs, settings);
  const want = tf.tidy(() => vitFeatures(params, cfg, stackPlanes(inputs), { layer: 0, facet: 'key', stride: 4 }).features.dataSync());
  expect(maxAbsDiff(got.flatMap((f) => Array.from(f)), want)).toBeLessThan(1e-5);
}

function writeBare(file: string, params: Map<string, tf.Tensor>, prefix: string, metadata: Record<string, string> = {}): void {
  const torch = paramsToTorch(vitParamSpecs(cfg), params);
  const tensors = new Map([...torch].map(([k, t]) => [prefix + k, { shape: t.shape, data: Float32Array.from(t.data) }]));
  const fd = fs.openSync(file, 'w');
  writeSafetensors(fd, tensors, metadata);
  fs.closeSync(fd);
}

describe('checkpoint extractor', () => {
  it('opens a run folder: architecture from the run config, the teacher by default, a label and defaults from the run', async () => {
    const { dir, teacher } = saveRun(tempDir());
    const extractor = await openExtractor({ kind: 'checkpoint', path: dir });
    expect(extractor.label).toBe('run-7 · step 3 (teacher)');
    expect([extractor.patchSize, extractor.depth]).toEqual([8, 2]);
    expect(extractor.defaults).toEqual({ layer: -1, facet: 'token', inputSize: 64, stride: 8, logBin: false });
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.safetensors'))!);
    expect(extractor.id).toContain(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    await expectSameAs(extractor, teacher);
    extractor.dispose();
  });

  it('gives the student on request, and reads the step file directly with the same identity', async () => {
    const { dir, student } = saveRun(tempDir());
    const byFolder = await openExtractor({ kind: 'checkpoint', path: dir });
    const studentX = await openExtractor({ kind: 'checkpoint', path: dir, weights: 'student' });
    expect(studentX.label).toBe('run-7 · step 3 (student)');
    expect(studentX.id).not.toBe(byFolder.id);
    await expectSameAs(studentX, student);
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.safetensors'))!);
    const byFile = await openExtractor({ kind: 'checkpoint', path: file });
    expect([byFile.id, byFile.label]).toEqual([byFolder.id, byFolder.label]);
    for (const x of [byFolder, studentX, byFile]) x.dispose();
  });

  it('infers the architecture of a bare timm file; heads from metadata, else D/64 (at least 1), and says so', async () => {
    const root = tempDir();
    const { teacher } = saveRun(root);
    const declared = path.join(root, 'declared.safetensors');
    writeBare(declared, teacher, 'module.', { num_heads: '2' });
    const a = await openExtractor({ kind: 'checkpoint', path: declared });
    expect(a.label).toBe('declared.safetensors (single backbone; 2 heads)');
    expect(a.defaults.inputSize).toBe(32);
    await expectSameAs(a, teacher);
    const guessed = path.join(root, 'guessed.safetensors');
    writeBare(guessed, teacher, '');
    const b = await openExtractor({ kind: 'checkpoint', path: guessed });
    expect(b.label).toBe('guessed.safetensors (single backbone; 1 head assumed: D/64)');
    expect(b.id).not.toBe(a.id);
    for (const x of [a, b]) x.dispose();
  });

  it('reports bad checkpoints by name and problem', async () => {
    const root = tempDir();
    const { teacher } = saveRun(root);
    await expect(openExtractor({ kind: 'checkpoint', path: path.join(root, 'nope') })).rejects.toThrow(/nope: no such file or folder/);
    fs.mkdirSync(path.join(root, 'empty'));
    await expect(openExtractor({ kind: 'checkpoint', path: path.join(root, 'empty') })).rejects.toThrow(/empty: the folder has no manifest.json/);
    fs.writeFileSync(path.join(root, 'model.pt'), 'x');
    await expect(openExtractor({ kind: 'checkpoint', path: path.join(root, 'model.pt') })).rejects.toThrow(/expected a run folder or a .safetensors file/);
    const teacherOnly = path.join(root, 'teacher-only.safetensors');
    writeBare(teacherOnly, teacher, 'teacher.backbone.');
    await expect(openExtractor({ kind: 'checkpoint', path: teacherOnly, weights: 'student' })).rejects.toThrow(/holds teacher weights only, not the student/);
    const headless = path.join(root, 'headless.safetensors');
    writeBare(headless, teacher, 'encoder.');
    await expect(openExtractor({ kind: 'checkpoint', path: headless })).rejects.toThrow(/has no ViT backbone: no "patch_embed.proj.weight"/);
  });
});

describe('random extractor', () => {
  it('with `like` and seed s: the checkpoint’s architecture, initialised exactly as a training run with seed s starts', async () => {
    const { dir, student } = saveRun(tempDir());
    const random = await openExtractor({ kind: 'random', like: dir, seed: RUN.seed });
    expect(random.label).toBe('random like run-7 · step 3 (teacher) (seed 5)');
    expect(random.defaults.inputSize).toBe(64);
    await expectSameAs(random, student);
    const other = await openExtractor({ kind: 'random', like: dir, seed: 6 });
    expect(other.id).not.toBe(random.id);
    for (const x of [random, other]) x.dispose();
  });

  it('defaults to ViT-T/16 as training configures it (1 channel, 512-px images)', async () => {
    const x = await openExtractor({ kind: 'random' });
    expect([x.label, x.patchSize, x.depth]).toEqual(['random vit-t16 (seed 0)', 16, 12]);
    expect(x.defaults).toEqual({ layer: -1, facet: 'token', inputSize: 512, stride: 16, logBin: false });
    expect(x.id).toMatch(/^random:v\d+:seed0:/);
    x.dispose();
    await expect(openExtractor({ kind: 'random', seed: -1 })).rejects.toThrow(/seed -1 must be a non-negative integer/);
    await expect(openExtractor({ kind: 'random', backbone: 'vit-x' as never })).rejects.toThrow(/unknown backbone "vit-x" \(one of vit-t16, vit-s16, vit-b16, vit-b32\)/);
  });
});

describe('pixels baseline', () => {
  it('each token is the normalised patch×patch window minus its mean, at the requested stride; layer and facet are ignored', async () => {
    const x = await openExtractor({ kind: 'pixels', patch: 4 });
    expect([x.label, x.depth, x.patchSize]).toEqual(['raw pixels (4-px patches)', 0, 4]);
    const img = testPlane(12, 3);
    const [f] = await x.extract([img], { layer: 5, facet: 'value', inputSize: 12, stride: 2, logBin: false });
    // 5×5 tokens of 16 values; token (1, 2) starts at pixel (2, 4).
    expect(f!.length).toBe(25 * 16);
    const token = Array.from(f!.subarray((1 * 5 + 2) * 16, (1 * 5 + 3) * 16));
    const window = Array.from({ length: 16 }, (_, k) => normalisePixel(img.data[(2 + Math.floor(k / 4)) * 12 + 4 + (k % 4)]!));
    const mean = window.reduce((a, v) => a + v, 0) / window.length;
    const want = window.map((v) => v - mean);
    expect(maxAbsDiff(token, want)).toBeLessThan(1e-6);
    await expect(x.extract([img], { layer: 0, facet: 'token', inputSize: 12, stride: 3, logBin: false })).rejects.toThrow(/stride 3 must divide the patch size 4/);
  });
});
