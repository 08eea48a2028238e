import * as tf from '@tensorflow/tfjs';
import { matMul2d, matMul2dGrads, prefersWeightLeft } from './matmul';
import { MATMUL_BIAS, hasMatMulBias } from './wasm-matmul';

/** x·W + b in one wasm kernel (the bias is the product's starting value); gradients as matMul2d's, db = Σ dy. */
const withBiasImpl = tf.customGrad((...args) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.engine().runKernel(MATMUL_BIAS, { a: x, b: w, bias: b }, {}) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => [...matMul2dGrads(dy as tf.Tensor2D, sx as tf.Tensor2D, sw as tf.Tensor2D), tf.sum(dy, 0)],
  };
});

/** r + x·W + b in one wasm kernel (a residual connection: no separate add); the residual's gradient is dy. */
const withResidualImpl = tf.customGrad((...args) => {
  const [x, w, b, r, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.engine().runKernel(MATMUL_BIAS, { a: x, b: w, bias: b, residual: r }, {}) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => [...matMul2dGrads(dy as tf.Tensor2D, sx as tf.Tensor2D, sw as tf.Tensor2D), tf.sum(dy, 0), dy],
  };
});

/**
 * y = x·W + b over the last axis of a tensor of any rank. W is stored [in, out] (TF layout, the transpose of
 * PyTorch's [out, in]) so the forward needs no transpose. With `residual` (x's rows × out), y = residual + x·W + b.
 */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor, residual?: tf.Tensor): tf.Tensor {
  const inDim = weight.shape[0] ?? 0;
  const outDim = weight.shape[1] ?? 0;
  if (x.shape[x.rank - 1] !== inDim) throw new Error(`linear: input [${x.shape}] vs weight [${weight.shape}]`);
  const x2 = x.reshape([-1, inDim]) as tf.Tensor2D;
  const w2 = weight as tf.Tensor2D;
  const fused = bias !== undefined && bias.rank === 1 && hasMatMulBias() && !prefersWeightLeft(x2.shape[0] ?? 0, w2);
  const r2 = residual?.reshape([-1, outDim]) as tf.Tensor2D | undefined;
  let y: tf.Tensor2D;
  if (fused && r2) y = withResidualImpl(x2, w2, bias, r2) as tf.Tensor2D;
  else if (fused) y = withBiasImpl(x2, w2, bias) as tf.Tensor2D;
  else {
    const product = bias ? (tf.add(matMul2d(x2, w2), bias) as tf.Tensor2D) : matMul2d(x2, w2);
    y = r2 ? (tf.add(r2, product) as tf.Tensor2D) : product;
  }
  return x.rank === 2 ? y : y.reshape([...x.shape.slice(0, -1), outDim]);
}
