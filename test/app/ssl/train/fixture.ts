import { memorySource } from '../../../../app/ssl/data/source';
import type { TrainConfigInput } from '../../../../app/ssl/train/config';
import { syntheticImage } from '../ace/fixture';

/**
 * A tiny run: 64-px images of 2-px cells, 28-px crops (14×14 tokens), a 1-block ViT of width 16 and
 * small heads, so every method steps in tens of milliseconds. lr is 1e-3 after the batch/256 scaling.
 */
export const TINY_TRAIN = {
  embedDim: 16,
  depth: 1,
  numHeads: 2,
  cellSize: 2,
  imageSize: 64,
  cropCells: 14,
  dinoOutDim: 64,
  dinoHiddenDim: 32,
  dinoBottleneckDim: 8,
  projDim: 32,
  peacLocalDim: 16,
  batch: 4,
  microBatch: 2,
  epochs: 50,
  stepsPerEpoch: 2,
  warmupEpochs: 0,
  lr: (1e-3 * 256) / 4,
  minLr: 1e-3,
  freezeLastLayerEpochs: 0,
  seed: 1,
} as const satisfies TrainConfigInput;

export const tinySource = (n = 8) => memorySource(Array.from({ length: n }, (_, i) => syntheticImage(i + 1)));
