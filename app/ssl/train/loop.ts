import * as tf from '@tensorflow/tfjs';
import type { Plane } from '../geometry/image';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/checkpoint';
import type { ImageSource } from '../data/source';
import { type Rng, type RngState, createRng, deriveSeed } from '../rng';
import { type TrainConfig, type TrainConfigInput, parseTrainConfig } from './config';
import { type Method, type PreparedStep, createMethod } from './methods';
import { schedules } from './schedules';
import { type StepHyper, type TrainState, createTrainState, disposeTrainState } from './step';
import { StepPreparer, dataSeed } from './step-preparer';

/**
 * The training loop, top to bottom: build the method and its state (or resume it from a checkpoint), then per
 * step: pick the step's images from the epoch's seeded permutation, read them, let the method crop and augment
 * them (on a worker, a step ahead) and step, report metrics, checkpoint. Cancellation is checked between steps.
 * Everything random comes from the seed: the epoch permutations from (seed, epoch), a step's crops and
 * augmentations from (seed, step), the rest (drop path) from one stream whose state the checkpoint keeps.
 */
export interface StepMetrics {
  readonly step: number;
  readonly epoch: number;
  readonly terms: Readonly<Record<string, number>>;
  readonly lr: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly teacherTemp: number;
  /** Source images (one image = one pair of views) per second of this step, reading included. */
  readonly imagesPerSec: number;
  readonly msPerStep: number;
  readonly numTensors: number;
  readonly rssMB: number;
}

export interface TrainOptions {
  readonly source: ImageSource;
  readonly signal?: AbortSignal;
  readonly onStep?: (m: StepMetrics) => void;
  /** Checkpoint folder: resumed from when it holds one, written every checkpointEvery steps, on abort and at the end. */
  readonly checkpointDir?: string;
  /** After each checkpoint is on disk (the app records it with its hash). */
  readonly onCheckpoint?: (step: number, file: string) => void;
}

export interface TrainResult {
  readonly config: TrainConfig;
  /** Completed steps (including those before a resume). */
  readonly step: number;
  readonly aborted: boolean;
  /** The caller owns the state (e.g. to export the teacher); release it with disposeTrainState. */
  readonly state: TrainState;
}

/** Progress as the checkpoint stores it: the schedules are indexed by `step`, the data order by epoch. */
export interface TrainProgress {
  readonly step: number;
  readonly rng: RngState;
}

export function epochOrder(seed: number, epoch: number, size: number): number[] {
  const rng = createRng(deriveSeed(seed, `data-order:${epoch}`));
  const order = Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}

/** The step's source indices, grouped per micro-batch. */
function stepIndices(c: TrainConfig, size: number, stepsPerEpoch: number, step: number): number[][] {
  const order = epochOrder(c.seed, Math.floor(step / stepsPerEpoch), size);
  const first = (step % stepsPerEpoch) * c.batch;
  const all = Array.from({ length: c.batch }, (_, k) => order[(first + k) % size] ?? 0);
  return Array.from({ length: c.batch / c.microBatch }, (_, m) => all.slice(m * c.microBatch, (m + 1) * c.microBatch));
}

/** Config fields that may change across a resume without changing the trajectory. */
const comparable = (c: TrainConfig): string => JSON.stringify({ ...c, maxSteps: undefined, checkpointEvery: undefined });

function restore(c: TrainConfig, state: TrainState, dir: string | undefined): { step: number; rng: Rng } {
  const manifest = dir ? loadCheckpoint<TrainProgress>(dir, state) : null;
  if (!manifest) return { step: 0, rng: createRng(deriveSeed(c.seed, 'train')) };
  if (comparable(manifest.run as TrainConfig) !== comparable(c)) throw new Error(`checkpoint in ${dir} was written by a different configuration; use a new folder`);
  return { step: manifest.progress.step, rng: createRng(manifest.progress.rng) };
}

const rssMB = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);

