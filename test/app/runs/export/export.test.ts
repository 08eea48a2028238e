import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../../../app/api/schemas/runs';
import { parseSafetensors } from '../../../../app/ssl/checkpoint/safetensors';
import { vitForward } from '../../../../app/ssl/nn/vit';
import { parseTrainConfig } from '../../../../app/ssl/train/config';
import { disposeTrainState } from '../../../../app/ssl/train/step';
import { bytesFile, writeFolderAtomic } from '../../../../app/runs/export/atomic-folder';
import { backboneValues, readCheckpointBackbone } from '../../../../app/runs/export/checkpoint-backbone';
import { LICENCE_NOTE, modelCard } from '../../../../app/runs/export/model-card';
import { readSafetensorsSubset } from '../../../../app/ssl/checkpoint/safetensors-subset';
import { sha256File } from '../../../../app/util/sha256-file';
import { tfjsWeights } from '../../../../app/runs/export/tfjs-weights';
import { useTempDir } from '../../../helpers/temp-dir';
import { useBackend } from '../../ssl/golden';
import { TINY_ACE, tinyCheckpoint } from '../tiny-checkpoint';

const tempDir = useTempDir('cxr-export-');

beforeAll(() => useBackend('cpu'));

describe('reading a backbone out of a training checkpoint', () => {
  it('reads only the chosen backbone, under timm keys, in PyTorch layout, bit for bit', () => {
    const dir = tempDir();
    const state = tinyCheckpoint(dir);
    try {
      const file = path.join(dir, 'step-00000005.safetensors');
      const all = parseSafetensors(fs.readFileSync(file)).tensors;
      for (const weights of ['teacher', 'student'] as const) {
        const b = readCheckpointBackbone(dir, weights);
        expect(b.step).toBe(5);
        expect(b.file).toBe(file);
        expect([...b.torch.keys()]).toEqual(b.specs.map((s) => s.name));
        expect([...b.torch.keys()].slice(0, 4)).toEqual(['cls_token', 'pos_embed', 'patch_embed.proj.weight', 'patch_embed.proj.bias']);
        expect(b.torch.has('norm.weight') && b.torch.has('blocks.1.mlp.fc2.bias')).toBe(true);
        for (const [key, t] of b.torch) {
          const stored = all.get(`${weights}.backbone.${key}`)!;
          expect(t.shape).toEqual(stored.shape);
          expect(Buffer.from(t.data.buffer).equals(Buffer.from(stored.data.buffer))).toBe(true);
        }
        // Our layout = the state's variables exactly.
        const network = weights === 'teacher' ? state.teacher : state.student;
        for (const [key, values] of backboneValues(b)) expect(Array.from(values)).toEqual(Array.from(network.get(`backbone.${key}`)!.dataSync()));
      }
      // 2 blocks: 4 embedding tensors + 12 per block + final norm's 2.
      expect(readCheckpointBackbone(dir).torch.size).toBe(4 + 2 * 12 + 2);
    } finally {
      disposeTrainState(state);
    }
  });

  it('the positional reader returns exactly what a full parse returns for the selected names', () => {
    const dir = tempDir();
    disposeTrainState(tinyCheckpoint(dir));
    const file = path.join(dir, 'step-00000005.safetensors');
    const full = parseSafetensors(fs.readFileSync(file));
    const part = readSafetensorsSubset(file, (n) => n.startsWith('student.backbone.blocks.0.'));
    expect(part.metadata).toEqual(full.metadata);
    expect(part.tensors.size).toBe(12);
    for (const [name, t] of part.tensors) expect(Array.from(t.data)).toEqual(Array.from(full.tensors.get(name)!.data));
    const truncated = path.join(dir, 'truncated.safetensors');
    fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, 4000));
    expect(() => readSafetensorsSubset(truncated, () => true)).toThrow(/truncated\.safetensors/);
  });

  it('says what is wrong: no checkpoint yet, or no teacher in Barlow Twins', () => {
    expect(() => readCheckpointBackbone(tempDir())).toThrow(/holds no checkpoint yet/);
    const dir = tempDir();
    disposeTrainState(tinyCheckpoint(dir, 1, parseTrainConfig({ ...TINY_ACE, method: 'barlow', microBatch: 2, projDim: 16 })));
    expect(() => readCheckpointBackbone(dir, 'teacher')).toThrow(/Barlow Twins trains no teacher/);
    expect(readCheckpointBackbone(dir, 'student').torch.size).toBe(30);
  });
});

