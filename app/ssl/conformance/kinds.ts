import type { ResultTree } from './compare';
import type { VectorCase } from './format';
import { gridGeometry, peacGridGeometry } from './geometry-kinds';
import { composerKind, composerLayoutKind, decomposerKind, decomposerLayoutKind, denseHeadKind, dinoHeadKind, peacProjectionKind } from './head-kinds';
import { vitForwardKind } from './nn-kinds';
import { adamwKind, cosineScheduleKind, emaKind } from './optim-kinds';
import { aceMatching, aceTotal, barlowTwins, dinoGlobal, dinoPlain, peacGlobal, peacLocal } from './loss-kinds';

export type Evaluator = (c: VectorCase) => ResultTree | Promise<ResultTree>;

/** One evaluator per documented kind; a kind missing here is reported as a failure by the runner. */
export const EVALUATORS: Readonly<Record<string, Evaluator>> = {
  grid_geometry: gridGeometry,
  peac_grid_geometry: peacGridGeometry,
  dino_global_loss: dinoGlobal,
  dino_plain_loss: dinoPlain,
  ace_matching_loss: aceMatching,
  ace_total_loss: aceTotal,
  peac_global_loss: peacGlobal,
  peac_local_loss: peacLocal,
  barlow_twins_loss: barlowTwins,
  vit_forward: vitForwardKind,
  dino_head_forward: dinoHeadKind,
  dense_head_forward: denseHeadKind,
  composer_layout: composerLayoutKind,
  decomposer_layout: decomposerLayoutKind,
  composer_forward: composerKind,
  decomposer_forward: decomposerKind,
  peac_projection_forward: peacProjectionKind,
  ema_update: emaKind,
  cosine_schedule: cosineScheduleKind,
  adamw_step: adamwKind,
};
