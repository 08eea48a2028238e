import * as tf from '@tensorflow/tfjs';
import { type PeacProjectionConfig, peacProjectionForward, peacProjectionSpecs } from '../heads/peac-projection';
import { softCrossEntropy } from '../losses/dino';
import { peacGlobalLoss, peacLocalLoss } from '../losses/peac';
import { linear } from '../nn/linear';
import { tokenMeans } from '../nn/masked-mean';
import { type ParamSpec, type Params, scope, spec, withPrefix } from '../nn/params';
import { unpatchify } from '../nn/patchify';
import { type VitConfig, type VitForwardOptions, vitForward, vitGrid, vitParamSpecs } from '../nn/vit';
import type { Objective } from '../train/step';
import type { PeacBatch } from './batch';

/**
 * PEAC on a ViT (spec §3.4): global consistency of the projected token mean (×1e5), positive-only local
 * consistency of per-token projections on overlapping cells, patch-order classification of view 1 (a
 * per-token linear head over the T positions) and restoration of the clean view 1 (per-token linear map to
 * the patch's pixels, PixelShuffle-style). PEAC⁻¹ drops the local term. Teacher = backbone + both
 * projections, EMA; no centre, no temperatures.
 */
export interface PeacModelConfig {
  readonly backbone: VitConfig;
  /** Global projection widths (8192 in PEAC). */
  readonly projDim: number;
  /** Local projection widths (512 in PEAC). */
  readonly localDim: number;
  readonly local: boolean;
}

export const PEAC_GLOBAL_WEIGHT = 1e5;

const heads = (cfg: PeacModelConfig): { global: PeacProjectionConfig; local: PeacProjectionConfig } => {
  const d = cfg.backbone.embedDim;
  return {
    global: { prefix: 'mlp.', inDim: d, hiddenDims: [cfg.projDim, cfg.projDim], outDim: cfg.projDim },
    local: { prefix: 'mlp_local.', inDim: d, hiddenDims: [cfg.localDim, cfg.localDim], outDim: cfg.localDim },
  };
};

const tokenCount = (cfg: PeacModelConfig): number => vitGrid(cfg.backbone)[0] * vitGrid(cfg.backbone)[1];

function teacherSpecs(cfg: PeacModelConfig): ParamSpec[] {
  const h = heads(cfg);
  return [...withPrefix('backbone.', vitParamSpecs(cfg.backbone)), ...peacProjectionSpecs(h.global), ...(cfg.local ? peacProjectionSpecs(h.local) : [])];
}

function studentSpecs(cfg: PeacModelConfig): ParamSpec[] {
  const d = cfg.backbone.embedDim;
  const t = tokenCount(cfg);
  const pixels = cfg.backbone.patchSize ** 2 * cfg.backbone.inChans;
  const init = { kind: 'uniform', bound: 1 / Math.sqrt(d) } as const;
  return [
    ...teacherSpecs(cfg),
    spec('order_head.weight', [d, t], init, { kind: 'linear' }),
    spec('order_head.bias', [t], init),
    // A 1×1 conv to p²·C channels followed by PixelShuffle(p), as PEAC's restoration head.
    spec('restoration.weight', [d, pixels], init, { kind: 'conv', inChannels: d, kernel: 1 }),
    spec('restoration.bias', [pixels], init),
  ];
}

export const peacStateShape = (cfg: PeacModelConfig) => ({ studentSpecs: studentSpecs(cfg), teacherNames: new Set(teacherSpecs(cfg).map((s) => s.name)), centerDim: 0 });

interface Embeddings {
  /** Global projections [2B, P] and local projections [2B, T, L] (PEAC only) of [view 1; view 2]. */
  readonly global: tf.Tensor2D;
  readonly local?: tf.Tensor3D;
  readonly patches: tf.Tensor3D;
}

function embed(params: Params, cfg: PeacModelConfig, batch: PeacBatch, options: VitForwardOptions = {}): Embeddings {
  const h = heads(cfg);
  const { patches } = vitForward(params, cfg.backbone, tf.concat([batch.view1, batch.view2], 0) as tf.Tensor4D, options, 'backbone.');
  const get = scope(params);
  return {
    global: peacProjectionForward(get, h.global, tokenMeans(patches)) as tf.Tensor2D,
    local: cfg.local ? (peacProjectionForward(get, h.local, patches) as tf.Tensor3D) : undefined,
    patches,
  };
}

const half = <T extends tf.Tensor>(x: T, which: 0 | 1): T => {
  const b = (x.shape[0] ?? 0) / 2;
  return tf.slice(x, [which * b, ...x.shape.slice(1).map(() => 0)], [b, ...x.shape.slice(1).map(() => -1)]) as T;
};

export const PEAC_TERMS = ['total', 'order', 'restore', 'global', 'local'] as const;

type PeacTeacherOut = { readonly global: tf.Tensor2D; readonly local?: tf.Tensor3D };

export function peacObjective(cfg: PeacModelConfig): Objective<PeacBatch, PeacTeacherOut, (typeof PEAC_TERMS)[number]> {
  const p = cfg.backbone.patchSize;
  const t = tokenCount(cfg);
  return {
    terms: PEAC_TERMS,
    teacherForward: (teacher, batches) =>
      batches.map((batch) =>
        tf.tidy(() => {
          const e = embed(teacher, cfg, batch);
          return { global: e.global, local: e.local };
        }),
      ),
    loss(student, batch, teacher, ctx) {
      const s = embed(student, cfg, batch, ctx.forward);
      const get = scope(student);
      const b = batch.view1.shape[0] ?? 0;
      const d = cfg.backbone.embedDim;
      const tokens1 = half(s.patches, 0).reshape([b * t, d]);
      const order = softCrossEntropy(batch.order, tf.logSoftmax(linear(tokens1, get('order_head.weight'), get('order_head.bias'))));
      const pixels = linear(tokens1, get('restoration.weight'), get('restoration.bias')) as tf.Tensor2D;
      const grid = vitGrid(cfg.backbone);
      const restore = tf.mean(tf.squaredDifference(unpatchify(pixels, b, grid, p), batch.clean1));
      const global = peacGlobalLoss(half(s.global, 0), half(s.global, 1), half(teacher.global, 0), half(teacher.global, 1));
      const local =
        s.local && teacher.local
          ? peacLocalLoss(half(s.local, 0), half(s.local, 1), half(teacher.local, 0), half(teacher.local, 1), batch.mask1, batch.mask2, batch.shuffled)
          : tf.scalar(0);
      const total = tf.addN([order, restore, tf.mul(global, PEAC_GLOBAL_WEIGHT), local]);
      return [total, order, restore, global, local] as tf.Scalar[];
    },
  };
}
