import { describe, expect, it } from 'vitest';
import { heatColor, heatmapRgba } from '../../../renderer/src/runs/model/heatmap';

describe('similarity heat map colours', () => {
  it('runs from near black through the stops to pale yellow, clamped outside [0, 1]', () => {
    expect(heatColor(0)).toEqual([0, 0, 4]);
    expect(heatColor(0.5)).toEqual([188, 55, 84]);
    expect(heatColor(1)).toEqual([252, 255, 164]);
    // Halfway between the first two stops.
    expect(heatColor(0.125)).toEqual([44, 8, 57]);
    expect(heatColor(-3)).toEqual(heatColor(0));
    expect(heatColor(7)).toEqual(heatColor(1));
    expect(heatColor(Number.NaN)).toEqual(heatColor(0));
  });

  it('scales a map min–max into RGBA pixels with the given alpha', () => {
    const px = heatmapRgba([-0.2, 0.4, 1], 200);
    expect(Array.from(px)).toEqual([0, 0, 4, 200, 188, 55, 84, 200, 252, 255, 164, 200]);
    expect(Array.from(heatmapRgba([0.3, 0.3]))).toEqual([252, 255, 164, 255, 252, 255, 164, 255]);
  });
});
