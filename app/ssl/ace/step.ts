import * as tf from '@tensorflow/tfjs';
import { type AceLossConfig, ACE_LOSS, aceLoss } from '../losses/ace';
import { updatedCenter } from '../losses/dino';
import { type ParamSpec, frozenCopy, initParams, ownedVariable } from '../nn/params';
import { ADAMW_DEFAULTS, type AdamWConfig, AdamW } from '../optim/adamw';
import { emaUpdate } from '../optim/ema';
import type { Rng } from '../rng';
import type { VitForwardOptions } from '../nn/vit';
import { type AceBatch, type AceModelConfig, aceStudentSpecs, aceTeacherSpecs, denseOf, sharedForward, studentForward } from './model';

/**
 * One ACE optimisation step (spec §4, §10.6): teacher forward outside the gradient tape, student loss and
 * gradients, AdamW with per-tensor clipping, EMA of the teacher from the updated student, centre update.
 */
export interface AceTrainer {
  readonly model: AceModelConfig;
  readonly loss: AceLossConfig;
  readonly centerMomentum: number;
  readonly studentSpecs: readonly ParamSpec[];
  readonly student: ReadonlyMap<string, tf.Variable>;
  readonly teacher: ReadonlyMap<string, tf.Variable>;
  readonly center: tf.Variable;
  readonly optimizer: AdamW;
}

export function createAceTrainer(model: AceModelConfig, rng: Rng, loss: AceLossConfig = ACE_LOSS, adamw: AdamWConfig = ADAMW_DEFAULTS): AceTrainer {
  const studentSpecs = aceStudentSpecs(model);
  const student = initParams(studentSpecs, rng);
  const teacherNames = new Set(aceTeacherSpecs(model).map((s) => s.name));
  const teacher = frozenCopy(new Map([...student].filter(([name]) => teacherNames.has(name))));
  return {
    model,
    loss,
    centerMomentum: 0.9,
    studentSpecs,
    student,
    teacher,
    center: ownedVariable(tf.zeros([model.dinoHead.outDim]), false),
    optimizer: new AdamW(adamw),
  };
}

export interface StepHyper {
  readonly lr: number;
  readonly weightDecay: number;
  readonly momentum: number;
  /** DINO's freeze_last_layer: no update of the head's last layer (first epoch). */
  readonly freezeLastLayer: boolean;
}

export interface StepLosses {
  readonly total: number;
  readonly global: number;
  readonly comp: number;
  readonly decomp: number;
}

const LAST_LAYER = 'head.last_layer.weight_v';

interface MicroResult {
  readonly grads: Map<string, tf.Tensor>;
  readonly terms: tf.Tensor;
  readonly teacherMean: tf.Tensor;
}

/** Loss terms, gradients (scaled by `share`) and the teacher's logit mean (for the centre) of one micro-batch. */
function microStep(trainer: AceTrainer, batch: AceBatch, names: readonly string[], share: number, options: VitForwardOptions): MicroResult {
  const { model, student, teacher, center } = trainer;
  const teacherOut = tf.tidy(() => {
    const out = sharedForward(teacher, model, batch);
    return { logits: out.logits, denseL: denseOf(out.dense, 0), denseS: denseOf(out.dense, 1) };
  });
  const vars = names.map((n) => student.get(n) as tf.Variable);
  let terms: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const s = studentForward(student, model, batch, options);
    const loss = aceLoss(
      {
        global: { teacher: teacherOut.logits, student: s.logits, center },
        comp: { teacher: teacherOut.denseL, student: s.composed, target: batch.compTarget },
        decomp: { teacher: teacherOut.denseS, student: s.decomposed, target: batch.decompTarget },
      },
      trainer.loss,
    );
    terms = tf.keep(tf.stack([loss.total, loss.global, loss.comp, loss.decomp]));
    // Differentiating total·share makes the accumulated gradient the micro-batch average directly.
    return tf.mul(loss.total, share) as tf.Scalar;
  }, vars);
  const teacherMean = tf.tidy(() => tf.mean(teacherOut.logits, 0));
  tf.dispose([value, teacherOut.logits, teacherOut.denseL, teacherOut.denseS]);
  const byName = new Map(names.map((n, i) => [n, grads[vars[i]?.name ?? ''] as tf.Tensor]));
  return { grads: byName, terms: terms as tf.Tensor, teacherMean };
}

/** Running sum of tensors, disposing what it replaces so accumulation never holds more than one copy. */
function accumulate(into: Map<string, tf.Tensor>, add: ReadonlyMap<string, tf.Tensor>): void {
  for (const [name, t] of add) {
    const prev = into.get(name);
    if (prev) {
      into.set(name, tf.add(prev, t));
      tf.dispose([prev, t]);
    } else {
      into.set(name, t);
    }
  }
}

/**
 * One optimisation step over one or more equal-sized micro-batches (gradient accumulation: the 32-bit wasm
 * heap cannot hold a full batch's tape). Gradients, loss terms and the centre's teacher mean are averaged
 * over micro-batches; the dense head's BatchNorm statistics are per micro-batch (an approximation when
 * micro-batches are smaller than the batch).
 */
export async function aceStep(trainer: AceTrainer, microBatches: AceBatch | readonly AceBatch[], hyper: StepHyper, options: VitForwardOptions = {}): Promise<StepLosses> {
  const batches = Array.isArray(microBatches) ? (microBatches as readonly AceBatch[]) : [microBatches as AceBatch];
  const names = trainer.studentSpecs.filter((s) => s.trainable && !(hyper.freezeLastLayer && s.name === LAST_LAYER)).map((s) => s.name);
  const grads = new Map<string, tf.Tensor>();
  const terms: tf.Tensor[] = [];
  const teacherMeans: tf.Tensor[] = [];
  const n = batches.length;
  for (const batch of batches) {
    const r = microStep(trainer, batch, names, 1 / n, options);
    accumulate(grads, r.grads);
    terms.push(r.terms);
    teacherMeans.push(r.teacherMean);
  }
  trainer.optimizer.step(trainer.student, grads, { lr: hyper.lr, weightDecay: hyper.weightDecay });
  emaUpdate(trainer.teacher, trainer.student, hyper.momentum);
  // Equal-sized micro-batches: the mean of their teacher means is the mean over every teacher row.
  tf.tidy(() => trainer.center.assign(updatedCenter(trainer.center, tf.stack(teacherMeans), trainer.centerMomentum)));
  const meanTerms = tf.tidy(() => tf.mean(tf.stack(terms), 0));
  const [total = NaN, global = NaN, comp = NaN, decomp = NaN] = await meanTerms.data();
  tf.dispose([...grads.values(), ...terms, ...teacherMeans, meanTerms]);
  return { total, global, comp, decomp };
}
