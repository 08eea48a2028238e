/**
 * Exponential moving average as TensorBoard draws it: s_t = w·s_{t−1} + (1 − w)·x_t, divided by (1 − w^t) so the
 * first points are not pulled towards zero. `weight` 0 is the raw curve; 0.99 is very smooth. Non-finite values are
 * skipped (the previous smoothed value is repeated).
 */
export interface EmaState {
  /** The biased running average. */
  readonly acc: number;
  /** 1 − w^t: how much of the average is real data (0 before the first point). */
  readonly norm: number;
}

export const EMA_START: EmaState = { acc: 0, norm: 0 };

/** Smooths values[from..to) into out[from..to), continuing from `state`; returns the state after `to`. */
export function emaInto(values: ArrayLike<number>, weight: number, out: Float64Array, from: number, to: number, state: EmaState): EmaState {
  const w = Math.min(Math.max(weight, 0), 0.999);
  let { acc, norm } = state;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) {
      acc = w * acc + (1 - w) * x;
      norm = w * norm + (1 - w);
    }
    out[i] = norm > 0 ? acc / norm : NaN;
  }
  return { acc, norm };
}

export function ema(values: ArrayLike<number>, weight: number): Float64Array {
  const out = new Float64Array(values.length);
  emaInto(values, weight, out, 0, values.length, EMA_START);
  return out;
}

/**
 * A smoothed copy of a growing series that only computes what is new: appending n points costs O(n), and only a
 * change of weight or a shrunk source (a rollback) recomputes everything.
 */
export class IncrementalEma {
  private out = new Float64Array(0);
  private done = 0;
  private state: EmaState = EMA_START;
  private weight = NaN;

  /** The smoothed values of `values` (a view valid until the next call). */
  update(values: ArrayLike<number>, weight: number): Float64Array {
    const n = values.length;
    if (weight !== this.weight || n < this.done) {
      this.weight = weight;
      this.done = 0;
      this.state = EMA_START;
    }
    if (this.out.length < n) {
      const grown = new Float64Array(Math.max(n, this.out.length * 2, 64));
      grown.set(this.out.subarray(0, this.done));
      this.out = grown;
    }
    this.state = emaInto(values, weight, this.out, this.done, n, this.state);
    this.done = n;
    return this.out.subarray(0, n);
  }
}
