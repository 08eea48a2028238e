import * as tf from '@tensorflow/tfjs';
import { saveCheckpoint } from '../../../app/ssl/checkpoint/checkpoint';
import { createRng } from '../../../app/ssl/rng';
import { type TrainConfig, parseTrainConfig } from '../../../app/ssl/train/config';
import { createMethod } from '../../../app/ssl/train/methods';
import { type TrainState, createTrainState } from '../../../app/ssl/train/step';

/** A tiny ACE model: 2 blocks of width 32 on 4×4 tokens of 8 px (32-px crops of a 64-px image). */
export const TINY_ACE: TrainConfig = parseTrainConfig({
  method: 'ace',
  imageSize: 64,
  cellSize: 8,
  cropCells: 4,
  embedDim: 32,
  depth: 2,
  numHeads: 2,
  dinoOutDim: 64,
  dinoHiddenDim: 32,
  dinoBottleneckDim: 16,
  batch: 2,
  microBatch: 1,
  epochs: 3,
  warmupEpochs: 1,
});

/** Writes a checkpoint of a fresh tiny ACE state at `step` into `dir`; its teacher differs from its student. Dispose the state. */
export function tinyCheckpoint(dir: string, step = 5, config: TrainConfig = TINY_ACE): TrainState {
  const state = createTrainState(createMethod(config).shape, createRng(11));
  for (const v of state.teacher.values()) v.assign(tf.tidy(() => tf.add(tf.mul(v, 0.5), 0.25)));
  saveCheckpoint(dir, state, { step, rng: [1, 2, 3, 4] }, config);
  return state;
}
