import type { AceLossConfig } from '../losses/ace';
import { ACE_LOSS } from '../losses/ace';
import type { VitForwardOptions } from '../nn/vit';
import { ADAMW_DEFAULTS, type AdamWConfig } from '../optim/adamw';
import type { Rng } from '../rng';
import { type StepTerms, type TrainState, createTrainState, trainStep } from '../train/step';
import type { AceBatch, AceModelConfig } from './model';
import { type ACE_TERMS, DINO_LAST_LAYER, aceObjective, aceStateShape } from './objective';

/** ACE on its own (tests, benchmarks): the shared training step with ACE's objective and constant temperatures. */
export interface AceTrainer extends TrainState {
  readonly model: AceModelConfig;
  readonly loss: AceLossConfig;
}

export function createAceTrainer(model: AceModelConfig, rng: Rng, loss: AceLossConfig = ACE_LOSS, adamw: AdamWConfig = ADAMW_DEFAULTS): AceTrainer {
  return { ...createTrainState(aceStateShape(model), rng, adamw), model, loss };
}

export interface StepHyper {
  readonly lr: number;
  readonly weightDecay: number;
  readonly momentum: number;
  /** DINO's freeze_last_layer: no update of the head's last layer (first epoch). */
  readonly freezeLastLayer: boolean;
}

export function aceStep(trainer: AceTrainer, microBatches: AceBatch | readonly AceBatch[], hyper: StepHyper, options: VitForwardOptions = {}): Promise<StepTerms<(typeof ACE_TERMS)[number]>> {
  const batches = Array.isArray(microBatches) ? (microBatches as readonly AceBatch[]) : [microBatches as AceBatch];
  const frozen = new Set(hyper.freezeLastLayer ? [DINO_LAST_LAYER] : []);
  return trainStep(trainer, aceObjective(trainer.model, trainer.loss), batches, { ...hyper, teacherTemp: trainer.loss.teacherTemp, frozen }, options);
}
