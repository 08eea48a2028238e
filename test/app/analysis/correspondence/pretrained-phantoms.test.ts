import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evaluatePredictions,
  randomPredictions,
  unchangedPredictions,
  type ErrorSummary,
  type TransferCase,
} from '../../../../app/analysis/correspondence/evaluate';
import { correspondenceSettings, runCorrespondence, type CorrespondencePair } from '../../../../app/analysis/correspondence/runner';
import { openExtractor } from '../../../../app/analysis/features/extractors';
import { createFeatureService } from '../../../../app/analysis/features/service';
import type { FeatureExtractor } from '../../../../app/analysis/features/types';
import { memorySource } from '../../../../app/ssl/data/source';
import type { TrainConfigInput } from '../../../../app/ssl/train/config';
import { train } from '../../../../app/ssl/train/loop';
import { disposeTrainState } from '../../../../app/ssl/train/step';
import { useBackend } from '../../ssl/golden';
import { posedPhantoms } from './phantoms';

/**
 * Issue 7's acceptance test: a short ACE pretraining on posed phantoms must transfer landmarks between held-out
 * phantoms better than the same ViT with its initial weights and, in the median, better than leaving each
 * landmark where it was.
 */

const SIZE = 128;
const CELL = 8;

/**
 * 128-px phantoms in 8-px cells (16×16 tokens; ACE's large view is the whole image, the small one 8×8 cells) and a
 * 2-block ViT of width 32. Width 32 learns faster per second than 48/64. A teacher momentum of 0.95 lets the
 * teacher, whose weights the checkpoint's features use, follow the student within this short run (at 0.996 it
 * stays at its initial weights). 150 steps were too short for a stable result: over seeds and data streams the
 * mean error ranged 10.7–19.2 px. After 300 steps seeds 1, 2, 3 give mean/median 14.3/5.2, 14.9/5.6, 14.4/5.7 px:
 * the mean, dominated by a few far misses, is no better than leaving each landmark where it was (14.2/14.3),
 * the median is far better, and both beat the same ViT at its initial weights (21.4/7.7, 20.0/6.7, 20.5/7.3).
 */
const PRETRAIN: TrainConfigInput = {
  method: 'ace',
  imageSize: SIZE,
  cellSize: CELL,
  cropCells: 8,
  embedDim: 32,
  depth: 2,
  numHeads: 2,
  gelu: 'tanh',
  dinoOutDim: 256,
  dinoHiddenDim: 64,
  dinoBottleneckDim: 32,
  batch: 8,
  microBatch: 4,
  epochs: 75,
  maxSteps: 300,
  warmupEpochs: 1,
  lr: (3e-3 * 256) / 8,
  minLr: 3e-4,
  momentum: 0.95,
  freezeLastLayerEpochs: 0,
  seed: 1,
};

const phantoms = posedPhantoms(40, SIZE, 7);
const trainSet = phantoms.slice(0, 32);
const heldOut = phantoms.slice(32);
const pairs: CorrespondencePair[] = heldOut.flatMap((q) => heldOut.filter((k) => k !== q).map((k) => ({ query: q.name, key: k.name, points: q.landmarks })));
const cases: TransferCase[] = pairs.map((p) => ({ ...p, queryWidth: SIZE, queryHeight: SIZE, keyWidth: SIZE, keyHeight: SIZE }));
const truth = new Map(heldOut.map((p) => [p.name, p.landmarks]));
const images = new Map(heldOut.map((p) => [p.name, p.image]));

let dir = '';
const extractors: FeatureExtractor[] = [];

beforeAll(async () => {
  await useBackend('wasm');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pretrained-phantoms-'));
  const planes = await Promise.all(trainSet.map((p) => p.image.load()));
  const result = await train(PRETRAIN, { source: memorySource(planes), checkpointDir: dir });
  disposeTrainState(result.state);
}, 120_000);

afterAll(() => {
  for (const e of extractors) e.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Zero-shot transfer on the whole key (no spatial prior): log-binned last-block tokens, coarse-to-fine at stride 2. */
async function transferError(extractor: FeatureExtractor): Promise<ErrorSummary> {
  extractors.push(extractor);
  const settings = correspondenceSettings(extractor, { inputSize: SIZE, logBin: true });
  const predictions = await runCorrespondence(createFeatureService({}), extractor, images, pairs, settings);
  return evaluatePredictions(predictions, truth).overall;
}

describe('landmark correspondence after a short ACE pretraining on posed phantoms', () => {
  it('beats the same ViT at its initial weights (mean error) and the unchanged-position guess (median error) on held-out phantoms', async () => {
    const trained = await transferError(await openExtractor({ kind: 'checkpoint', path: dir }));
    // Seed = the training seed: exactly the weights the run started from.
    const initial = await transferError(await openExtractor({ kind: 'random', like: dir, seed: PRETRAIN.seed }));
    const pixels = await transferError(await openExtractor({ kind: 'pixels', patch: CELL }));
    const unchanged = evaluatePredictions(unchangedPredictions(cases), truth).overall;
    const uniform = evaluatePredictions(randomPredictions(cases), truth).overall;
    const row = (name: string, e: ErrorSummary) => `${name} ${e.mean.toFixed(1)}/${e.median.toFixed(1)}`;
    console.log(
      `posed ${SIZE}-px phantoms, ${pairs.length} pairs × 14 landmarks, mean/median px: ` +
        [row('trained', trained), row('random ViT', initial), row('pixels', pixels), row('unchanged', unchanged), row('uniform', uniform)].join(', '),
    );
    expect(trained.n).toBe(pairs.length * 14);
    // Measured (wasm, seed 1): trained 14.3/5.2, random ViT 21.4/7.7, pixels 24.2/11.6, unchanged 14.2/14.3, uniform 61.9/61.1.
    expect(trained.mean).toBeLessThan(0.8 * initial.mean);
    expect(trained.median).toBeLessThan(0.5 * unchanged.median);
  }, 60_000);
});
