import * as tf from '@tensorflow/tfjs';
import { matMul2d, matMul2dGrads, prefersWeightLeft } from './matmul';
import { MATMUL_BIAS, hasMatMulBias } from './wasm-matmul';

/**
 * x·W + b (+ r) in one wasm kernel: the bias, and a residual connection's r when given, are the product's
 * starting value (no separate pass). Gradients as matMul2d's, db = Σ dy, dr = dy.
 */
const fusedImpl = tf.customGrad((...args) => {
  const save = args[args.length - 1] as tf.GradSaveFunc;
  const [x, w, b, r] = args.slice(0, -1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D?];
  save([x, w]);
  return {
    value: tf.engine().runKernel(MATMUL_BIAS, r ? { a: x, b: w, bias: b, residual: r } : { a: x, b: w, bias: b }, {}) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => [...matMul2dGrads(dy as tf.Tensor2D, sx as tf.Tensor2D, sw as tf.Tensor2D), tf.sum(dy, 0), ...(r ? [dy] : [])],
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
  if (fused) y = (r2 ? fusedImpl(x2, w2, bias, r2) : fusedImpl(x2, w2, bias)) as tf.Tensor2D;
  else {
    const product = bias ? (tf.add(matMul2d(x2, w2), bias) as tf.Tensor2D) : matMul2d(x2, w2);
    y = r2 ? (tf.add(r2, product) as tf.Tensor2D) : product;
  }
  return x.rank === 2 ? y : y.reshape([...x.shape.slice(0, -1), outDim]);
}