export async function train(input: TrainConfigInput, options: TrainOptions): Promise<TrainResult> {
  const c = parseTrainConfig(input);
  const method: Method = createMethod(c);
  const stepsPerEpoch = c.stepsPerEpoch ?? Math.floor(options.source.size / c.batch);
  if (stepsPerEpoch < 1) throw new Error(`${options.source.size} images do not fill one batch of ${c.batch}`);
  const sched = schedules(c, stepsPerEpoch);
  const total = Math.min(sched.lr.length, c.maxSteps ?? Infinity);
  const state = createTrainState(method.shape, createRng(deriveSeed(c.seed, 'init')), { beta1: 0.9, beta2: 0.999, eps: 1e-8, clip: c.clipGrad > 0 ? c.clipGrad : undefined });
  let step: number;
  let rng: Rng;
  try {
    ({ step, rng } = restore(c, state, options.checkpointDir));
  } catch (err) {
    disposeTrainState(state);
    throw err;
  }
  const save = (): void => {
    if (!options.checkpointDir) return;
    const file = saveCheckpoint<TrainProgress>(options.checkpointDir, state, { step, rng: rng.state() }, c);
    options.onCheckpoint?.(step, file);
  };
  let aborted = false;
  // Started with the first step to prepare: a resumed run with no steps left starts no batch worker.
  let preparer = null as StepPreparer | null;
  const read = (s: number): Promise<Plane[][]> =>
    Promise.all(stepIndices(c, options.source.size, stepsPerEpoch, s).map((g) => Promise.all(g.map((i) => options.source.read(i, method.imageSide)))));
  const prepareStep = (s: number): Promise<PreparedStep> => {
    const worker = (preparer ??= new StepPreparer(c));
    const prepared = read(s).then((groups) => worker.prepare(groups, dataSeed(c.seed, s)));
    // Awaited in its turn; until then a failure must not count as unhandled.
    prepared.catch(() => undefined);
    return prepared;
  };
  // Two steps in flight: while step k computes, the images of step k + 2 decode (sharp's threads) and the
  // batch of step k + 1, whose images arrived before step k began, is made on the worker.
  const ahead = [step, step + 1].filter((s) => s < total).map(prepareStep);
  try {
    while (step < total) {
      if (options.signal?.aborted) {
        aborted = true;
        break;
      }
      const t0 = performance.now();
      const epoch = Math.floor(step / stepsPerEpoch);
      const prepared = await (ahead.shift() as Promise<PreparedStep>);
      if (step + 2 < total) ahead.push(prepareStep(step + 2));
      const hyper: StepHyper = {
        lr: sched.lr[step] ?? 0,
        weightDecay: sched.weightDecay[step] ?? 0,
        momentum: sched.momentum[step] ?? 1,
        teacherTemp: sched.teacherTemp[step] ?? c.teacherTemp,
        frozen: new Set(epoch < c.freezeLastLayerEpochs ? method.lastLayer : []),
        centerMomentum: c.centerMomentum,
      };
      const terms = await method.step(state, prepared, hyper, { rng: c.dropPath > 0 ? rng : undefined, checkpoint: c.gradientCheckpointing });
      if (!Number.isFinite(terms.total)) {
        disposeTrainState(state);
        throw new Error(`loss is ${terms.total} at step ${step}: training diverged`);
      }
      step += 1;
      const ms = performance.now() - t0;
      const { lr, weightDecay, momentum, teacherTemp } = hyper;
      options.onStep?.({ step, epoch, terms, lr, weightDecay, momentum, teacherTemp, imagesPerSec: (1000 * c.batch) / ms, msPerStep: ms, numTensors: tf.memory().numTensors, rssMB: rssMB() });
      if (c.checkpointEvery > 0 && step % c.checkpointEvery === 0) save();
    }
  } finally {
    await preparer?.close();
  }
  // A resumable point on abort and at the end (unless the last step just wrote one).
  if (c.checkpointEvery === 0 || step % c.checkpointEvery !== 0) save();
  return { config: c, step, aborted, state };
}
