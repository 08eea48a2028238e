import { describe, expect, it } from 'vitest';
import { permutation, quadrants, randomSquare, randomWindow, zeroFill } from '../../../../app/analysis/report/crops';
import { createRng } from '../../../../app/ssl/rng';

describe('report crops', () => {
  it('draws windows covering the asked area fraction, inside the image, reproducibly', () => {
    const rng = createRng(3);
    for (let k = 0; k < 200; k++) {
      const w = randomWindow(rng, 100, 80, [0.3, 0.6]);
      expect(w.top).toBeGreaterThanOrEqual(0);
      expect(w.left).toBeGreaterThanOrEqual(0);
      expect(w.top + w.height).toBeLessThanOrEqual(100);
      expect(w.left + w.width).toBeLessThanOrEqual(80);
      const area = (w.height * w.width) / 8000;
      // Rounding to whole pixels moves the area by at most about one row and one column.
      expect(area).toBeGreaterThan(0.3 - 0.03);
      expect(area).toBeLessThan(0.6 + 0.03);
    }
    expect(randomWindow(createRng(1), 64, 64, [0.3, 0.6])).toEqual(randomWindow(createRng(1), 64, 64, [0.3, 0.6]));
    expect(() => randomWindow(rng, 10, 10, [0.6, 0.3])).toThrow(/area fraction/);
  });

  it('squares have an even side within the fraction of the shorter side, and split into four exact quarters', () => {
    const rng = createRng(5);
    for (let k = 0; k < 100; k++) {
      const s = randomSquare(rng, 60, 90, [0.25, 0.5]);
      expect(s.height).toBe(s.width);
      expect(s.height % 2).toBe(0);
      expect(s.height).toBeGreaterThanOrEqual(14);
      expect(s.height).toBeLessThanOrEqual(30);
    }
    expect(quadrants({ top: 10, left: 20, height: 8, width: 6 })).toEqual([
      { top: 10, left: 20, height: 4, width: 3 },
      { top: 10, left: 23, height: 4, width: 3 },
      { top: 14, left: 20, height: 4, width: 3 },
      { top: 14, left: 23, height: 4, width: 3 },
    ]);
  });

  it('zero-fills exactly the window and leaves the source alone', () => {
    const img = { height: 3, width: 4, channels: 1, data: new Float32Array(12).fill(7) };
    const out = zeroFill(img, { top: 1, left: 1, height: 2, width: 2 });
    expect([...out.data]).toEqual([7, 7, 7, 7, 7, 0, 0, 7, 7, 0, 0, 7]);
    expect(img.data.every((v) => v === 7)).toBe(true);
  });

  it('permutes every index once, fixed by the seed', () => {
    const p = permutation(createRng(9), 50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(permutation(createRng(9), 50)).toEqual(p);
    expect(permutation(createRng(10), 50)).not.toEqual(p);
  });
});
