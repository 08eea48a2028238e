import * as tf from '@tensorflow/tfjs';

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
 */
function crossViewLoss(teacher: tf.Tensor, student: tf.Tensor, center: tf.Tensor, temps: DinoTemperatures, blocks: number): tf.Tensor {
  const pt = (k: number): tf.Tensor => tf.softmax(tf.div(tf.sub(block(teacher, k, blocks), center), temps.teacherTemp));
  const logPs = (k: number): tf.Tensor => tf.logSoftmax(tf.div(block(student, k, blocks), temps.studentTemp));
  return tf.mul(tf.add(softCrossEntropy(pt(1), logPs(0)), softCrossEntropy(pt(0), logPs(1))), 0.5);
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
