import * as tf from '@tensorflow/tfjs';

/**
 * What stays constant during one training step: the parameters. Two things follow, both worth a large share
 * of an ACE step on wasm (the 256→65536 DINO layer and micro-batching make them recur per micro-batch):
 *  - tensors derived from a parameter (a weight's transpose for the backward matmul, a weight-normalised
 *    matrix) are computed once per step and shared by every forward and backward that needs them;
 *  - a layer may collect what its weight gradient needs over every micro-batch and form that gradient once
 *    at the end (a rank-R update of a 16.8 M-entry matrix instead of a full matrix per micro-batch).
 * Outside a step (evaluation, feature extraction, unit tests) there is no context and layers work alone.
 */
export interface GradientAccumulator {
  /** Gradients by parameter name, summed over the step; called once, after the last micro-batch. */
  finish(): Map<string, tf.Tensor>;
  dispose(): void;
}

/**
 * Row blocks of a layer's operands (its inputs, outputs, output gradients) kept over a step's micro-batches,
 * concatenated when the layer forms its weight gradient at the end: one product over all rows.
 */
export class KeptRows {
  private readonly parts: tf.Tensor2D[][];

  constructor(operands: number) {
    this.parts = Array.from({ length: operands }, () => []);
  }

  add(...rows: tf.Tensor2D[]): void {
    rows.forEach((r, i) => this.parts[i]?.push(tf.keep(r.clone())));
  }

  /** Each operand's rows so far as one matrix (call inside a tidy). */
  concat(): tf.Tensor2D[] {
    return this.parts.map((p) => tf.concat(p, 0));
  }

  dispose(): void {
    tf.dispose(this.parts.flat());
  }
}

export class StepContext {
  private readonly paramBuffers: Set<object>;
  private readonly derivedByBuffer = new Map<object, Map<string, tf.Tensor>>();
  private readonly accumulators = new Map<string, GradientAccumulator>();

  /**
   * @param params every parameter tensor of the step (student and teacher)
   * @param wanted the parameters whose gradient this step computes, by object (teacher and student copies
   *   may share a buffer, never an object) → name
   */
  constructor(
    params: Iterable<tf.Tensor>,
    private readonly wanted: ReadonlyMap<tf.Tensor, string>,
  ) {
    this.paramBuffers = new Set([...params].map((p) => p.dataId));
  }

  /**
   * make(), memoised for the step when `source` holds a parameter's buffer (any tensor sharing it, such as the
   * tape's saved copies); computed afresh otherwise, so activations are never memoised.
   */
  derived(source: tf.Tensor, kind: string, make: () => tf.Tensor): tf.Tensor {
    if (!this.paramBuffers.has(source.dataId)) return make();
    let byKind = this.derivedByBuffer.get(source.dataId);
    if (!byKind) {
      byKind = new Map();
      this.derivedByBuffer.set(source.dataId, byKind);
    }
    let t = byKind.get(kind);
    if (!t) {
      t = tf.keep(make());
      byKind.set(kind, t);
    }
    return t;
  }

  /** True when t holds a parameter's buffer (constant for the step). */
  isParameter(t: tf.Tensor): boolean {
    return this.paramBuffers.has(t.dataId);
  }

  /** The parameter's name when this step computes its gradient, else null. */
  wantedName(param: tf.Tensor): string | null {
    return this.wanted.get(param) ?? null;
  }

  accumulator<A extends GradientAccumulator>(key: string, create: () => A): A {
    let a = this.accumulators.get(key);
    if (!a) {
      a = create();
      this.accumulators.set(key, a);
    }
    return a as A;
  }

  /** Every accumulator's gradients (call after the last micro-batch). */
  finishGradients(): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>();
    for (const a of this.accumulators.values()) for (const [name, g] of a.finish()) out.set(name, g);
    return out;
  }

  dispose(): void {
    for (const byKind of this.derivedByBuffer.values()) tf.dispose([...byKind.values()]);
    for (const a of this.accumulators.values()) a.dispose();
    this.derivedByBuffer.clear();
    this.accumulators.clear();
  }
}

let current: StepContext | null = null;

/** The running step's context, or null outside a training step. */
export const stepContext = (): StepContext | null => current;

/** Runs fn with ctx as the current step context; one step at a time per process. */
export async function withStepContext<T>(ctx: StepContext, fn: () => Promise<T>): Promise<T> {
  if (current) throw new Error('a training step is already running in this process');
  current = ctx;
  try {
    return await fn();
  } finally {
    current = null;
    ctx.dispose();
  }
}

/** A transposed copy of x, shared for the step when x is a parameter (the backward matmul's Wᵀ). */
export const transposed = (x: tf.Tensor2D): tf.Tensor2D => (current ? current.derived(x, 'transpose', () => tf.transpose(x)) : tf.transpose(x)) as tf.Tensor2D;
