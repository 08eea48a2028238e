import { describe, expect, it } from 'vitest';
import { bodyMask, otsuThresholds3 } from '../../../../app/analysis/cosegment/body-mask';

/**
 * A synthetic frontal film: dark air, an elliptical body, two lungs as dark as the air, the left one open to the
 * air through a 2-px channel (as lungs reach the air past the neck in real films).
 */
function phantom(width: number, height: number) {
  const data = new Float32Array(width * height).fill(10);
  const truth = new Uint8Array(width * height);
  const cx = width / 2;
  const cy = height * 0.55;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inBody = ((x - cx) / (width * 0.4)) ** 2 + ((y - cy) / (height * 0.5)) ** 2 <= 1;
      if (!inBody) continue;
      truth[y * width + x] = 1;
      const lung = (lx: number) => ((x - lx) / (width * 0.1)) ** 2 + ((y - height * 0.5) / (height * 0.25)) ** 2 <= 1;
      const channel = (x === 38 || x === 39) && y < height * 0.5;
      data[y * width + x] = lung(width * 0.32) || lung(width * 0.68) || channel ? 10 : 180;
    }
  }
  // A bright text marker in the air (top-left corner): not body.
  for (let y = 3; y < 9; y++) for (let x = 3; x < 9; x++) data[y * width + x] = 250;
  return { grid: { width, height, data }, truth };
}

describe('bodyMask', () => {
  it('finds the body including the dark lungs, without the marker in the air', () => {
    const { grid, truth } = phantom(120, 100);
    const mask = bodyMask(grid);
    let inter = 0;
    let union = 0;
    for (let i = 0; i < mask.length; i++) {
      inter += mask[i]! & truth[i]!;
      union += mask[i]! | truth[i]!;
    }
    expect(inter / union).toBeGreaterThan(0.97);
    // Lung centres and the marker.
    expect(mask[50 * 120 + 38]).toBe(1);
    expect(mask[50 * 120 + 82]).toBe(1);
    expect(mask[20 * 120 + 38]).toBe(1);
    expect(mask[5 * 120 + 5]).toBe(0);
  });

  it('calls a constant image all body', () => {
    expect(bodyMask({ width: 8, height: 4, data: new Float32Array(32).fill(7) }).every((v) => v === 1)).toBe(true);
  });
});

describe('otsuThresholds3', () => {
  it('splits three well-separated levels between them', () => {
    const values = Float32Array.from([...Array(50).fill(0), ...Array(30).fill(100), ...Array(20).fill(255)]);
    const [t1, t2] = otsuThresholds3(values);
    expect(t1).toBeGreaterThan(0);
    expect(t1).toBeLessThan(100);
    expect(t2).toBeGreaterThan(100);
    expect(t2).toBeLessThan(255);
  });
});
