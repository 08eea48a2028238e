import * as tf from '@tensorflow/tfjs';
import { rebatch, unbatch } from '../nn/batch';
import { matMulABt } from '../nn/matmul';
import { ALPHA_BCE, type AlphaBceAttrs, canFuseAlphaBce } from '../nn/wasm-losses';

/**
 * ACE composition / decomposition matching (spec §3.2): z = s · teacher_b · student_bᵀ, α-balanced BCE with
 * soft Gaussian targets, mean over every B·N·M entry (non-overlap rows are all-negative). No normalisation
 * here: the teacher rows arrive unit-norm from the dense head, the student rows unnormalised.
 */
export const ACE_LOGIT_SCALE = 1 / 0.07;

/** Stable BCE with logits and soft targets: max(z,0) − z·T + log(1 + e^−|z|); |z| reaches the hundreds. */
export function bceWithLogits(z: tf.Tensor, target: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(z), tf.mul(z, target)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
}

/** torchvision sigmoid_focal_loss's weight with γ = 0: α·T + (1−α)(1−T) = (1−α) + (2α−1)·T. */
const alphaWeight = (target: tf.Tensor, alpha: number): tf.Tensor => tf.add(tf.mul(target, 2 * alpha - 1), 1 - alpha);

/** torchvision sigmoid_focal_loss with γ = 0. */
export function alphaBalancedBce(z: tf.Tensor, target: tf.Tensor, alpha: number): tf.Tensor {
  return tf.mul(alphaWeight(target, alpha), bceWithLogits(z, target));
}

/** teacher [B,N,D], student [B,M,D] → products [B,N,M] (logits before the scale), one plain 2-D matmul per sample (batched matMul is slow on wasm). */
function matchingProducts(teacher: tf.Tensor3D, student: tf.Tensor3D): tf.Tensor3D {
  if (teacher.shape[0] !== student.shape[0] || teacher.shape[2] !== student.shape[2]) {
    throw new Error(`matching: teacher [${teacher.shape}] vs student [${student.shape}]`);
  }
  const ss = unbatch(student) as tf.Tensor2D[];
  const zs = (unbatch(teacher) as tf.Tensor2D[]).map((t, b) => matMulABt(t, ss[b] as tf.Tensor2D));
  return rebatch(zs) as tf.Tensor3D;
}

/**
 * mean(alphaBalancedBce(scale·x, T)) as one op over x, with the closed-form gradient scale·w ⊙ (σ(z) − T) / count
 * (w the α weight): autodiff of the stable form is ~20 ops over the [B,196,784] decomposition logits per
 * micro-batch. On wasm one kernel forms the value's terms and the gradient together.
 */
function meanAlphaBalancedBce(x: tf.Tensor, target: tf.Tensor, alpha: number, scale: number): tf.Scalar {
  const fused = canFuseAlphaBce(x) && target.dtype === 'float32';
  const op = tf.customGrad((...args) => {
    const [products, save] = args as [tf.Tensor, tf.GradSaveFunc];
    if (fused) {
      const attrs: AlphaBceAttrs = { scale, alpha };
      const [terms, grad] = tf.engine().runKernel(ALPHA_BCE, { x: products, target }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      save([grad as tf.Tensor]);
      return { value: tf.sum(terms as tf.Tensor) as tf.Scalar, gradFunc: (dy: tf.Tensor, [g]: tf.Tensor[]) => tf.mul(g as tf.Tensor, dy) };
    }
    const z = tf.mul(products, scale);
    // The target is not an input (no gradient) but is saved: it must outlive the forward's scope.
    save([z, target]);
    return {
      value: tf.mean(alphaBalancedBce(z, target, alpha)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, [sz, st]: tf.Tensor[]) => {
        const [zs, t] = [sz as tf.Tensor, st as tf.Tensor];
        return tf.mul(tf.mul(alphaWeight(t, alpha), tf.sub(tf.sigmoid(zs), t)), tf.div(tf.mul(dy, scale), t.size));
      },
    };
  });
  return op(x) as tf.Scalar;
}

export function aceMatchingLoss(teacher: tf.Tensor3D, student: tf.Tensor3D, target: tf.Tensor3D, alpha: number, scale = ACE_LOGIT_SCALE): tf.Tensor {
  const x = matchingProducts(teacher, student);
  if (x.shape.some((d, i) => d !== target.shape[i])) throw new Error(`matching: logits [${x.shape}] vs target [${target.shape}]`);
  return meanAlphaBalancedBce(x, target, alpha, scale);
}
