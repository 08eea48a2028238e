import { describe, expect, it } from 'vitest';
import { RunSettings } from '../../../app/api/schemas/runs';
import { VIT_PRESETS } from '../../../app/ssl/nn/vit';
import { METHODS as APP_METHODS, parseTrainConfig } from '../../../app/ssl/train/config';
import { BACKBONES, METHOD_IDS } from '../../../renderer/src/runs/model/presets';
import { defaultForm, effectiveShape, parseForm, type RunForm } from '../../../renderer/src/runs/model/settings';

/** The TINY settings of test/app/runs as typed into the form, over 40 max steps. */
const TINY_FORM: RunForm = {
  ...defaultForm('wasm', [1]),
  imageSize: '64',
  batch: '2',
  microBatch: '1',
  length: 'steps',
  maxSteps: '40',
  warmupEpochs: '1',
  checkpointEvery: '5',
  seed: '7',
  headSize: '64',
  cellSize: '8',
  cropCells: '4',
  embedDim: '32',
  depth: '2',
  numHeads: '2',
};

describe('new-run form settings', () => {
  it('mirrors the backbone presets and methods of the training engine', () => {
    for (const [id, p] of Object.entries(VIT_PRESETS)) {
      expect(BACKBONES[id as keyof typeof BACKBONES]).toMatchObject({ embedDim: p.embedDim, depth: p.depth, numHeads: p.numHeads, patchSize: p.patchSize, imgSize: p.imgSize });
    }
    expect(Object.keys(BACKBONES).sort()).toEqual(Object.keys(VIT_PRESETS).sort());
    expect([...METHOD_IDS].sort()).toEqual([...APP_METHODS].sort());
  });

  it('defaults to ViT-T/16 on 224-px crops of 512-px images on CPU backends, ViT-B/16 on a GPU', () => {
    for (const backend of ['wasm', 'cpu', 'tensorflow', null] as const) {
      const f = defaultForm(backend);
      expect(f.backbone).toBe('vit-t16');
      expect(f.imageSize).toBe('512');
      expect(effectiveShape(f)).toMatchObject({ cellSize: 16, cropCells: 14, embedDim: 192 });
    }
    expect(defaultForm('tensorflow-gpu').backbone).toBe('vit-b16');
  });

  it('turns valid defaults into settings the host and the trainer accept', () => {
    for (const backend of ['wasm', 'tensorflow-gpu'] as const) {
      const parsed = parseForm(defaultForm(backend, [1]), 2000);
      expect(parsed.errors).toEqual({});
      const settings = RunSettings.parse(parsed.input!.settings);
      expect(() => parseTrainConfig({ ...settings, backbone: settings.backbone as 'vit-t16' })).not.toThrow();
      expect(parsed.stepsPerEpoch).toBe(Math.floor(2000 / Number(defaultForm(backend).batch)));
      expect(parsed.stepsTotal).toBe(parsed.stepsPerEpoch * 100);
    }
  });

  it('builds the TINY run with max steps: schedules span just enough epochs', () => {
    const parsed = parseForm(TINY_FORM, 8);
    expect(parsed.errors).toEqual({});
    expect(parsed.input).toEqual({
      datasetIds: [1],
      settings: {
        method: 'ace',
        backbone: 'vit-t16',
        imageSize: 64,
        batch: 2,
        microBatch: 1,
        epochs: 10,
        maxSteps: 40,
        lr: 0.0005,
        warmupEpochs: 1,
        checkpointEvery: 5,
        seed: 7,
        dinoOutDim: 64,
        cellSize: 8,
        cropCells: 4,
        embedDim: 32,
        depth: 2,
        numHeads: 2,
      },
    });
    expect(parsed.stepsPerEpoch).toBe(4);
    expect(parsed.stepsTotal).toBe(40);
  });

  it('says what to change, per field', () => {
    const e = (change: Partial<RunForm>, images = 8) => parseForm({ ...TINY_FORM, ...change }, images).errors;
    expect(e({ datasetIds: [] })).toMatchObject({ datasetIds: 'Choose at least one dataset.' });
    expect(e({ batch: 'abc' })['settings.batch']).toBe('Batch must be a whole number.');
    expect(e({ batch: '' })['settings.batch']).toBe('Batch is required.');
    expect(e({ batch: '0' })['settings.batch']).toBe('Batch must be at least 1.');
    expect(e({ batch: '16' })['settings.batch']).toMatch(/8 images, fewer than one batch/);
    expect(e({ batch: '4', microBatch: '3' })['settings.microBatch']).toBe('The batch (4) must be a multiple of the micro-batch.');
    expect(e({ microBatch: '4' })['settings.microBatch']).toBe('The micro-batch must not be larger than the batch (2).');
    expect(e({ method: 'barlow' })['settings.microBatch']).toMatch(/Barlow Twins.*at least 2/);
    expect(e({ lr: '-1' })['settings.lr']).toBe('Learning rate must be greater than 0.');
    expect(e({ lr: 'fast' })['settings.lr']).toMatch(/must be a number/);
    expect(e({ lr: '5e-4' })['settings.lr']).toBeUndefined();
    expect(e({ imageSize: '60' })['settings.imageSize']).toBe('Image size must be at least 64.');
    expect(e({ imageSize: '70' })['settings.imageSize']).toBe('Image size must be a multiple of the cell size (8 px).');
    expect(e({ imageSize: '96' })['settings.imageSize']).toBe('With 4-cell crops of 8 px the image must be 64–88 px (8–11 cells).');
    expect(e({ cellSize: '7' })['settings.cellSize']).toMatch(/even/);
    expect(e({ cropCells: '3' })['settings.cropCells']).toMatch(/even/);
    expect(e({ numHeads: '3' })['settings.numHeads']).toBe('The width (32) must be divisible by the number of heads (3).');
    expect(e({ length: 'epochs', epochs: '3', warmupEpochs: '3' })['settings.warmupEpochs']).toBe('Warm-up must be shorter than the run (3 epochs).');
    expect(e({ length: 'steps', maxSteps: '0' })['settings.maxSteps']).toBe('Steps must be at least 1.');
    expect(e({ checkpointEvery: '0' })['settings.checkpointEvery']).toBe('Checkpoint interval must be at least 1.');
    expect(e({ headSize: '8' })['settings.dinoOutDim']).toBe('Head size must be at least 16.');
    expect(e({}, 0).datasetIds).toMatch(/no imported images/);
  });

  it('leaves out what a method does not use: no head size for PEAC or Barlow, no image-size check for PEAC', () => {
    const peac = parseForm({ ...TINY_FORM, method: 'peac', imageSize: '100', headSize: 'x' }, 8);
    expect(peac.errors).toEqual({});
    expect(peac.input!.settings.dinoOutDim).toBeUndefined();
  });
});
