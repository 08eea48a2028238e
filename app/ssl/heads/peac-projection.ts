import type * as tf from '@tensorflow/tfjs';
import type { Getter, ParamSpec } from '../nn/params';
import { type Layer, linearNormRelu, sequentialForward, sequentialSpecs } from '../nn/sequential';

/**
 * PEAC projection MLPs (spec §3.4, PEC_Model.MLP): (Linear, LN, ReLU) × 2 then Linear without bias. The global
 * head (prefix "mlp.", 1024→8192→8192→8192) is L2-normalised inside the loss; the per-token local head
 * (prefix "mlp_local.", 1024→512→512→512) is not normalised.
 */
export interface PeacProjectionConfig {
  readonly prefix: string;
  readonly inDim: number;
  readonly hiddenDims: readonly [number, number];
  readonly outDim: number;
}

export const PEAC_GLOBAL_HEAD = (inDim: number): PeacProjectionConfig => ({ prefix: 'mlp.', inDim, hiddenDims: [8192, 8192], outDim: 8192 });
export const PEAC_LOCAL_HEAD = (inDim: number): PeacProjectionConfig => ({ prefix: 'mlp_local.', inDim, hiddenDims: [512, 512], outDim: 512 });

const layers = (cfg: PeacProjectionConfig): Layer[] => [
  ...linearNormRelu(cfg.inDim, cfg.hiddenDims[0], true),
  ...linearNormRelu(cfg.hiddenDims[0], cfg.hiddenDims[1], true),
  { kind: 'linear', inDim: cfg.hiddenDims[1], outDim: cfg.outDim, bias: false },
];

export const peacProjectionSpecs = (cfg: PeacProjectionConfig): ParamSpec[] => sequentialSpecs(cfg.prefix, layers(cfg), 'torch');

/** x [..., inDim] → [..., outDim] (works per row or per token). */
export const peacProjectionForward = (get: Getter, cfg: PeacProjectionConfig, x: tf.Tensor): tf.Tensor => sequentialForward(get, cfg.prefix, layers(cfg), x);
