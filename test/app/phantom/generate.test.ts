import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generatePhantom, type Phantom } from '../../../app/phantom/generate';
import { CHEST_LANDMARKS } from '../../../app/phantom/landmarks';
import { createRng, inverseNormalCdf, mix32, normalQuantileTable } from '../../../app/phantom/prng';
import { lm } from './helpers';

const sha = (a: ArrayBufferView): string => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

describe('seeded PRNG', () => {
  it('repeats a stream exactly for a seed and differs between nearby seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xa = Array.from({ length: 100 }, () => a.nextU32());
    const xb = Array.from({ length: 100 }, () => b.nextU32());
    const xc = Array.from({ length: 100 }, () => c.nextU32());
    expect(xa).toEqual(xb);
    expect(xa.filter((x, i) => x === xc[i]).length).toBe(0);
    expect(mix32(1)).not.toBe(mix32(2));
  });

  it('draws uniforms in [0, 1) with a sensible mean and normals with unit spread', () => {
    const r = createRng(123);
    const u = Array.from({ length: 20000 }, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((s, x) => s + x, 0) / u.length).toBeCloseTo(0.5, 1);
    const n = Array.from({ length: 20000 }, () => r.normal());
    const mean = n.reduce((s, x) => s + x, 0) / n.length;
    const sd = Math.sqrt(n.reduce((s, x) => s + (x - mean) ** 2, 0) / n.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(sd).toBeCloseTo(1, 1);
  });

  it('builds a symmetric normal quantile table', () => {
    const t = normalQuantileTable();
    expect(t.length).toBe(65536);
    expect(t[0]).toBeCloseTo(-(t[65535] ?? 0), 5);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 5);
  });
});

describe('generatePhantom', () => {
  it('is deterministic: same seed → identical bytes and landmarks', () => {
    const a = generatePhantom({ seed: 42 });
    const b = generatePhantom({ seed: 42 });
    expect(sha(a.pixels16)).toBe(sha(b.pixels16));
    expect(sha(a.pixels8)).toBe(sha(b.pixels8));
    expect(a.landmarks).toEqual(b.landmarks);
    expect(a.patient).toEqual(b.patient);
  });

  it('differs between seeds', () => {
    const a = generatePhantom({ seed: 1 });
    const b = generatePhantom({ seed: 2 });
    expect(sha(a.pixels16)).not.toBe(sha(b.pixels16));
    expect(a.landmarks[0]).not.toEqual(b.landmarks[0]);
  });

  it('returns the documented shape at the default 512² with 12 bits stored', () => {
    const ph = generatePhantom({ seed: 3 });
    expect(ph.width).toBe(512);
    expect(ph.height).toBe(512);
    expect(ph.bitsStored).toBe(12);
    expect(ph.pixels16).toBeInstanceOf(Uint16Array);
    expect(ph.pixels8).toBeInstanceOf(Uint8Array);
    expect(ph.pixels16.length).toBe(512 * 512);
    expect(ph.pixels8.length).toBe(512 * 512);
    expect(ph.landmarks.map((l) => l.name)).toEqual(CHEST_LANDMARKS.map((l) => l.id));
    expect(ph.landmarks.map((l) => l.name)).toEqual([
      'right_lung_apex',
      'left_lung_apex',
      'right_costophrenic_angle',
      'left_costophrenic_angle',
      'right_cardiophrenic_angle',
      'left_cardiophrenic_angle',
      'carina',
      'aortic_knob_top',
      'right_heart_border',
      'cardiac_apex',
      'right_lateral_clavicle_end',
      'left_lateral_clavicle_end',
      'right_medial_clavicle_end',
      'left_medial_clavicle_end',
    ]);
    let max = 0;
    let min = 65535;
    for (const v of ph.pixels16) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    expect(max).toBeLessThanOrEqual(4095);
    // A real detector-like spread of values, not a handful of levels.
    expect(max - min).toBeGreaterThan(2000);
    expect(['F', 'M']).toContain(ph.patient.sex);
    expect(ph.patient.age).toBeGreaterThanOrEqual(18);
  });

  it('honours width/height/bitsStored and scales landmarks exactly with the image size', () => {
    const small = generatePhantom({ seed: 11, size: 256 });
    const big = generatePhantom({ seed: 11, size: 1024 });
    expect(big.width).toBe(1024);
    for (let i = 0; i < small.landmarks.length; i++) {
      const s = small.landmarks[i];
      const b = big.landmarks[i];
      if (!s || !b) throw new Error('missing');
      // Pixel centres: x − (W−1)/2 scales with the image.
      expect(b.x - 511.5).toBeCloseTo((s.x - 127.5) * 4, 9);
      expect(b.y - 511.5).toBeCloseTo((s.y - 127.5) * 4, 9);
    }
    const rect = generatePhantom({ seed: 11, width: 400, height: 300, bitsStored: 16 });
    expect(rect.pixels16.length).toBe(400 * 300);
    expect(rect.bitsStored).toBe(16);
    expect(Math.max(...rect.pixels16)).toBeGreaterThan(20000);
  });

  it('rejects impossible options', () => {
    expect(() => generatePhantom({ seed: 1, size: 8 })).toThrow(RangeError);
    expect(() => generatePhantom({ seed: 1, size: 100.5 })).toThrow(RangeError);
    expect(() => generatePhantom({ seed: 1, bitsStored: 17 })).toThrow(RangeError);
  });

  it('noise: false gives the noise-free image, close to the noisy one on average', () => {
    const clean = generatePhantom({ seed: 5, noise: false });
    const noisy = generatePhantom({ seed: 5 });
    expect(clean.landmarks).toEqual(noisy.landmarks);
    let diff = 0;
    for (let i = 0; i < clean.pixels16.length; i++) diff += (noisy.pixels16[i] ?? 0) - (clean.pixels16[i] ?? 0);
    expect(Math.abs(diff / clean.pixels16.length)).toBeLessThan(3);
  });
});

describe('patient variation', () => {
  const phantoms: Phantom[] = Array.from({ length: 24 }, (_, i) => generatePhantom({ seed: 1000 + i, size: 256 }));

  it('spreads every landmark over several pixels between patients', () => {
    for (const { id } of CHEST_LANDMARKS) {
      const xs = phantoms.map((p) => lm(p, id).x);
      const ys = phantoms.map((p) => lm(p, id).y);
      const sd = (a: number[]): number => {
        const m = a.reduce((s, x) => s + x, 0) / a.length;
        return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / a.length);
      };
      // At 256 px, 2 px ≈ 3.4 mm on a 43 cm detector.
      expect(Math.hypot(sd(xs), sd(ys)), id).toBeGreaterThan(2);
    }
  });

  it('varies sex, age, exposure and pose', () => {
    expect(new Set(phantoms.map((p) => p.patient.sex)).size).toBe(2);
    const ages = phantoms.map((p) => p.patient.age);
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(20);
    const rot = phantoms.map((p) => p.patient.pose.rotationDeg);
    expect(Math.max(...rot) - Math.min(...rot)).toBeGreaterThan(2);
    const photons = phantoms.map((p) => p.patient.exposure.photons);
    expect(Math.max(...photons) / Math.min(...photons)).toBeGreaterThan(2);
  });
});
