import * as tf from '@tensorflow/tfjs';
import { updatedCenter } from '../losses/dino';
import { type ParamSpec, type Params, frozenCopy, initParams, ownedVariable } from '../nn/params';
import { StepContext, withStepContext } from '../nn/step-context';
import type { VitForwardOptions } from '../nn/vit';
import { addInPlace } from '../nn/wasm-kernels';
import { ADAMW_DEFAULTS, type AdamWConfig, AdamW } from '../optim/adamw';
import type { Rng } from '../rng';

/**
 * One optimisation step shared by every objective (spec §4, §10.6): teacher forward off the gradient tape,
 * student loss and gradients per micro-batch (accumulated), AdamW with per-tensor clipping, EMA of the teacher
 * from the updated student, centre update. An objective only says how to compute its teacher outputs and loss.
 */
export interface TrainState {
  readonly studentSpecs: readonly ParamSpec[];
  readonly student: ReadonlyMap<string, tf.Variable>;
  /** EMA copies of a subset of the student (empty for teacher-free objectives such as Barlow Twins). */
  readonly teacher: ReadonlyMap<string, tf.Variable>;
  /** DINO centre, or null when the objective has none. */
  readonly center: tf.Variable | null;
  readonly optimizer: AdamW;
}

export interface StateShape {
  readonly studentSpecs: readonly ParamSpec[];
  readonly teacherNames: ReadonlySet<string>;
  /** Length of the DINO centre; 0 = no centre. */
  readonly centerDim: number;
}

export function createTrainState(shape: StateShape, rng: Rng, adamw: AdamWConfig = ADAMW_DEFAULTS): TrainState {
  const student = initParams(shape.studentSpecs, rng);
  return {
    studentSpecs: shape.studentSpecs,
    student,
    teacher: frozenCopy(new Map([...student].filter(([name]) => shape.teacherNames.has(name)))),
    center: shape.centerDim > 0 ? ownedVariable(tf.zeros([shape.centerDim]), false) : null,
    optimizer: new AdamW(adamw),
  };
}

export function disposeTrainState(state: TrainState): void {
  tf.dispose([...state.student.values(), ...state.teacher.values(), ...(state.center ? [state.center] : [])]);
  state.optimizer.dispose();
}

export interface LossContext {
  readonly center: tf.Tensor | null;
  readonly teacherTemp: number;
  /** Student forward options: drop-path RNG, block checkpointing. */
  readonly forward: VitForwardOptions;
}

/** What distinguishes one self-supervised method from another, on tensors. T holds the teacher's outputs. */
export interface Objective<B, T extends tf.TensorContainer, K extends string = string> {
  /** Names of the loss terms, in the order `loss` returns them; the first is the total that is differentiated. */
  readonly terms: readonly K[];
  /**
   * Teacher outputs for each micro-batch, all before the student's first: row-wise heads can then run once
   * over every micro-batch. Called inside tf.tidy; each output is disposed after its micro-batch's loss.
   */
  teacherForward(teacher: Params, batches: readonly B[]): T[];
  /** Scalar loss terms (total first), on the student's tape. */
  loss(student: Params, batch: B, teacherOut: T, ctx: LossContext): tf.Scalar[];
  /** Rows whose mean feeds the centre (DINO-style objectives only). */
  centerRows?(teacherOut: T): tf.Tensor2D;
}

export interface StepHyper {
  readonly lr: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly teacherTemp: number;
  /** Parameters left untouched this step (DINO's last-layer freeze in epoch 0). */
  readonly frozen?: ReadonlySet<string>;
  readonly centerMomentum?: number;
}

export type StepTerms<K extends string = string> = Record<K, number>;

/**
 * Running sum of tensors, disposing what it replaces so accumulation never holds more than one copy. A null
 * gradient (the parameter did not reach this micro-batch's loss, e.g. PEAC's local head when every view 1 was
 * shuffled) counts as zero; one that is null in every micro-batch stays absent, so AdamW skips the tensor as
 * PyTorch does for p.grad = None.
 */
function accumulate(into: Map<string, tf.Tensor>, add: ReadonlyMap<string, tf.Tensor | null>): void {
  for (const [name, t] of add) {
    if (!t) continue;
    const prev = into.get(name);
    if (prev && addInPlace(prev, t)) {
      t.dispose();
    } else if (prev) {
      into.set(name, tf.add(prev, t));
      tf.dispose([prev, t]);
    } else {
      into.set(name, t);
    }
  }
}

