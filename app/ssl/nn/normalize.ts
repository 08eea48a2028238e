import * as tf from '@tensorflow/tfjs';
import { matMul2d } from './matmul';
import { recording } from './tape';
import { BATCH_NORM_RELU, BATCH_NORM_RELU_GRAD, canFuseBatchNorm } from './wasm-batch-norm';
import { LAYER_NORM, LAYER_NORM_GRAD, LAYER_NORM_VALUE, canFuseLayerNorm } from './wasm-layer-norm';

/**
 * x / max(‖x‖₂, eps) along the last axis (PyTorch F.normalize), written as x / √max(‖x‖², eps²): the same
 * value, but the gradient stays finite for an all-zero row (√ at 0 has an infinite slope → NaN), which a
 * ReLU output can be.
 */
export function l2Normalize(x: tf.Tensor, eps = 1e-12): tf.Tensor {
  return tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), -1, true), eps * eps)));
}

/**
 * LayerNorm over the last axis with the biased variance, as one custom op: the tape keeps x̂ and 1/σ only,
 * and the backward is the closed form dx = (1/σ)(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·w.
 */
function layerNormOp(eps: number) {
  return tf.customGrad((...args) => {
    const [x, weight, bias, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const centred = tf.sub(x, tf.mean(x, -1, true));
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), eps));
    const xhat = tf.mul(centred, rstd);
    save([xhat, rstd, weight]);
    return {
      value: tf.add(tf.mul(xhat, weight), bias),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sr, sw] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const dim = sw.shape[0] ?? 1;
        const rows2 = (t: tf.Tensor): tf.Tensor2D => t.reshape([-1, dim]) as tf.Tensor2D;
        const g = tf.mul(dy, sw);
        const dx = tf.mul(sr, tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(sx, tf.mean(tf.mul(g, sx), -1, true))));
        // Row sums as ones·M (2-D matmul) rather than a reduction over the first axis, which transposes on wasm.
        const ones = tf.ones([1, rows2(dy).shape[0] ?? 0]) as tf.Tensor2D;
        const dw = matMul2d(ones, rows2(tf.mul(dy, sx))).reshape([dim]);
        const db = matMul2d(ones, rows2(dy)).reshape([dim]);
        return [dx, dw, db];
      },
    };
  });
}

/** The same op as one kernel each way where the backend has them (wasm: nn/wasm-layer-norm). */
function fusedLayerNormOp(eps: number) {
  return tf.customGrad((...args) => {
    const [x, weight, bias, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, xhat, rstd] = tf.engine().runKernel(LAYER_NORM, { x, weight, bias }, { eps }) as tf.Tensor[];
    save([xhat as tf.Tensor, rstd as tf.Tensor, weight]);
    return {
      value: y as tf.Tensor,
      gradFunc: (dy: tf.Tensor, [sx, sr, sw]: tf.Tensor[]) => tf.engine().runKernel(LAYER_NORM_GRAD, { dy, xhat: sx as tf.Tensor, rstd: sr as tf.Tensor, weight: sw as tf.Tensor }, {}) as tf.Tensor[],
    };
  });
}

const layerNormOps = new Map<string, ReturnType<typeof layerNormOp>>();

export function layerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor {
  const fused = canFuseLayerNorm(x);
  if (fused && !recording()) return tf.engine().runKernel(LAYER_NORM_VALUE, { x, weight, bias }, { eps }) as tf.Tensor;
  const key = `${fused}:${eps}`;
  let op = layerNormOps.get(key);
  if (!op) {
    op = fused ? fusedLayerNormOp(eps) : layerNormOp(eps);
    layerNormOps.set(key, op);
  }
  return op(x, weight, bias);
}

/**
 * BatchNorm in training mode over all rows of a [rows, channels] matrix (BatchNorm2d on a token map: the
 * statistics span every image and position). Running statistics are not kept: ACE uses batch statistics
 * for student and teacher alike (spec §2.2).
 */
export function batchNormTrain(x: tf.Tensor2D, weight: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor2D {
  return tf.add(tf.mul(normalisedColumns(x, eps).xhat, weight), bias);
}

/** x̂ = (x − μ)/σ over the rows, with 1/σ as [1, channels]. */
function normalisedColumns(x: tf.Tensor2D, eps: number): { xhat: tf.Tensor2D; rstd: tf.Tensor2D } {
  const centred = tf.sub(x, tf.mean(x, 0, true));
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), 0, true), eps)) as tf.Tensor2D;
  return { xhat: tf.mul(centred, rstd), rstd };
}

/**
 * relu(batchNormTrain(x)) as one op with the closed-form backward, dz = dy where y > 0:
 * dβ = Σ dz, dγ = Σ dz·x̂, dx = (γ/σ)(dz − dβ/N − x̂·dγ/N). Autodiff of the two is ~25 ops per layer; on
 * wasm each way is one kernel (nn/wasm-batch-norm), with the same float32 values.
 */
export function batchNormRelu(x: tf.Tensor2D, weight: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor2D {
  const fused = canFuseBatchNorm(x);
  const op = tf.customGrad((...args) => {
    const [input, w, b, save] = args as [tf.Tensor2D, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    if (fused) {
      const [y, xhat, rstd] = tf.engine().runKernel(BATCH_NORM_RELU, { x: input, weight: w, bias: b }, { eps }) as tf.Tensor[];
      save([xhat as tf.Tensor, y as tf.Tensor, rstd as tf.Tensor, w]);
      return {
        value: y as tf.Tensor2D,
        gradFunc: (dy: tf.Tensor, [sx, sy, sr, sw]: tf.Tensor[]) =>
          tf.engine().runKernel(BATCH_NORM_RELU_GRAD, { dy, xhat: sx as tf.Tensor, y: sy as tf.Tensor, rstd: sr as tf.Tensor, weight: sw as tf.Tensor }, {}) as tf.Tensor[],
      };
    }
    const { xhat, rstd } = normalisedColumns(input, eps);
    const y = tf.relu(tf.add(tf.mul(xhat, w), b));
    save([xhat, rstd, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sr, sw, sy] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const n = sx.shape[0] ?? 1;
        const dz = tf.mul(dy, tf.step(sy));
        const db = tf.sum(dz, 0);
        const dw = tf.sum(tf.mul(dz, sx), 0);
        const dx = tf.mul(tf.sub(tf.sub(dz, tf.div(db, n)), tf.mul(sx, tf.div(dw, n))), tf.mul(sr, sw));
        return [dx, dw, db];
      },
    };
  });
  return op(x, weight, bias) as tf.Tensor2D;
}
