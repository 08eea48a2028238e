import { describe, expect, it } from 'vitest';
import {
  boxStats,
  evaluatePredictions,
  quantile,
  randomPredictions,
  summariseErrors,
  unchangedPredictions,
  type Prediction,
  type TransferCase,
  type Truth,
} from '../../../../app/analysis/correspondence/evaluate';

const pred = (key: string, landmark: string, x: number, y: number): Prediction => ({ query: 'q', key, landmark, x, y, score: 1 });

describe('quantile and box statistics', () => {
  it('interpolate between order statistics like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    expect(quantile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it('puts values beyond 1.5 IQR outside the whiskers', () => {
    // q1 = 2.25, q3 = 4.75 (numpy), IQR 2.5, fences −1.5 and 8.5: 100 is an outlier, the high whisker ends at 5.
    const b = boxStats([100, 1, 2, 3, 4, 5]);
    expect(b).toMatchObject({ min: 1, max: 100, median: 3.5, whiskerLow: 1, whiskerHigh: 5, outliers: [100] });
    expect(b.q1).toBeCloseTo(2.25);
    expect(b.q3).toBeCloseTo(4.75);
  });
});

describe('evaluatePredictions', () => {
  it('measures errors in key pixels with mean, median, PCK and the worst cases first', () => {
    const truth: Truth = new Map<string, Record<string, { x: number; y: number }>>([
      ['k1', { a: { x: 0, y: 0 }, b: { x: 10, y: 10 } }],
      ['k2', { a: { x: 100, y: 100 } }],
    ]);
    const ev = evaluatePredictions(
      [pred('k1', 'a', 3, 4), pred('k1', 'b', 10, 70), pred('k2', 'a', 100, 200), pred('k2', 'b', 0, 0)],
      truth,
    );
    expect(ev.unannotated).toBe(1);
    expect(ev.overall.n).toBe(3);
    expect(ev.overall.mean).toBeCloseTo((5 + 60 + 100) / 3);
    expect(ev.overall.median).toBe(60);
    expect(ev.overall.pck).toEqual({ 25: 1 / 3, 50: 1 / 3, 100: 1 });
    expect(ev.perLandmark.a!.n).toBe(2);
    expect(ev.perLandmark.a!.mean).toBeCloseTo(52.5);
    expect(ev.worst.map((w) => w.error)).toEqual([100, 60, 5]);
    expect(ev.worst[0]).toMatchObject({ key: 'k2', landmark: 'a', predicted: { x: 100, y: 200 }, truth: { x: 100, y: 100 } });
  });

  it('refuses an evaluation without any ground truth', () => {
    expect(() => evaluatePredictions([pred('k', 'a', 0, 0)], new Map())).toThrow(/no prediction/);
    expect(() => summariseErrors([])).toThrow();
  });
});

describe('trivial references', () => {
  const cases: TransferCase[] = [
    { query: 'q', key: 'k', queryWidth: 100, queryHeight: 50, keyWidth: 200, keyHeight: 100, points: { a: { x: 49.5, y: 24.5 }, b: { x: -0.5, y: 49.5 } } },
  ];

  it('"unchanged" scales the query position to the key frame (normalised coordinates)', () => {
    const p = unchangedPredictions(cases);
    expect(p[0]).toMatchObject({ landmark: 'a', x: 99.5, y: 49.5 });
    expect(p[1]).toMatchObject({ landmark: 'b', x: -0.5, y: 99.5 });
  });

  it('"random" is uniform over the key image and reproducible by seed', () => {
    const many: TransferCase[] = Array.from({ length: 500 }, () => cases[0]!);
    const p = randomPredictions(many, 3);
    expect(randomPredictions(many, 3)).toEqual(p);
    for (const q of p) {
      expect(q.x).toBeGreaterThanOrEqual(-0.5);
      expect(q.x).toBeLessThan(199.5);
      expect(q.y).toBeLessThan(99.5);
    }
    const meanX = p.reduce((a, q) => a + q.x, 0) / p.length;
    expect(meanX).toBeGreaterThan(90);
    expect(meanX).toBeLessThan(109);
  });
});