interface MicroResult {
  readonly grads: Map<string, tf.Tensor | null>;
  readonly terms: tf.Tensor;
  readonly centerMean: tf.Tensor | null;
}

function microStep<B, T extends tf.TensorContainer, K extends string>(
  state: TrainState,
  objective: Objective<B, T, K>,
  batch: B,
  teacherOut: T,
  names: readonly string[],
  share: number,
  ctx: LossContext,
): MicroResult {
  const vars = names.map((n) => state.student.get(n) as tf.Variable);
  let terms: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const losses = objective.loss(state.student, batch, teacherOut, ctx);
    terms = tf.keep(tf.stack(losses));
    // Differentiating total·share makes the accumulated gradient the micro-batch average directly.
    return tf.mul(losses[0] as tf.Scalar, share) as tf.Scalar;
  }, vars);
  const rows = objective.centerRows;
  const centerMean = rows ? tf.tidy(() => tf.mean(rows(teacherOut), 0)) : null;
  tf.dispose([value, teacherOut]);
  const byName = new Map(names.map((n, i) => [n, grads[vars[i]?.name ?? ''] ?? null]));
  return { grads: byName, terms: terms as tf.Tensor, centerMean };
}

/**
 * One step over one or more equal-sized micro-batches (gradient accumulation: the 32-bit wasm heap cannot hold
 * a full batch's tape). Gradients, loss terms and the centre's teacher mean are averaged over micro-batches;
 * BatchNorm statistics are per micro-batch (an approximation when micro-batches are smaller than the batch).
 */
export async function trainStep<B, T extends tf.TensorContainer, K extends string>(
  state: TrainState,
  objective: Objective<B, T, K>,
  microBatches: readonly B[],
  hyper: StepHyper,
  forward: VitForwardOptions = {},
): Promise<StepTerms<K>> {
  const trainable = state.studentSpecs.filter((s) => s.trainable);
  state.optimizer.reserve(new Map(trainable.map((s) => [s.name, state.student.get(s.name) as tf.Variable])));
  const names = trainable.filter((s) => !hyper.frozen?.has(s.name)).map((s) => s.name);
  const ctx: LossContext = { center: state.center, teacherTemp: hyper.teacherTemp, forward };
  const wanted = new Map(names.map((n) => [state.student.get(n) as tf.Tensor, n]));
  const step = new StepContext([...state.student.values(), ...state.teacher.values()], wanted);
  const { grads, terms, centerMeans } = await withStepContext(step, async () => {
    const grads = new Map<string, tf.Tensor>();
    const terms: tf.Tensor[] = [];
    const centerMeans: tf.Tensor[] = [];
    const teacherOuts = tf.tidy(() => objective.teacherForward(state.teacher, microBatches));
    for (const [i, batch] of microBatches.entries()) {
      const r = microStep(state, objective, batch, teacherOuts[i] as T, names, 1 / microBatches.length, ctx);
      accumulate(grads, r.grads);
      terms.push(r.terms);
      if (r.centerMean) centerMeans.push(r.centerMean);
    }
    // Layers that formed their own weight gradients over the micro-batches (the DINO head's last layer).
    accumulate(grads, step.finishGradients());
    return { grads, terms, centerMeans };
  });
  state.optimizer.step(state.student, grads, { lr: hyper.lr, weightDecay: hyper.weightDecay }, { teacher: state.teacher, momentum: hyper.momentum });
  const center = state.center;
  // Equal-sized micro-batches: the mean of their teacher means is the mean over every teacher row.
  if (center && centerMeans.length > 0) tf.tidy(() => center.assign(updatedCenter(center, tf.stack(centerMeans), hyper.centerMomentum ?? 0.9)));
  const meanTerms = tf.tidy(() => tf.mean(tf.stack(terms), 0));
  const values = await meanTerms.data();
  tf.dispose([...grads.values(), ...terms, ...centerMeans, meanTerms]);
  return Object.fromEntries(objective.terms.map((name, i) => [name, values[i] ?? NaN])) as StepTerms<K>;
}
