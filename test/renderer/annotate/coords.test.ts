import { describe, expect, it } from 'vitest';
import {
  cacheToOriginal,
  centreOn,
  clampToImage,
  insideOriginal,
  originalToCache,
  originalToScreen,
  screenToOriginal,
  snapToPixel,
} from '../../../renderer/src/annotate/coords';

// A 3000 × 2000 original cached at 1500 × 1000 (ratio ½), drawn at 0.8 screen px per cache px, offset (20, 10).
const frame = { original: { width: 3000, height: 2000 }, cache: { width: 1500, height: 1000 } };
const view = { scale: 0.8, x: 20, y: 10 };

describe('original ↔ cache ↔ screen', () => {
  it('maps pixel centres edge to edge: the image corners and centres meet', () => {
    // Original pixel 0 spans [−½, ½]; its left edge −½ is the cache's left edge −½.
    expect(originalToCache({ x: -0.5, y: -0.5 }, frame)).toEqual({ x: -0.5, y: -0.5 });
    expect(originalToCache({ x: 2999.5, y: 1999.5 }, frame)).toEqual({ x: 1499.5, y: 999.5 });
    // Original pixels 0 and 1 share cache pixel 0, whose centre is original 0.5.
    expect(originalToCache({ x: 0.5, y: 0.5 }, frame)).toEqual({ x: 0, y: 0 });
    expect(cacheToOriginal({ x: 0, y: 0 }, frame)).toEqual({ x: 0.5, y: 0.5 });
    expect(cacheToOriginal({ x: 749.5, y: 499.5 }, frame)).toEqual({ x: 1499.5, y: 999.5 });
  });

  it('goes to the screen through the cache, and back', () => {
    // Left edge of the image at the view offset; right edge at offset + cache width · scale.
    expect(originalToScreen({ x: -0.5, y: -0.5 }, frame, view)).toEqual({ x: 20, y: 10 });
    expect(originalToScreen({ x: 2999.5, y: 1999.5 }, frame, view)).toEqual({ x: 20 + 1500 * 0.8, y: 10 + 1000 * 0.8 });
    for (const p of [
      { x: 0, y: 0 },
      { x: 123.25, y: 1999 },
      { x: 2999, y: 7.5 },
    ]) {
      const back = screenToOriginal(originalToScreen(p, frame, view), frame, view);
      expect(back.x).toBeCloseTo(p.x, 9);
      expect(back.y).toBeCloseTo(p.y, 9);
      const viaCache = cacheToOriginal(originalToCache(p, frame), frame);
      expect(viaCache.x).toBeCloseTo(p.x, 9);
      expect(viaCache.y).toBeCloseTo(p.y, 9);
    }
  });

  it('handles different x and y ratios (a cache rounded to whole pixels)', () => {
    const odd = { original: { width: 1001, height: 700 }, cache: { width: 512, height: 358 } };
    const s = originalToScreen({ x: 1000, y: 699 }, odd, { scale: 1, x: 0, y: 0 });
    expect(s.x).toBeCloseTo((1000.5 * 512) / 1001, 9);
    expect(s.y).toBeCloseTo((699.5 * 358) / 700, 9);
  });

  it('a click stores the centre of the original pixel it falls in, inside the image', () => {
    expect(snapToPixel({ x: 10.49, y: 10.51 }, frame.original)).toEqual({ x: 10, y: 11 });
    expect(snapToPixel({ x: -0.4, y: 2000.2 }, frame.original)).toEqual({ x: 0, y: 1999 });
    expect(insideOriginal({ x: -0.5, y: 1999.5 }, frame.original)).toBe(true);
    expect(insideOriginal({ x: -0.51, y: 0 }, frame.original)).toBe(false);
    expect(clampToImage({ x: -3, y: 2500.25 }, frame.original)).toEqual({ x: -0.5, y: 1999.5 });
    expect(clampToImage({ x: 12.25, y: 7.75 }, frame.original)).toEqual({ x: 12.25, y: 7.75 });
  });

  it('centres a point at a given zoom', () => {
    const stage = { width: 800, height: 600 };
    const v = centreOn({ x: 1500, y: 1000 }, frame, stage, 4);
    const s = originalToScreen({ x: 1500, y: 1000 }, frame, v);
    expect(s.x).toBeCloseTo(400, 9);
    expect(s.y).toBeCloseTo(300, 9);
    expect(v.scale).toBe(4);
  });
});
