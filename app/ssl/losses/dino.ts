import * as tf from '@tensorflow/tfjs';
import { DINO_CROSS_VIEW, type DinoCrossViewAttrs, canFuseDinoCrossView } from '../nn/wasm-losses';

/** Self-distillation with teacher centring and sharpening (DINO; ACE's global term, spec §3.1). */
export interface DinoTemperatures {
  readonly teacherTemp: number;
  readonly studentTemp: number;
}

export const ACE_TEMPERATURES: DinoTemperatures = { teacherTemp: 0.04, studentTemp: 0.1 };

/** Rows [first block; second block; ...] of size B each; returns block k. */
function block(x: tf.Tensor, k: number, blocks: number): tf.Tensor {
  const rows = x.shape[0] ?? 0;
  if (rows % blocks !== 0) throw new Error(`${rows} rows do not split into ${blocks} blocks`);
  const b = rows / blocks;
  return tf.slice(x, [k * b, 0], [b, -1]);
}

/** mean_b −Σ_k p_k · log q_k. */
export function softCrossEntropy(p: tf.Tensor, logQ: tf.Tensor): tf.Tensor {
  return tf.neg(tf.mean(tf.sum(tf.mul(p, logQ), -1)));
}

/**
 * ½[CE(Pt[b], log Ps[a]) + CE(Pt[a], log Ps[b])] for the first two row blocks a, b of `blocks`. Only those two
 * are in the loss; for ACE the remaining (non-overlap) blocks only feed the centre.
 *
 * One op over the student logits with the closed-form gradient (softmax(s/τs) − Pt)/(τs·2B) on the two blocks,
 * zero elsewhere: autodiff of the log-softmax, products and means is ~25 kernels over [2B, 65536] per
 * micro-batch. The teacher side has no gradient (its logits come from the EMA network). On wasm one kernel
 * forms the value and that gradient (fusedCrossViewLoss).
 */
function crossViewLoss(teacher: tf.Tensor, student: tf.Tensor, center: tf.Tensor, temps: DinoTemperatures, blocks: number): tf.Scalar {
  const fusable = canFuseDinoCrossView(student) && teacher.dtype === 'float32' && center.size === student.shape[1] && teacher.shape.every((d, i) => d === student.shape[i]);
  if (fusable) return fusedCrossViewLoss(teacher, student, center, temps, blocks);
  const pt = (k: number): tf.Tensor => tf.softmax(tf.div(tf.sub(block(teacher, k, blocks), center), temps.teacherTemp));
  // Row r of the first two student blocks meets the teacher row of the other view.
  const targets = tf.concat([pt(1), pt(0)], 0);
  const paired = targets.shape[0] ?? 0;
  const op = tf.customGrad((...args) => {
    const [s, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const logQ = tf.logSoftmax(tf.div(tf.slice(s, [0, 0], [paired, -1]), temps.studentTemp));
    save([logQ, targets]);
    return {
      value: tf.div(tf.neg(tf.sum(tf.mul(targets, logQ))), paired) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, [sLogQ, sTargets]: tf.Tensor[]) => {
        const rows = tf.mul(tf.sub(tf.exp(sLogQ as tf.Tensor), sTargets as tf.Tensor), tf.div(dy, paired * temps.studentTemp));
        const rest = (s.shape[0] ?? 0) - paired;
        return rest > 0 ? tf.pad(rows, [[0, rest], [0, 0]]) : rows;
      },
    };
  });
  return op(student) as tf.Scalar;
}

function fusedCrossViewLoss(teacher: tf.Tensor, student: tf.Tensor, center: tf.Tensor, temps: DinoTemperatures, blocks: number): tf.Scalar {
  if ((student.shape[0] ?? 0) % blocks !== 0) throw new Error(`${student.shape[0]} rows do not split into ${blocks} blocks`);
  const attrs: DinoCrossViewAttrs = { blocks, studentTemp: temps.studentTemp, teacherTemp: temps.teacherTemp };
  const op = tf.customGrad((...args) => {
    const [s, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const [value, grad] = tf.engine().runKernel(DINO_CROSS_VIEW, { student: s, teacher, center }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    save([grad as tf.Tensor]);
    return { value: value as tf.Scalar, gradFunc: (dy: tf.Tensor, [g]: tf.Tensor[]) => tf.mul(g as tf.Tensor, dy) };
  });
  return op(student) as tf.Scalar;
}

/** ACE global loss: logits [4B, K] in blocks [ovL; ovS; nonL; nonS]; overlap-averaged L and S are paired. */
export const dinoGlobalLoss = (teacher: tf.Tensor, student: tf.Tensor, center: tf.Tensor, temps: DinoTemperatures = ACE_TEMPERATURES): tf.Tensor =>
  crossViewLoss(teacher, student, center, temps, 4);

/** Plain DINO on two whole views: logits [2B, K] in blocks [view1; view2]. */
export const dinoPlainLoss = (teacher: tf.Tensor, student: tf.Tensor, center: tf.Tensor, temps: DinoTemperatures = ACE_TEMPERATURES): tf.Tensor =>
  crossViewLoss(teacher, student, center, temps, 2);

/** c ← m·c + (1−m)·mean of the raw teacher logits over every row (non-overlap rows included); applied after the loss. */
export function updatedCenter(center: tf.Tensor, teacher: tf.Tensor, momentum = 0.9): tf.Tensor {
  return tf.tidy(() => tf.add(tf.mul(center, momentum), tf.mul(tf.mean(teacher, 0), 1 - momentum)));
}
