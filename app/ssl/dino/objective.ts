import * as tf from '@tensorflow/tfjs';
import type { TwoViews } from '../ace/batch';
import { type DinoHeadConfig, dinoHeadForward, dinoHeadForwardEach, dinoHeadSpecs } from '../heads/dino-head';
import { type DinoTemperatures, ACE_TEMPERATURES, dinoPlainLoss } from '../losses/dino';
import { type ParamSpec, type Params, nested, scope, withPrefix } from '../nn/params';
import { type VitConfig, type VitForwardOptions, vitParamSpecs } from '../nn/vit';
import type { Objective } from '../train/step';
import { twoViewCls } from './two-view';

/**
 * Plain DINO on whole crops (a baseline of the ACE paper): the CLS token of each whole view through the DINO
 * head, cross-view self-distillation with centring; no overlap pooling, no dense terms. The views are the same
 * grid crops ACE uses, so the two methods see identical data.
 */
export interface DinoModelConfig {
  readonly backbone: VitConfig;
  readonly dinoHead: DinoHeadConfig;
}

const specs = (cfg: DinoModelConfig): ParamSpec[] => [...withPrefix('backbone.', vitParamSpecs(cfg.backbone)), ...withPrefix('head.', dinoHeadSpecs(cfg.dinoHead))];

export const dinoStateShape = (cfg: DinoModelConfig) => {
  const studentSpecs = specs(cfg);
  return { studentSpecs, teacherNames: new Set(studentSpecs.map((s) => s.name)), centerDim: cfg.dinoHead.outDim };
};

/** Logits [2B, K] in blocks [large views; small views]. */
const logits = (params: Params, cfg: DinoModelConfig, views: TwoViews, options: VitForwardOptions = {}): tf.Tensor2D =>
  dinoHeadForward(nested(scope(params), 'head.'), cfg.dinoHead, twoViewCls(params, cfg.backbone, views, options)) as tf.Tensor2D;

export const DINO_TERMS = ['total'] as const;

export function dinoObjective(cfg: DinoModelConfig, temps: DinoTemperatures = ACE_TEMPERATURES): Objective<TwoViews, { logits: tf.Tensor2D }, (typeof DINO_TERMS)[number]> {
  return {
    terms: DINO_TERMS,
    teacherForward: (teacher, batches) => {
      const cls = batches.map((views) => tf.tidy(() => twoViewCls(teacher, cfg.backbone, views)));
      return dinoHeadForwardEach(nested(scope(teacher), 'head.'), cfg.dinoHead, cls).map((l) => ({ logits: l }));
    },
    loss(student, views, t, ctx) {
      if (!ctx.center) throw new Error('DINO needs a centre');
      return [dinoPlainLoss(t.logits, logits(student, cfg, views, ctx.forward), ctx.center, { ...temps, teacherTemp: ctx.teacherTemp }) as tf.Scalar];
    },
    centerRows: (t) => t.logits,
  };
}
