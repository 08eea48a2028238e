import * as tf from '@tensorflow/tfjs';
import type { TwoViews } from '../ace/batch';
import type { Params } from '../nn/params';
import { type VitConfig, type VitForwardOptions, vitForward } from '../nn/vit';

/** CLS tokens [2B, D] of one backbone pass over [large views; small views] (whole-crop global features). */
export function twoViewCls(params: Params, backbone: VitConfig, views: TwoViews, options: VitForwardOptions = {}): tf.Tensor2D {
  return vitForward(params, backbone, tf.concat([views.large, views.small], 0) as tf.Tensor4D, options, 'backbone.').cls;
}
