import { describe, expect, it } from 'vitest';
import { ema, EMA_START, emaInto, IncrementalEma } from '../../../renderer/src/runs/model/ema';

describe('EMA smoothing', () => {
  it('is the identity at weight 0', () => {
    expect(Array.from(ema([3, 1, 4, 1, 5], 0))).toEqual([3, 1, 4, 1, 5]);
  });

  it('is debiased: a constant series stays constant from the first point', () => {
    for (const w of [0.5, 0.9, 0.99]) for (const v of ema([2, 2, 2, 2], w)) expect(v).toBeCloseTo(2, 12);
  });

  it('matches the recurrence s_t = (w·acc + (1−w)·x) / (1 − w^t)', () => {
    const w = 0.6;
    const xs = [1, 3, 2, 5];
    let acc = 0;
    const expected = xs.map((x, t) => {
      acc = w * acc + (1 - w) * x;
      return acc / (1 - w ** (t + 1));
    });
    const got = ema(xs, w);
    expected.forEach((e, i) => expect(got[i]).toBeCloseTo(e, 12));
  });

  it('skips non-finite values, repeating the previous smoothed value', () => {
    const got = Array.from(ema([1, NaN, 1, Infinity], 0.5));
    expect(got[0]).toBe(1);
    expect(got[1]).toBe(1);
    expect(got[2]).toBeCloseTo(1, 12);
    expect(got[3]).toBeCloseTo(1, 12);
    expect(Number.isNaN(ema([NaN], 0.5)[0])).toBe(true);
  });

  it('continues from a state: two halves equal one pass', () => {
    const xs = Array.from({ length: 50 }, (_, i) => Math.sin(i) + i / 10);
    const out = new Float64Array(xs.length);
    const mid = emaInto(xs, 0.8, out, 0, 20, EMA_START);
    emaInto(xs, 0.8, out, 20, 50, mid);
    expect(Array.from(out)).toEqual(Array.from(ema(xs, 0.8)));
  });

  it('incrementally smooths a growing series and recomputes on a new weight or a shrunk source', () => {
    const inc = new IncrementalEma();
    const xs: number[] = [];
    for (let i = 0; i < 300; i++) {
      xs.push(Math.cos(i / 7) * 3 + (i % 5));
      if (i % 37 === 0) expect(Array.from(inc.update(xs, 0.9))).toEqual(Array.from(ema(xs, 0.9)));
    }
    expect(Array.from(inc.update(xs, 0.9))).toEqual(Array.from(ema(xs, 0.9)));
    expect(Array.from(inc.update(xs, 0.3))).toEqual(Array.from(ema(xs, 0.3)));
    const shorter = xs.slice(0, 100).map((x) => x + 1);
    expect(Array.from(inc.update(shorter, 0.3))).toEqual(Array.from(ema(shorter, 0.3)));
  });
});
