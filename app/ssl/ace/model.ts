import * as tf from '@tensorflow/tfjs';
import { composerForward, composerSpecs, decomposerForward, decomposerSpecs } from '../heads/composer';
import { type DenseHeadConfig, denseHeadForward, denseHeadSpecs } from '../heads/dense-head';
import { type DinoHeadConfig, dinoHeadForward, dinoHeadSpecs } from '../heads/dino-head';
import { maskedMeans } from '../nn/masked-mean';
import { type ParamSpec, type Params, nested, scope, withPrefix } from '../nn/params';
import { type VitConfig, type VitForwardOptions, vitForward, vitParamSpecs } from '../nn/vit';

/**
 * ACE networks (spec §2.2): student = backbone + DINO head + dense head + composer + decomposer; teacher =
 * backbone + DINO head + dense head (an EMA of the student's). The global input is the overlap / non-overlap
 * mean of the patch tokens for ViT as well as Swin: the published ViT path feeds the CLS token into a
 * 4-way split that mis-pairs samples (spec §2.2.1), which we do not reproduce.
 */
export interface AceModelConfig {
  readonly backbone: VitConfig;
  readonly dinoHead: DinoHeadConfig;
  readonly denseHead: DenseHeadConfig;
}

export function aceTeacherSpecs(cfg: AceModelConfig): ParamSpec[] {
  return [...withPrefix('backbone.', vitParamSpecs(cfg.backbone)), ...withPrefix('head.', dinoHeadSpecs(cfg.dinoHead)), ...withPrefix('dense_head.', denseHeadSpecs(cfg.denseHead))];
}

export function aceStudentSpecs(cfg: AceModelConfig): ParamSpec[] {
  const d = cfg.denseHead.outDim;
  return [...aceTeacherSpecs(cfg), ...withPrefix('composer.', composerSpecs(d)), ...withPrefix('decomposer.', decomposerSpecs(d))];
}

/** One ACE batch: B large crops (already resized) and B small crops, their masks and matching targets. */
export interface AceBatch {
  /** NHWC [B, H, W, C], H = W = tokens·patch. */
  readonly large: tf.Tensor4D;
  readonly small: tf.Tensor4D;
  /** [B·T] 0/1 per view. */
  readonly overlapLarge: Uint8Array;
  readonly overlapSmall: Uint8Array;
  readonly compTarget: tf.Tensor3D;
  readonly decompTarget: tf.Tensor3D;
}

export interface SharedOutputs {
  /** DINO logits [4B, K], rows [ovL; ovS; nonL; nonS]. */
  readonly logits: tf.Tensor2D;
  /** Unit-norm dense tokens of [L (B); S (B)]: [2B, T, Dd]. */
  readonly dense: tf.Tensor3D;
}

function concatMasks(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export type TrunkOutputs = {
  /** Overlap / non-overlap means of the patch tokens [4B, D], rows [ovL; ovS; nonL; nonS]: the DINO head's input. */
  readonly pooled: tf.Tensor2D;
  /** As SharedOutputs.dense. */
  readonly dense: tf.Tensor3D;
};

/** Backbone on [L; S], global pooling by overlap and the dense head (its batch norm spans this batch). */
export function trunkForward(params: Params, cfg: AceModelConfig, batch: AceBatch, options: VitForwardOptions = {}): TrunkOutputs {
  const images = tf.concat([batch.large, batch.small], 0) as tf.Tensor4D;
  const { patches } = vitForward(params, cfg.backbone, images, options, 'backbone.');
  // Images ordered [L; S] make maskedMeans return the loss's row blocks [ovL; ovS; nonL; nonS] directly.
  return {
    pooled: maskedMeans(patches, concatMasks(batch.overlapLarge, batch.overlapSmall)),
    dense: denseHeadForward(nested(scope(params), 'dense_head.'), cfg.denseHead, patches),
  };
}

/** The trunk and the DINO head: the part student and teacher share. */
export function sharedForward(params: Params, cfg: AceModelConfig, batch: AceBatch, options: VitForwardOptions = {}): SharedOutputs {
  const { pooled, dense } = trunkForward(params, cfg, batch, options);
  return { logits: dinoHeadForward(nested(scope(params), 'head.'), cfg.dinoHead, pooled) as tf.Tensor2D, dense };
}

export interface StudentOutputs extends SharedOutputs {
  /** Composed S blocks [B, (n/2)², Dd]. */
  readonly composed: tf.Tensor3D;
  /** Decomposed L sub-tokens [B, (2n)², Dd]. */
  readonly decomposed: tf.Tensor3D;
}

const half = (x: tf.Tensor3D, which: 0 | 1): tf.Tensor3D => {
  const b = (x.shape[0] ?? 0) / 2;
  return tf.slice(x, [which * b, 0, 0], [b, -1, -1]);
};

export function studentForward(params: Params, cfg: AceModelConfig, batch: AceBatch, options: VitForwardOptions = {}): StudentOutputs {
  const shared = sharedForward(params, cfg, batch, options);
  const get = scope(params);
  const d = cfg.denseHead.outDim;
  const side = Math.round(Math.sqrt(shared.dense.shape[1] ?? 0));
  return {
    ...shared,
    composed: composerForward(nested(get, 'composer.'), d, half(shared.dense, 1), side),
    decomposed: decomposerForward(nested(get, 'decomposer.'), d, half(shared.dense, 0), side),
  };
}

/** Teacher dense tokens of the large (0) or small (1) view. */
export const denseOf = half;
