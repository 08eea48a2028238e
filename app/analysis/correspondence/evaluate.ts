import { denormalise, normalise } from '../../annotations/geometry';
import { createRng } from '../../phantom/prng';

/**
 * Landmark-transfer evaluation: predicted positions on key images against the key's own annotations, errors in
 * pixels of the key's original frame (the ACE paper's protocol reports the mean error on 1024² images, spec §6.1).
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** One predicted landmark on one key image (key px). */
export interface Prediction {
  readonly query: string;
  readonly key: string;
  readonly landmark: string;
  readonly x: number;
  readonly y: number;
  readonly score: number;
}

export interface CaseError {
  readonly query: string;
  readonly key: string;
  readonly landmark: string;
  readonly error: number;
  /** Key px. */
  readonly predicted: Point;
  readonly truth: Point;
}

/** Box-plot statistics, Tukey style as matplotlib draws them: whiskers at the extreme values within 1.5·IQR of the box. */
export interface BoxStats {
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
  readonly whiskerLow: number;
  readonly whiskerHigh: number;
  readonly outliers: readonly number[];
}

export const PCK_THRESHOLDS = [25, 50, 100] as const;

export interface ErrorSummary {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  /** Fraction of cases with error ≤ threshold px, keyed by threshold. */
  readonly pck: Readonly<Record<number, number>>;
  readonly box: BoxStats;
}

export interface Evaluation {
  readonly overall: ErrorSummary;
  readonly perLandmark: Readonly<Record<string, ErrorSummary>>;
  /** Every evaluated case, largest error first. */
  readonly worst: readonly CaseError[];
  /** Predictions whose landmark the key image has no annotation for (not counted). */
  readonly unannotated: number;
}

/** Linear interpolation between order statistics (numpy's default): q in [0, 1] of ascending `sorted`. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function boxStats(values: readonly number[]): BoxStats {
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const lowFence = q1 - 1.5 * (q3 - q1);
  const highFence = q3 + 1.5 * (q3 - q1);
  const inside = sorted.filter((v) => v >= lowFence && v <= highFence);
  return {
    min: sorted[0]!,
    q1,
    median: quantile(sorted, 0.5),
    q3,
    max: sorted[sorted.length - 1]!,
    whiskerLow: inside[0]!,
    whiskerHigh: inside[inside.length - 1]!,
    outliers: sorted.filter((v) => v < lowFence || v > highFence),
  };
}

export function summariseErrors(errors: readonly number[]): ErrorSummary {
  if (errors.length === 0) throw new RangeError('no errors to summarise');
  const pck: Record<number, number> = {};
  for (const t of PCK_THRESHOLDS) pck[t] = errors.filter((e) => e <= t).length / errors.length;
  const box = boxStats(errors);
  return { n: errors.length, mean: errors.reduce((a, e) => a + e, 0) / errors.length, median: box.median, pck, box };
}

/** Ground truth: image key → landmark → position (original px). */
export type Truth = ReadonlyMap<string, Readonly<Record<string, Point>>>;

export function evaluatePredictions(predictions: readonly Prediction[], truth: Truth): Evaluation {
  const cases: CaseError[] = [];
  let unannotated = 0;
  for (const p of predictions) {
    const t = truth.get(p.key)?.[p.landmark];
    if (!t) {
      unannotated++;
      continue;
    }
    cases.push({ query: p.query, key: p.key, landmark: p.landmark, error: Math.hypot(p.x - t.x, p.y - t.y), predicted: { x: p.x, y: p.y }, truth: { x: t.x, y: t.y } });
  }
  if (cases.length === 0) throw new RangeError('no prediction has a ground-truth landmark on its key image');
  const byLandmark = new Map<string, number[]>();
  for (const c of cases) {
    const list = byLandmark.get(c.landmark);
    if (list) list.push(c.error);
    else byLandmark.set(c.landmark, [c.error]);
  }
  return {
    overall: summariseErrors(cases.map((c) => c.error)),
    perLandmark: Object.fromEntries([...byLandmark].map(([name, errors]) => [name, summariseErrors(errors)])),
    worst: [...cases].sort((a, b) => b.error - a.error),
    unannotated,
  };
}

/** A transfer task: the query's landmarks, to be found on the key. Sizes are the original frames. */
export interface TransferCase {
  readonly query: string;
  readonly key: string;
  readonly queryWidth: number;
  readonly queryHeight: number;
  readonly keyWidth: number;
  readonly keyHeight: number;
  readonly points: Readonly<Record<string, Point>>;
}

/** Reference 1: the landmark stays where it was on the query, scaled to the key's frame (no model at all). */
export function unchangedPredictions(cases: readonly TransferCase[]): Prediction[] {
  return cases.flatMap((c) =>
    Object.entries(c.points).map(([landmark, p]) => {
      const { u, v } = normalise(p.x, p.y, c.queryWidth, c.queryHeight);
      return { query: c.query, key: c.key, landmark, ...denormalise(u, v, c.keyWidth, c.keyHeight), score: 0 };
    }),
  );
}

/** Reference 2: a uniformly random position on the key (seeded, so reports are reproducible). */
export function randomPredictions(cases: readonly TransferCase[], seed = 0): Prediction[] {
  const rng = createRng(seed);
  return cases.flatMap((c) =>
    Object.keys(c.points).map((landmark) => ({
      query: c.query,
      key: c.key,
      landmark,
      ...denormalise(rng.next(), rng.next(), c.keyWidth, c.keyHeight),
      score: 0,
    })),
  );
}
