import * as tf from '@tensorflow/tfjs';
import { paramsFromTorch } from '../nn/loader';
import { type VitConfig, vitForward, vitParamSpecs } from '../nn/vit';
import type { ResultTree } from './compare';
import type { VectorCase } from './format';
import { hostDict, num, tensor, toHost } from './read';

export function vitConfigFromParams(p: Record<string, unknown>): VitConfig {
  if (p.gelu !== 'erf') throw new Error(`unsupported gelu ${String(p.gelu)}`);
  if (p.class_token !== true) throw new Error('only class_token = true is modelled');
  return {
    imgSize: num(p, 'img_size'),
    patchSize: num(p, 'patch_size'),
    inChans: num(p, 'in_chans'),
    embedDim: num(p, 'embed_dim'),
    depth: num(p, 'depth'),
    numHeads: num(p, 'num_heads'),
    mlpRatio: num(p, 'mlp_ratio'),
    qkvBias: p.qkv_bias === true,
    lnEps: num(p, 'ln_eps'),
    gelu: 'erf',
    dropPathRate: 0,
  };
}

export function vitForwardKind(c: VectorCase): ResultTree {
  const cfg = vitConfigFromParams(c.params);
  const { params } = paramsFromTorch(vitParamSpecs(cfg), hostDict(c.input, 'weights'));
  const nhwc = tf.transpose(tensor(c.input, 'image'), [0, 2, 3, 1]) as tf.Tensor4D;
  const out = vitForward(params, cfg, nhwc);
  return { tokens: toHost(tf.concat([tf.expandDims(out.cls, 1), out.patches], 1)) };
}
