import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../app/ssl/checkpoint/atomic';
import { MANIFEST, loadCheckpoint, readManifest, saveCheckpoint } from '../../../../app/ssl/checkpoint/checkpoint';
import { type HostTensor, type PendingTensor, parseSafetensors, writeSafetensors } from '../../../../app/ssl/checkpoint/safetensors';
import { aceStep, createAceTrainer } from '../../../../app/ssl/ace/step';
import { disposeAceBatch } from '../../../../app/ssl/ace/batch';
import { createRng } from '../../../../app/ssl/rng';
import { type TrainProgress, train } from '../../../../app/ssl/train/loop';
import { disposeTrainState } from '../../../../app/ssl/train/step';
import { tinyBatch, TINY_ACE } from '../ace/fixture';
import { useBackend } from '../golden';
import { TINY_TRAIN, tinySource } from './fixture';

const dirs: string[] = [];
const tmpDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ssl-ckpt-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

beforeAll(() => useBackend('cpu'));

describe('safetensors container', () => {
  it('lays out the u64 header length, an 8-byte-aligned JSON header and raw little-endian floats', () => {
    const file = path.join(tmpDir(), 'a.safetensors');
    const tensors = new Map([
      ['a', { shape: [2], data: Float32Array.from([1.5, -2]) }],
      ['b.c', { shape: [1, 3], data: Float32Array.from([3, 4, 5]) }],
    ]);
    writeFileAtomic(file, (fd) => writeSafetensors(fd, tensors, { step: '7' }));
    const bytes = fs.readFileSync(file);
    const n = Number(bytes.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
    expect(header.__metadata__).toEqual({ step: '7' });
    expect(header.a).toEqual({ dtype: 'F32', shape: [2], data_offsets: [0, 8] });
    expect(header['b.c']).toEqual({ dtype: 'F32', shape: [1, 3], data_offsets: [8, 20] });
    expect(bytes.readFloatLE(8 + n + 4)).toBe(-2);
    expect(bytes.length).toBe(8 + n + 20);
    const back = parseSafetensors(bytes);
    expect(Array.from(back.tensors.get('b.c')!.data)).toEqual([3, 4, 5]);
    expect(back.metadata.step).toBe('7');
  });

  it('makes pending tensors\' values one at a time, as each is written, and names one whose values do not fill its shape', () => {
    const file = path.join(tmpDir(), 'p.safetensors');
    const made: string[] = [];
    const pending = (name: string, values: number[]) => ({ shape: [values.length], values: () => (made.push(name), Float32Array.from(values)) });
    const tensors = new Map<string, HostTensor | PendingTensor>([['x', pending('x', [1, 2])], ['y', { shape: [1], data: Float32Array.from([3]) }], ['z', pending('z', [4, 5, 6])]]);
    writeFileAtomic(file, (fd) => writeSafetensors(fd, tensors));
    expect(made).toEqual(['x', 'z']);
    const back = parseSafetensors(fs.readFileSync(file));
    expect(['x', 'y', 'z'].map((n) => Array.from(back.tensors.get(n)!.data))).toEqual([[1, 2], [3], [4, 5, 6]]);
    const short = new Map([['w', { shape: [3], values: () => Float32Array.from([1, 2]) }]]);
    expect(() => writeFileAtomic(path.join(tmpDir(), 'bad.safetensors'), (fd) => writeSafetensors(fd, short))).toThrow('"w": 2 values for shape [3]');
  });

  it('atomic write leaves the old file intact and no temporary behind when the writer fails', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'x.json');
    writeFileAtomic(file, (fd) => fs.writeSync(fd, 'old'));
    expect(() =>
      writeFileAtomic(file, (fd) => {
        fs.writeSync(fd, 'partial');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['x.json']);
  });
});

describe('training-state checkpoints', () => {
  it('round-trips student, teacher, AdamW moments and steps, and the centre bit for bit, under timm/PyTorch names', async () => {
    const dir = tmpDir();
    const a = createAceTrainer(TINY_ACE, createRng(1));
    const batch = tinyBatch(2);
    await aceStep(a, batch, { lr: 1e-3, weightDecay: 0.04, momentum: 0.9, freezeLastLayer: true });
    saveCheckpoint<TrainProgress>(dir, a, { step: 1, rng: [1, 2, 3, 4] }, { note: 'run config' });
    const file = path.join(dir, readManifest<TrainProgress>(dir)!.file);
    const { tensors } = parseSafetensors(fs.readFileSync(file));
    // PyTorch layout: nn.Linear weights are [out, in]; the patch embedding is a conv [out, in, k, k].
    expect(tensors.get('student.backbone.blocks.0.attn.qkv.weight')!.shape).toEqual([48, 16]);
    expect(tensors.get('teacher.backbone.patch_embed.proj.weight')!.shape).toEqual([16, 1, 2, 2]);
    expect(tensors.has('optimizer.exp_avg.backbone.pos_embed')).toBe(true);
    // The frozen last layer was never stepped, so it has no optimizer state (as in PyTorch).
    expect(tensors.has('optimizer.exp_avg.head.last_layer.weight_v')).toBe(false);

    const b = createAceTrainer(TINY_ACE, createRng(99));
    const manifest = loadCheckpoint<TrainProgress>(dir, b)!;
    expect(manifest.progress).toEqual({ step: 1, rng: [1, 2, 3, 4] });
    expect(manifest.run).toEqual({ note: 'run config' });
    for (const [name, v] of a.student) expect(Array.from(b.student.get(name)!.dataSync()), name).toEqual(Array.from(v.dataSync()));
    for (const [name, v] of a.teacher) expect(Array.from(b.teacher.get(name)!.dataSync()), name).toEqual(Array.from(v.dataSync()));
    expect(Array.from(b.center!.dataSync())).toEqual(Array.from(a.center!.dataSync()));
    for (const [name, slot] of a.optimizer.entries()) {
      const other = b.optimizer.slot(name, slot.m.length);
      expect(other.step).toBe(slot.step);
      expect(Array.from(other.m)).toEqual(Array.from(slot.m));
      expect(Array.from(other.v)).toEqual(Array.from(slot.v));
    }
    // The next step is identical from either state.
    const hyper = { lr: 1e-3, weightDecay: 0.04, momentum: 0.9, freezeLastLayer: false };
    expect(await aceStep(b, batch, hyper)).toEqual(await aceStep(a, batch, hyper));
    disposeAceBatch(batch);
    disposeTrainState(a);
    disposeTrainState(b);
  });

  it('keeps only the tensor file the manifest names, and refuses a checkpoint of another model', async () => {
    const dir = tmpDir();
    const a = createAceTrainer(TINY_ACE, createRng(1));
    saveCheckpoint(dir, a, { step: 1 });
    saveCheckpoint(dir, a, { step: 2 });
    expect(fs.readdirSync(dir).sort()).toEqual([MANIFEST, 'step-00000002.safetensors']);
    const bigger = createAceTrainer({ ...TINY_ACE, dinoHead: { ...TINY_ACE.dinoHead, outDim: 32 } }, createRng(1));
    expect(() => loadCheckpoint(dir, bigger)).toThrow();
    disposeTrainState(a);
    disposeTrainState(bigger);
  });
});

describe('exact resume on the cpu backend', () => {
  it('an interrupted and resumed run reproduces the uninterrupted losses to 1e-6', async () => {
    // Drop path and augmentations on, so the RNG state and the data order must be restored too.
    const config = { ...TINY_TRAIN, method: 'ace', dropPath: 0.1, stepsPerEpoch: 2, maxSteps: 5, freezeLastLayerEpochs: 1, warmupEpochs: 1, epochs: 4 } as const;
    const losses = (into: number[][]) => (m: { terms: Record<string, number> }) => into.push(Object.values(m.terms));

    const straight: number[][] = [];
    const full = await train(config, { source: tinySource(), onStep: losses(straight) });
    disposeTrainState(full.state);

    const dir = tmpDir();
    const resumed: number[][] = [];
    const stop = new AbortController();
    const first = await train(config, {
      source: tinySource(),
      checkpointDir: dir,
      signal: stop.signal,
      onStep: (m) => {
        resumed.push(Object.values(m.terms));
        if (m.step === 3) stop.abort();
      },
    });
    expect(first.aborted).toBe(true);
    expect(first.step).toBe(3);
    disposeTrainState(first.state);
    const second = await train(config, { source: tinySource(), checkpointDir: dir, onStep: losses(resumed) });
    expect(second.step).toBe(5);
    disposeTrainState(second.state);
    // A finished run resumed again has nothing left: it returns at once, with no step and no error.
    const again: number[][] = [];
    const third = await train(config, { source: tinySource(), checkpointDir: dir, onStep: losses(again) });
    expect([third.step, third.aborted, again.length]).toEqual([5, false, 0]);
    disposeTrainState(third.state);

    expect(resumed.length).toBe(straight.length);
    straight.forEach((row, i) => row.forEach((v, k) => expect(Math.abs((resumed[i]?.[k] ?? NaN) - v), `step ${i + 1} term ${k}`).toBeLessThanOrEqual(1e-6)));
    // A different configuration must not silently continue from this folder.
    await expect(train({ ...config, lr: 1 }, { source: tinySource(), checkpointDir: dir })).rejects.toThrow('different configuration');
    expect(tf.memory().numTensors).toBeLessThan(50);
  }, 120_000);
});
