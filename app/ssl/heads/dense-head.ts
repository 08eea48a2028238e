import * as tf from '@tensorflow/tfjs';
import { linear } from '../nn/linear';
import { batchNormRelu, l2Normalize } from '../nn/normalize';
import { type Getter, type ParamSpec, spec } from '../nn/params';

/**
 * ACE DenseHead (spec §2.2): numLayers × (1×1 conv, BatchNorm2d in training mode, ReLU), then per-token L2
 * normalisation. A 1×1 conv is a per-token linear map, so tokens stay a [rows, D] matrix.
 */
export interface DenseHeadConfig {
  readonly inDim: number;
  readonly outDim: number;
  readonly numLayers: number;
  readonly bnEps: number;
}

export const denseHeadConfig = (inDim: number, outDim = inDim): DenseHeadConfig => ({ inDim, outDim, numLayers: 3, bnEps: 1e-5 });

export function denseHeadSpecs(cfg: DenseHeadConfig): ParamSpec[] {
  return Array.from({ length: cfg.numLayers }, (_, i) => {
    const inDim = i === 0 ? cfg.inDim : cfg.outDim;
    return [
      // kaiming_normal_(mode='fan_out', nonlinearity='relu'): std = √(2 / fan_out), fan_out = out·1·1.
      spec(`layers.${i}.0.weight`, [inDim, cfg.outDim], { kind: 'normal', std: Math.sqrt(2 / cfg.outDim) }, { kind: 'conv', inChannels: inDim, kernel: 1 }),
      spec(`layers.${i}.0.bias`, [cfg.outDim], { kind: 'zeros' }),
      spec(`layers.${i}.1.weight`, [cfg.outDim], { kind: 'ones' }),
      spec(`layers.${i}.1.bias`, [cfg.outDim], { kind: 'zeros' }),
    ];
  }).flat();
}

/** tokens [N_img, L, inDim] → [N_img, L, outDim], unit-norm rows. BN statistics span every image and token. */
export function denseHeadForward(get: Getter, cfg: DenseHeadConfig, tokens: tf.Tensor3D): tf.Tensor3D {
  const [n = 0, l = 0] = tokens.shape;
  let x = tokens.reshape([n * l, cfg.inDim]) as tf.Tensor2D;
  for (let i = 0; i < cfg.numLayers; i++) {
    const conv = linear(x, get(`layers.${i}.0.weight`), get(`layers.${i}.0.bias`)) as tf.Tensor2D;
    x = batchNormRelu(conv, get(`layers.${i}.1.weight`), get(`layers.${i}.1.bias`), cfg.bnEps);
  }
  return l2Normalize(x).reshape([n, l, cfg.outDim]);
}
