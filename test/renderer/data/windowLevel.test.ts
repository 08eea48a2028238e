import { describe, expect, it } from 'vitest';
import {
  applyLut,
  applyRgbaLut,
  rgbaLut,
  buildLut,
  cacheToModality,
  dragWindow,
  formatUnits,
  fullRangeWindow,
  histogram,
  modalityToCache,
  percentile,
  presetWindow,
  windowFromPercentiles,
  windowToCache,
  windowToModality,
  type CacheUnits,
} from '../../../renderer/src/data/viewer/windowLevel';

describe('window/level LUT', () => {
  it('maps an 8-bit window linearly over [c − w/2, c + w/2] and clamps outside (hand-computed)', () => {
    // c = 100, w = 50 → lower 75, upper 125; y = round(255 · (v − 75) / 50)
    const lut = buildLut({ center: 100, width: 50 }, 8);
    expect(lut.length).toBe(256);
    expect(lut[0]).toBe(0);
    expect(lut[75]).toBe(0);
    expect(lut[76]).toBe(5); // 255/50 = 5.1 → 5
    expect(lut[100]).toBe(128); // 127.5 → 128 (round half up)
    expect(lut[110]).toBe(179); // 178.5 → 179
    expect(lut[124]).toBe(250); // 249.9 → 250
    expect(lut[125]).toBe(255);
    expect(lut[255]).toBe(255);
  });

  it('inverts the output when asked', () => {
    const lut = buildLut({ center: 100, width: 50 }, 8, true);
    expect(lut[75]).toBe(255);
    expect(lut[110]).toBe(76);
    expect(lut[125]).toBe(0);
  });

  it('has one entry per 16-bit value; full range maps 0 → 0, max → 255 and the middle to mid-gray', () => {
    const lut = buildLut(fullRangeWindow(16), 16);
    expect(lut.length).toBe(65536);
    expect(lut[0]).toBe(0);
    expect(lut[65535]).toBe(255);
    expect(lut[32768]).toBe(128); // 255 · 32768/65535 = 127.502 → 128
    expect(lut[257]).toBe(1); // exactly 1.0
  });

  it('keeps a degenerate (zero) width as a one-value step instead of dividing by zero', () => {
    const lut = buildLut({ center: 10, width: 0 }, 8);
    expect(lut[9]).toBe(0);
    expect(lut[10]).toBe(128);
    expect(lut[11]).toBe(255);
  });

  it('writes opaque gray RGBA', () => {
    const lut = buildLut({ center: 2, width: 4 }, 8); // lower 0: y = round(63.75 · v)
    const out = new Uint8ClampedArray(12);
    applyLut(new Uint8Array([0, 2, 4]), lut, out);
    expect([...out]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });

  it('writes the same pixels through the 32-bit RGBA LUT', () => {
    const lut = buildLut({ center: 2, width: 4 }, 8);
    const out = new Uint8ClampedArray(12);
    applyRgbaLut(new Uint8Array([0, 2, 4]), rgbaLut(lut), new Uint32Array(out.buffer));
    expect([...out]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });

  it('drags like PACS: right widens, down raises the level, never below width 1', () => {
    expect(dragWindow({ center: 1000, width: 2000 }, 50, -20, 16)).toEqual({ center: 1000 - 20 * (65535 / 500), width: 2000 + 50 * (65535 / 500) });
    expect(dragWindow({ center: 100, width: 10 }, -500, 0, 8).width).toBe(1);
  });
});

describe('modality ↔ cache units', () => {
  const ct: CacheUnits = { bits: 16, lo: -1024, hi: 3071, inverted: false };
  const mono1: CacheUnits = { bits: 16, lo: 0, hi: 1023, inverted: true };

  it('maps lo → 0 and hi → max, linearly (hand-computed)', () => {
    expect(modalityToCache(-1024, ct)).toBe(0);
    expect(modalityToCache(3071, ct)).toBe(65535);
    expect(modalityToCache(0, ct)).toBeCloseTo((1024 / 4095) * 65535, 9); // 16387.0...
    expect(cacheToModality(65535, ct)).toBe(3071);
    expect(cacheToModality(16387, ct)).toBeCloseTo(-1024 + (16387 / 65535) * 4095, 9);
  });

  it('flips for MONOCHROME1 caches (stored inverted so bone is bright)', () => {
    expect(modalityToCache(0, mono1)).toBe(65535);
    expect(modalityToCache(1023, mono1)).toBe(0);
    expect(cacheToModality(0, mono1)).toBe(1023);
    expect(cacheToModality(65535, mono1)).toBe(0);
  });

  it('round-trips values and windows', () => {
    for (const units of [ct, mono1, { bits: 8, lo: 0, hi: 255, inverted: false } as CacheUnits]) {
      for (const m of [units.lo, (units.lo + units.hi) / 2, units.hi, units.lo + 7.25]) {
        expect(cacheToModality(modalityToCache(m, units), units)).toBeCloseTo(m, 9);
      }
      const w = { center: (units.lo + units.hi) / 3, width: (units.hi - units.lo) / 4 };
      const back = windowToModality(windowToCache(w, units), units);
      expect(back.center).toBeCloseTo(w.center, 9);
      expect(back.width).toBeCloseTo(w.width, 9);
    }
  });

  it('converts a CT-style file window (c 40, w 400 HU) to cache units', () => {
    const w = windowToCache({ center: 40, width: 400 }, ct);
    expect(w.center).toBeCloseTo(((40 + 1024) / 4095) * 65535, 6); // 17027.6…
    expect(w.width).toBeCloseTo((400 / 4095) * 65535, 6); // 6401.4…
  });

  it('a MONOCHROME1 file window shows the same gray per modality value after conversion', () => {
    // Display of the file: y = 1 − (m − (c − w/2)) / w (inverted). On the cache with the converted window, not inverted.
    const file = { center: 600, width: 400 };
    const lut = buildLut(windowToCache(file, mono1), 16);
    for (const m of [400, 500, 600, 700, 800]) {
      const expected = Math.round(255 * (1 - (m - (file.center - file.width / 2)) / file.width));
      expect(Math.abs(lut[Math.round(modalityToCache(m, mono1))]! - expected)).toBeLessThanOrEqual(1);
    }
  });

  it('formats values with a precision that suits the range', () => {
    expect(formatUnits(1234.567, 4095)).toBe('1235');
    expect(formatUnits(12.345, 40)).toBe('12.3');
    expect(formatUnits(0.12345, 0.5)).toBe('0.123');
    expect(formatUnits(-0.2, 4095)).toBe('0');
  });
});

describe('percentile presets', () => {
  // 100 samples: values 1..100 once each (8-bit), plus padding at 0 and 255 that the presets ignore.
  const samples = new Uint8Array(130);
  for (let i = 0; i < 100; i++) samples[i] = i + 1;
  for (let i = 100; i < 120; i++) samples[i] = 0;
  for (let i = 120; i < 130; i++) samples[i] = 255;
  const bins = histogram(samples, 8);

  it('counts one bin per value', () => {
    expect(bins.length).toBe(256);
    expect(bins[0]).toBe(20);
    expect(bins[50]).toBe(1);
    expect(bins[255]).toBe(10);
  });

  it('returns the smallest value with cumulative count ≥ p · total', () => {
    expect(percentile(bins, 0.5, 1, 254)).toBe(50);
    expect(percentile(bins, 0.02, 1, 254)).toBe(2);
    expect(percentile(bins, 0.65, 1, 254)).toBe(65);
    expect(percentile(bins, 1, 1, 254)).toBe(100);
    expect(percentile(bins, 0, 1, 254)).toBe(1);
    // Over all bins the padding counts: 20 zeros are 15.4 % of 130.
    expect(percentile(bins, 0.1)).toBe(0);
  });

  it('lung = 2nd–65th, bone = 35th–99.5th percentile of the non-padding values', () => {
    const units: CacheUnits = { bits: 8, lo: 0, hi: 255, inverted: false };
    const input = { units, bins, fileWindow: null, voiApplied: false };
    expect(presetWindow('lung', input)).toEqual({ center: 2 + 63 / 2, width: 63 });
    expect(presetWindow('bone', input)).toEqual({ center: 35 + 65 / 2, width: 65 }); // 99.5 % of 100 → 100
    expect(presetWindow('full', input)).toEqual({ center: 127.5, width: 255 });
  });

  it('uses all bins when only padding values exist, and never returns a zero width', () => {
    const flat = histogram(new Uint8Array([0, 0, 255]), 8);
    expect(windowFromPercentiles(flat, 0.02, 0.65).width).toBe(1);
    const w = windowFromPercentiles(flat, 0.02, 0.99);
    expect(w).toEqual({ center: 127.5, width: 255 });
  });

  it('Default is the file VOI converted to cache units, else the full range; 8-bit display caches ignore the VOI', () => {
    const units: CacheUnits = { bits: 16, lo: -1024, hi: 3071, inverted: false };
    const bins16 = new Uint32Array(65536);
    const fileWindow = { center: 40, width: 400 };
    expect(presetWindow('default', { units, bins: bins16, fileWindow, voiApplied: false })).toEqual(windowToCache(fileWindow, units));
    expect(presetWindow('default', { units, bins: bins16, fileWindow: null, voiApplied: false })).toEqual(fullRangeWindow(16));
    const units8: CacheUnits = { bits: 8, lo: 0, hi: 255, inverted: false };
    expect(presetWindow('default', { units: units8, bins, fileWindow, voiApplied: true })).toEqual(fullRangeWindow(8));
  });
});
