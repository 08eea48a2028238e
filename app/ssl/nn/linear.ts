import * as tf from '@tensorflow/tfjs';
import { matMul2d } from './matmul';

/**
 * y = x·W + b over the last axis of a tensor of any rank. W is stored [in, out] (TF layout, the transpose of
 * PyTorch's [out, in]) so the forward needs no transpose.
 */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const inDim = weight.shape[0] ?? 0;
  const outDim = weight.shape[1] ?? 0;
  if (x.shape[x.rank - 1] !== inDim) throw new Error(`linear: input [${x.shape}] vs weight [${weight.shape}]`);
  const y2 = matMul2d(x.reshape([-1, inDim]) as tf.Tensor2D, weight as tf.Tensor2D);
  const y = bias ? tf.add(y2, bias) : y2;
  return x.rank === 2 ? y : y.reshape([...x.shape.slice(0, -1), outDim]);
}
