import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../app/ssl/rng';

describe('rng', () => {
  it('is reproducible from a seed and from a saved state', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    const resumed = createRng(a.state());
    expect(resumed.float()).toBe(a.float());
    expect(createRng(43).uint32()).not.toBe(seqA[0]);
  });

  it('draws integers uniformly over an inclusive range', () => {
    const rng = createRng(1);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[rng.int(0, 4)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => rng.int(3, 2)).toThrow();
  });

  it('draws standard normals', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 40_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it('derives distinct, stable streams per label', () => {
    expect(deriveSeed(0, 'crops')).toBe(deriveSeed(0, 'crops'));
    expect(deriveSeed(0, 'crops')).not.toBe(deriveSeed(0, 'init'));
  });
});
