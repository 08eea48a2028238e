import type { MetricSeries } from '../../../../app/api/schemas/runs';

/**
 * One metric of one run as columns that grow in place (capacity doubles), so appending a poll's few points never
 * copies the thousands already there. Views handed to the charts are subarrays of the buffers.
 */
export class SeriesBuffer {
  private stepBuf = new Float64Array(64);
  private valueBuf = new Float64Array(64);
  private wallBuf = new Float64Array(64);
  private n = 0;

  constructor(readonly name: string) {}

  get length(): number {
    return this.n;
  }

  get lastStep(): number {
    return this.n > 0 ? this.stepBuf[this.n - 1]! : 0;
  }

  get lastValue(): number | undefined {
    return this.n > 0 ? this.valueBuf[this.n - 1] : undefined;
  }

  get steps(): Float64Array {
    return this.stepBuf.subarray(0, this.n);
  }

  get values(): Float64Array {
    return this.valueBuf.subarray(0, this.n);
  }

  /** Seconds since the Unix epoch, as the trainer stamped each step. */
  get wallTimes(): Float64Array {
    return this.wallBuf.subarray(0, this.n);
  }

  /**
   * Adds points sorted by step. Points at or before steps already held replace them and everything after (a resumed
   * run re-trains the steps after its checkpoint), so the series stays one trajectory with strictly increasing steps.
   */
  append(steps: ArrayLike<number>, values: ArrayLike<number>, wallTimes: ArrayLike<number>): void {
    const count = steps.length;
    if (count === 0) return;
    if (steps[0]! <= this.lastStep) this.truncateAfter(steps[0]! - 1);
    this.reserve(this.n + count);
    for (let i = 0; i < count; i++) {
      const step = steps[i]!;
      if (this.n > 0 && step <= this.stepBuf[this.n - 1]!) continue;
      this.stepBuf[this.n] = step;
      this.valueBuf[this.n] = values[i]!;
      this.wallBuf[this.n] = wallTimes[i] ?? NaN;
      this.n += 1;
    }
  }

  /** Drops every point after `step`. */
  truncateAfter(step: number): void {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.stepBuf[mid]! <= step) lo = mid + 1;
      else hi = mid;
    }
    this.n = lo;
  }

  /** The index of the point at `step`, or −1. */
  indexOf(step: number): number {
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.stepBuf[mid]!;
      if (s === step) return mid;
      if (s < step) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private reserve(size: number): void {
    if (size <= this.stepBuf.length) return;
    const capacity = Math.max(size, this.stepBuf.length * 2);
    const grow = (buf: Float64Array) => {
      const next = new Float64Array(capacity);
      next.set(buf.subarray(0, this.n));
      return next;
    };
    this.stepBuf = grow(this.stepBuf);
    this.valueBuf = grow(this.valueBuf);
    this.wallBuf = grow(this.wallBuf);
  }
}

/** Every metric of one run, fed by `runs.metrics` polls that ask for what came after `lastStep`. */
export class MetricStore {
  private readonly byName = new Map<string, SeriesBuffer>();

  /** The last step held by any series: the next poll's sinceStep (a step's metrics are written together). */
  get lastStep(): number {
    let last = 0;
    for (const s of this.byName.values()) last = Math.max(last, s.lastStep);
    return last;
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): SeriesBuffer | undefined {
    return this.byName.get(name);
  }

  /** Appends a poll's series; returns whether anything changed. */
  merge(series: readonly MetricSeries[]): boolean {
    let changed = false;
    for (const s of series) {
      if (s.steps.length === 0) continue;
      let buf = this.byName.get(s.name);
      if (!buf) this.byName.set(s.name, (buf = new SeriesBuffer(s.name)));
      buf.append(s.steps, s.values, s.wallTimes);
      changed = true;
    }
    return changed;
  }

  /** After a resume rolled metrics back to a checkpoint: forget what came after it. */
  truncateAfter(step: number): boolean {
    if (this.lastStep <= step) return false;
    for (const s of this.byName.values()) s.truncateAfter(step);
    return true;
  }

  clear(): void {
    this.byName.clear();
  }
}

/** Series of different runs on one x axis (the union of their steps), with null where a run has no point. */
export function alignOnSteps(series: readonly { steps: ArrayLike<number>; values: ArrayLike<number> }[]): { x: number[]; ys: (number | null)[][] } {
  const all = new Set<number>();
  for (const s of series) for (let i = 0; i < s.steps.length; i++) all.add(s.steps[i]!);
  const x = [...all].sort((a, b) => a - b);
  const ys = series.map((s) => {
    const y: (number | null)[] = new Array<number | null>(x.length).fill(null);
    let j = 0;
    for (let i = 0; i < s.steps.length; i++) {
      const step = s.steps[i]!;
      while (x[j]! < step) j++;
      const v = s.values[i]!;
      y[j] = Number.isFinite(v) ? v : null;
    }
    return y;
  });
  return { x, ys };
}
