import { describe, expect, it } from 'vitest';
import { colormapLut, heatmapRgba, lutGradient, unionRange, valueRange, VIRIDIS } from '../../../renderer/src/explore/model/heatmap';

describe('colour map', () => {
  it('interpolates linearly between evenly spaced stops', () => {
    const lut = colormapLut(
      [
        [0, 0, 0],
        [200, 100, 50],
      ],
      3,
    );
    expect(Array.from(lut)).toEqual([0, 0, 0, 100, 50, 25, 200, 100, 50]);
    // Three stops over five entries: entry 1 is halfway between stops 0 and 1, entry 2 is stop 1.
    const three = colormapLut(
      [
        [0, 0, 0],
        [100, 100, 100],
        [100, 200, 0],
      ],
      5,
    );
    expect(Array.from(three.slice(3, 9))).toEqual([50, 50, 50, 100, 100, 100]);
    expect(Array.from(three.slice(12))).toEqual([100, 200, 0]);
  });

  it('viridis runs from dark purple to yellow', () => {
    expect(Array.from(VIRIDIS.slice(0, 3))).toEqual([0x44, 0x01, 0x54]);
    expect(Array.from(VIRIDIS.slice(255 * 3))).toEqual([0xfd, 0xe7, 0x25]);
    expect(lutGradient(VIRIDIS, 2)).toBe('linear-gradient(to right, rgb(68, 1, 84), rgb(253, 231, 37))');
  });

  it('needs two stops', () => {
    expect(() => colormapLut([[0, 0, 0]])).toThrow(/two stops/);
  });
});

describe('heat map → RGBA', () => {
  const lut = colormapLut(
    [
      [0, 0, 0],
      [255, 255, 255],
    ],
    256,
  );

  it('scales min..max onto the colour map, clamps outside and leaves non-finite values transparent', () => {
    const rgba = heatmapRgba({ rows: 1, cols: 5, values: [0.25, 0.75, 1.25, 1.5, NaN] }, { min: 0.25, max: 1.25 }, lut);
    // 0.75 is halfway: 127.5 rounds to 128.
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0]);
  });

  it('paints a flat map in the top colour', () => {
    expect(Array.from(heatmapRgba({ rows: 1, cols: 1, values: [3] }, { min: 3, max: 3 }, lut))).toEqual([255, 255, 255, 255]);
  });

  it('checks the value count against the grid', () => {
    expect(() => heatmapRgba({ rows: 2, cols: 2, values: [1, 2, 3] }, { min: 0, max: 1 }, lut)).toThrow('A 2×2 heat map needs 4 values, it has 3.');
  });

  it('finds finite ranges, alone and shared', () => {
    expect(valueRange([0.5, NaN, -0.25, Infinity, 0.75])).toEqual({ min: -0.25, max: 0.75 });
    expect(valueRange([NaN])).toBeNull();
    expect(unionRange([{ min: 0, max: 1 }, null, { min: -2, max: 0.5 }])).toEqual({ min: -2, max: 1 });
    expect(unionRange([null])).toBeNull();
  });
});
