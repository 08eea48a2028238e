import { describe, expect, it } from 'vitest';
import { cosine, meanRows, meanVector, subtract } from '../../../../app/analysis/report/vectors';
import { gaussianKde, meanStd } from '../../../../app/analysis/report/kde';

describe('vectors', () => {
  it('averages rows', () => {
    expect([...meanRows(new Float32Array([1, 2, 3, 6]), 2)]).toEqual([2, 4]);
    expect(() => meanRows(new Float32Array(5), 2)).toThrow(/whole number of 2-d rows/);
  });

  it('cosine, difference and mean', () => {
    expect(cosine(new Float32Array([1, 0]), new Float32Array([1, 1]))).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosine(new Float32Array([0, 0]), new Float32Array([1, 1]))).toBe(0);
    expect(() => cosine(new Float32Array(2), new Float32Array(3))).toThrow(/different lengths/);
    expect([...subtract(new Float32Array([3, 1]), new Float32Array([1, 1]))]).toEqual([2, 0]);
    expect([...meanVector([new Float32Array([1, 2]), new Float32Array([3, 6])])]).toEqual([2, 4]);
  });
});

describe('Gaussian KDE', () => {
  it('uses Scott’s bandwidth σ·n^(−1/5) like scipy and integrates to 1', () => {
    const values = [0, 1];
    expect(meanStd(values)).toEqual({ mean: 0.5, std: Math.SQRT1_2 });
    const h = Math.SQRT1_2 * 2 ** -0.2;
    const grid = { lo: -10, hi: 10, points: 2001 };
    const { kde } = gaussianKde(values, grid);
    const at = (x: number) => (Math.exp(-0.5 * (x / h) ** 2) + Math.exp(-0.5 * ((x - 1) / h) ** 2)) / (2 * h * Math.sqrt(2 * Math.PI));
    const i = kde.x.findIndex((x) => Math.abs(x - 0.5) < 1e-9);
    expect(kde.y[i]).toBeCloseTo(at(0.5), 10);
    const integral = kde.y.reduce((s, y) => s + y, 0) * (20 / 2000);
    expect(integral).toBeCloseTo(1, 4);
  });

  it('gives a sample without spread one grid step of bandwidth: a spike at the value', () => {
    const d = gaussianKde([1, 1, 1]);
    expect(d.mean).toBe(1);
    expect(d.std).toBe(0);
    expect(d.kde.x).toHaveLength(401);
    expect(d.kde.x[400]).toBe(1);
    const peak = Math.max(...d.kde.y);
    expect(d.kde.y[400]).toBe(peak);
    expect(peak).toBeCloseTo(1 / (0.005 * Math.sqrt(2 * Math.PI)), 6);
  });
});
