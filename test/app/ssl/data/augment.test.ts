import { describe, expect, it } from 'vitest';
import { ACE_AUGMENT, NO_AUGMENT, augmentView, brightnessContrast, gaussianBlur, sharpen } from '../../../../app/ssl/data/augment';
import { clahe } from '../../../../app/ssl/data/clahe';
import { coverSquare, randomResizedCrop, resampleWindow } from '../../../../app/ssl/data/resample';
import type { Plane } from '../../../../app/ssl/geometry/image';
import { createRng } from '../../../../app/ssl/rng';

const plane = (h: number, w: number, f: (y: number, x: number) => number): Plane => {
  const data = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(y, x);
  return { height: h, width: w, channels: 1, data };
};
const at = (p: Plane, y: number, x: number): number => p.data[y * p.width + x] ?? NaN;

describe('per-view augmentations (closed forms)', () => {
  it('brightness/contrast is v·α + 255β, clipped', () => {
    const out = brightnessContrast(plane(1, 3, (_, x) => [0, 100, 250][x]!), 1.2, 0.1);
    expect(Array.from(out.data)).toEqual([25.5, 145.5, 255]);
  });

  it('Gaussian blur uses OpenCV’s binomial kernels (σ = 0) with reflect-101 borders', () => {
    const delta = plane(9, 9, (y, x) => (y === 4 && x === 4 ? 160 : 0));
    const out = gaussianBlur(delta, 5);
    const g = [0.0625, 0.25, 0.375, 0.25, 0.0625];
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) expect(at(out, 4 + dy, 4 + dx)).toBeCloseTo(160 * g[dy + 2]! * g[dx + 2]!, 4);
    // Reflect-101 at the corner: the 3-tap kernel sees [b, a, b] for the first pixel of a ramp a, b, …
    const ramp = gaussianBlur(plane(1, 4, (_, x) => 10 * x), 3);
    expect(at(ramp, 0, 0)).toBeCloseTo(0.5 * 0 + 0.5 * 10, 5);
  });

  it('sharpen keeps a flat image at (1 − α + αλ) of its value', () => {
    const flat = plane(5, 5, () => 100);
    expect(at(sharpen(flat, 0.5, 1), 2, 2)).toBeCloseTo(100, 5);
    expect(at(sharpen(flat, 0.5, 0.5), 2, 2)).toBeCloseTo(75, 5);
  });

  it('blur and sharpen equal a direct k×k correlation with reflect-101 borders on a random plane', () => {
    const rng = createRng(5);
    const img = plane(11, 13, () => 255 * rng.float());
    const reflect = (i: number, n: number): number => (i < 0 ? -i : i >= n ? 2 * n - 2 - i : i);
    const direct = (kernel: (dy: number, dx: number) => number, r: number): number[] => {
      const out: number[] = [];
      for (let y = 0; y < img.height; y++) {
        for (let x = 0; x < img.width; x++) {
          let s = 0;
          for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) s += kernel(dy, dx) * at(img, reflect(y + dy, img.height), reflect(x + dx, img.width));
          out.push(Math.min(255, Math.max(0, s)));
        }
      }
      return out;
    };
    const g = [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125];
    const blurred = Array.from(gaussianBlur(img, 7).data);
    direct((dy, dx) => g[dy + 3]! * g[dx + 3]!, 3).forEach((v, i) => expect(blurred[i]).toBeCloseTo(v, 3));
    const [alpha, lightness] = [0.4, 0.7];
    const sharpened = Array.from(sharpen(img, alpha, lightness).data);
    direct((dy, dx) => (dy === 0 && dx === 0 ? 1 - alpha + alpha * (8 + lightness) : -alpha), 1).forEach((v, i) => expect(sharpened[i]).toBeCloseTo(v, 3));
  });

  it('CLAHE on a flat image: clip limit, even redistribution with a strided remainder, CDF LUT', () => {
    // 8×8 tiles of 28×28 = 784 px all at 100; limit ⌊2·784/256⌋ = 6, excess 778 = 3·256 + 10; the 10 extra counts
    // land on bins 0, 25, …, 225 (5 of them ≤ 100); cdf(100) = 101·3 + 6 + 5 = 314 → round(314·255/784) = 102.
    const out = clahe(new Uint8Array(224 * 224).fill(100), 224, 224, 2);
    expect(new Set(out)).toEqual(new Set([102]));
  });

  it('CLAHE with no effective clipping equalises: a horizontal ramp stays monotone and spans the range', () => {
    const ramp = Uint8Array.from({ length: 64 * 64 }, (_, i) => (i % 64) * 4);
    const out = clahe(ramp, 64, 64, 1000, 1);
    const row = Array.from(out.subarray(0, 64));
    expect(row.every((v, i) => i === 0 || v >= row[i - 1]!)).toBe(true);
    expect(row[0]).toBe(4);
    expect(row[63]).toBe(255);
    // A side that is not a multiple of the tile count is padded for the histograms only.
    expect(clahe(new Uint8Array(30 * 28).fill(100), 30, 28, 2).length).toBe(840);
  });

  it('is seeded: the same RNG state gives the same view, and no augmentation means the identity', () => {
    const img = plane(32, 32, (y, x) => (x * 7 + y * 3) % 256);
    const a = augmentView(img, createRng(5), ACE_AUGMENT);
    expect(Array.from(augmentView(img, createRng(5), ACE_AUGMENT).data)).toEqual(Array.from(a.data));
    expect(augmentView(img, createRng(5), NO_AUGMENT).data).toBe(img.data);
    // Over many draws each op fires at about its probability: all four at once ≈ 0.5·0.5·0.3·0.3 = 2.25 %.
    const rng = createRng(9);
    let changed = 0;
    for (let i = 0; i < 200; i++) if (augmentView(img, rng).data !== img.data) changed++;
    expect(changed / 200).toBeGreaterThan(1 - 0.5 * 0.5 * 0.7 * 0.7 - 0.08);
    expect(changed / 200).toBeLessThan(1 - 0.5 * 0.5 * 0.7 * 0.7 + 0.08);
  });
});

describe('resampling', () => {
  it('bilinear resampling reproduces a linear ramp exactly inside the image', () => {
    const ramp = plane(8, 8, (y, x) => 3 * x + 5 * y);
    const out = resampleWindow(ramp, { top: 1, left: 2, height: 4, width: 4 }, 8, 8);
    // Output pixel centre (x + 0.5)·0.5 − 0.5 + 2 in source columns.
    for (let y = 1; y < 7; y++) for (let x = 1; x < 7; x++) expect(at(out, y, x)).toBeCloseTo(3 * ((x + 0.5) * 0.5 - 0.5 + 2) + 5 * ((y + 0.5) * 0.5 - 0.5 + 1), 4);
  });

  it('cover-resizes to a centred square and random-resized-crops to the same size', () => {
    const wide = plane(4, 8, (_, x) => x);
    const sq = coverSquare(wide, 4);
    expect([sq.height, sq.width]).toEqual([4, 4]);
    expect(Array.from(sq.data.subarray(0, 4))).toEqual([2, 3, 4, 5]);
    const j = randomResizedCrop(plane(32, 32, (y, x) => x + y), createRng(1));
    expect([j.height, j.width]).toEqual([32, 32]);
  });
});
