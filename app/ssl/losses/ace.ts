import * as tf from '@tensorflow/tfjs';
import { ACE_LOGIT_SCALE, aceMatchingLoss } from './ace-matching';
import { type DinoTemperatures, ACE_TEMPERATURES, dinoGlobalLoss } from './dino';

/** ACE objective (spec §3.3): L = 0.1·global + (composition + decomposition)/2. */
export interface AceLossConfig extends DinoTemperatures {
  readonly globalWeight: number;
  readonly alphaComp: number;
  readonly alphaDecomp: number;
  readonly scale: number;
}

export const ACE_LOSS: AceLossConfig = { ...ACE_TEMPERATURES, globalWeight: 0.1, alphaComp: 0.9, alphaDecomp: 0.99, scale: ACE_LOGIT_SCALE };

export interface MatchingInputs {
  /** Teacher dense tokens [B, 196, D] (L for composition, S for decomposition). */
  readonly teacher: tf.Tensor3D;
  /** Student composed S blocks [B, 49, D] or decomposed L sub-tokens [B, 784, D]. */
  readonly student: tf.Tensor3D;
  readonly target: tf.Tensor3D;
}

export interface AceLossInputs {
  readonly global: { readonly teacher: tf.Tensor; readonly student: tf.Tensor; readonly center: tf.Tensor };
  readonly comp: MatchingInputs;
  readonly decomp: MatchingInputs;
}

export interface AceLossTerms {
  readonly total: tf.Tensor;
  readonly global: tf.Tensor;
  readonly comp: tf.Tensor;
  readonly decomp: tf.Tensor;
}

export function aceLoss(inputs: AceLossInputs, cfg: AceLossConfig = ACE_LOSS): AceLossTerms {
  const global = dinoGlobalLoss(inputs.global.teacher, inputs.global.student, inputs.global.center, cfg);
  const comp = aceMatchingLoss(inputs.comp.teacher, inputs.comp.student, inputs.comp.target, cfg.alphaComp, cfg.scale);
  const decomp = aceMatchingLoss(inputs.decomp.teacher, inputs.decomp.student, inputs.decomp.target, cfg.alphaDecomp, cfg.scale);
  const total = tf.add(tf.mul(global, cfg.globalWeight), tf.mul(tf.add(comp, decomp), 0.5));
  return { total, global, comp, decomp };
}
