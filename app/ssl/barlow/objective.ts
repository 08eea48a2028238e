import type * as tf from '@tensorflow/tfjs';
import type { TwoViews } from '../ace/batch';
import { twoViewCls } from '../dino/two-view';
import { barlowTwinsLoss, BARLOW_LAMBDA } from '../losses/barlow';
import { type ParamSpec, type Params, scope, withPrefix } from '../nn/params';
import { type Layer, sequentialForward, sequentialSpecs } from '../nn/sequential';
import { type VitConfig, vitParamSpecs } from '../nn/vit';
import type { Objective } from '../train/step';

/**
 * Barlow Twins (a seed paper's baseline): the facebookresearch projector (Linear without bias, BatchNorm1d,
 * ReLU, twice, then Linear without bias; keys projector.0/1/3/4/6) on each whole view's CLS token, and the
 * cross-correlation loss. No teacher and no centre. BatchNorm and the loss standardise over the micro-batch,
 * so a micro-batch needs at least 2 pairs (with 1 the loss is constant).
 */
export interface BarlowModelConfig {
  readonly backbone: VitConfig;
  /** Projector widths (8192 in the paper). */
  readonly projDim: number;
  readonly lambda: number;
}

const projector = (inDim: number, dim: number): Layer[] => [
  { kind: 'linear', inDim, outDim: dim, bias: false },
  { kind: 'batchnorm', dim, eps: 1e-5 },
  { kind: 'relu' },
  { kind: 'linear', inDim: dim, outDim: dim, bias: false },
  { kind: 'batchnorm', dim, eps: 1e-5 },
  { kind: 'relu' },
  { kind: 'linear', inDim: dim, outDim: dim, bias: false },
];

export const barlowConfig = (backbone: VitConfig, projDim = 8192): BarlowModelConfig => ({ backbone, projDim, lambda: BARLOW_LAMBDA });

const specs = (cfg: BarlowModelConfig): ParamSpec[] => [
  ...withPrefix('backbone.', vitParamSpecs(cfg.backbone)),
  ...sequentialSpecs('projector.', projector(cfg.backbone.embedDim, cfg.projDim), 'torch'),
];

export const barlowStateShape = (cfg: BarlowModelConfig) => ({ studentSpecs: specs(cfg), teacherNames: new Set<string>(), centerDim: 0 });

export const BARLOW_TERMS = ['total'] as const;

export function barlowObjective(cfg: BarlowModelConfig): Objective<TwoViews, Record<string, never>, (typeof BARLOW_TERMS)[number]> {
  const embed = (params: Params, views: TwoViews, forward = {}): [tf.Tensor2D, tf.Tensor2D] => {
    const cls = twoViewCls(params, cfg.backbone, views, forward);
    const b = views.large.shape[0] ?? 0;
    // The projector runs per view, as in the reference: one pass over both would mix their BatchNorm statistics.
    const project = (rows: tf.Tensor2D): tf.Tensor2D => sequentialForward(scope(params), 'projector.', projector(cfg.backbone.embedDim, cfg.projDim), rows) as tf.Tensor2D;
    return [project(cls.slice([0, 0], [b, -1])), project(cls.slice([b, 0], [b, -1]))];
  };
  return {
    terms: BARLOW_TERMS,
    teacherForward: (_, batches) => batches.map(() => ({})),
    loss(student, views, _t, ctx) {
      const [z1, z2] = embed(student, views, ctx.forward);
      return [barlowTwinsLoss(z1, z2, cfg.lambda) as tf.Scalar];
    },
  };
}