describe('TensorFlow.js weights', () => {
  it('shards at the byte limit regardless of tensor boundaries, in the converter’s naming', () => {
    const tensors = new Map([
      ['a', { shape: [3], data: Float32Array.of(1, 2, 3) }],
      ['b', { shape: [2, 2], data: Float32Array.of(4, 5, 6, 7) }],
    ]);
    const { manifest, shards } = tfjsWeights(tensors, 12);
    expect(manifest.paths).toEqual(['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
    expect(shards.map((s) => s.byteLength)).toEqual([12, 12, 4]);
    expect(manifest.weights).toEqual([
      { name: 'a', shape: [3], dtype: 'float32' },
      { name: 'b', shape: [2, 2], dtype: 'float32' },
    ]);
  });

  it('decodes with tf.io.decodeWeights to the backbone values, and gives the same patch tokens through vitForward', () => {
    const dir = tempDir();
    const state = tinyCheckpoint(dir);
    try {
      const b = readCheckpointBackbone(dir, 'teacher');
      const values = backboneValues(b);
      const { manifest, shards } = tfjsWeights(new Map(b.specs.map((s) => [s.name, { shape: s.shape, data: values.get(s.name)! }])), 16 * 1024);
      expect(shards.length).toBeGreaterThan(3);
      const joined = Buffer.concat(shards.map((s) => Buffer.from(s)));
      const decoded = tf.io.decodeWeights(joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength), [...manifest.weights].map((w) => ({ ...w, shape: [...w.shape] })));
      expect(Object.keys(decoded)).toEqual(b.specs.map((s) => s.name));
      for (const s of b.specs) expect(Array.from(decoded[s.name]!.dataSync())).toEqual(Array.from(state.teacher.get(`backbone.${s.name}`)!.dataSync()));
      const image = tf.randomNormal([1, 32, 32, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
      const fromTfjs = vitForward(new Map(Object.entries(decoded)), b.vit, image);
      const fromState = vitForward(state.teacher, b.vit, image, {}, 'backbone.');
      expect(Array.from(fromTfjs.patches.dataSync())).toEqual(Array.from(fromState.patches.dataSync()));
      tf.dispose([image, fromTfjs.cls, fromTfjs.patches, fromState.cls, fromState.patches, ...Object.values(decoded)]);
    } finally {
      disposeTrainState(state);
    }
  });
});

describe('the model card', () => {
  it('describes method, backbone, data, progress, provenance and licence', () => {
    const dir = tempDir();
    disposeTrainState(tinyCheckpoint(dir, 6));
    const b = readCheckpointBackbone(dir);
    const run: Run = {
      id: 3,
      projectId: 1,
      name: 'Tiny ACE',
      method: 'ace',
      status: 'finished',
      backend: 'cpu (1 thread)',
      codeVersion: '0.1.0+abc',
      seed: 7,
      datasetIds: [2, 9],
      images: 8,
      dataHash: 'f00d',
      stepsDone: 6,
      stepsTotal: 12,
      losses: { total: 1.5, global: 1 },
      checkpoints: 3,
      lastCheckpointStep: 6,
      error: null,
      config: TINY_ACE as unknown as Record<string, unknown>,
      createdAt: '2025-01-01T00:00:00.000Z',
      startedAt: '2025-01-01T00:00:01.000Z',
      finishedAt: '2025-01-01T00:01:00.000Z',
    };
    const card = modelCard({
      run,
      datasets: [
        { id: 2, name: 'Phantoms' },
        { id: 9, name: null },
      ],
      backbone: b,
      checkpointSha256: sha256File(b.file),
      files: { safetensors: 'model.safetensors', tfjs: 'tfjs/model.json' },
      exportedAt: '2025-02-02T00:00:00.000Z',
      exportedBy: 'test',
    });
    expect(card).toMatchObject({
      format: 'cxr-model-card',
      method: 'ace',
      weights: 'teacher',
      backbone: { preset: 'vit-t16', tokenGrid: [4, 4], timm: { model: 'vit_tiny_patch16_224', kwargs: { img_size: 32, patch_size: 8, in_chans: 1, embed_dim: 32, depth: 2, num_heads: 2, num_classes: 0 } } },
      input: { size: 32, channels: 1, mean: 0.5056, std: 0.252 },
      data: { datasets: [{ id: 2, name: 'Phantoms' }, { id: 9, name: null }], images: 8, contentHash: 'f00d' },
      training: { stepsDone: 6, stepsTotal: 12, checkpointStep: 6, lastLosses: { total: 1.5, global: 1 }, backend: 'cpu (1 thread)', seed: 7, codeVersion: '0.1.0+abc', createdAt: run.createdAt },
      checkpoint: { file: b.file, step: 6 },
      exportedAt: '2025-02-02T00:00:00.000Z',
      licence: LICENCE_NOTE,
    });
    expect(card.checkpoint.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.training.config.dinoOutDim).toBe(64);
    // ViT with D = 32, 2 blocks, 8-px patches of 1 channel, 16 + 1 positions.
    const d = 32;
    const block = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * 4 * d + 4 * d) + (4 * d * d + d);
    expect(card.backbone.parameters).toBe(d + 17 * d + 64 * d + d + 2 * block + 2 * d);
  });
});

describe('atomic folder writes', () => {
  it('writes every file or none, refuses a non-empty folder unless forced, and leaves no temp folder', () => {
    const root = tempDir();
    const out = path.join(root, 'export');
    writeFolderAtomic(out, [bytesFile('a.txt', 'one'), bytesFile('sub/b.bin', Uint8Array.of(1, 2))], false);
    expect(fs.readFileSync(path.join(out, 'a.txt'), 'utf8')).toBe('one');
    expect([...fs.readFileSync(path.join(out, 'sub', 'b.bin'))]).toEqual([1, 2]);
    expect(() => writeFolderAtomic(out, [bytesFile('c.txt', 'x')], false)).toThrow(/output folder .*export is not empty/);
    writeFolderAtomic(out, [bytesFile('c.txt', 'two')], true);
    expect(fs.readdirSync(out)).toEqual(['c.txt']);
    const failing = { path: 'd.txt', write: () => { throw new Error('disk full'); } };
    expect(() => writeFolderAtomic(out, [bytesFile('e.txt', 'x'), failing], true)).toThrow(/disk full/);
    expect(fs.readdirSync(out)).toEqual(['c.txt']);
    fs.mkdirSync(path.join(root, 'empty'));
    writeFolderAtomic(path.join(root, 'empty'), [bytesFile('f.txt', 'x')], false);
    expect(fs.readdirSync(root).sort()).toEqual(['empty', 'export']);
  });
});
