import { describe, expect, it } from 'vitest';
import { boxPlotLayout } from '../../../renderer/src/explore/model/boxplot';
import { linearScale, linePath, niceTicks, occupiedRange } from '../../../renderer/src/explore/model/chart';

describe('chart arithmetic', () => {
  it('scales linearly, also reversed, and centres a zero-width domain', () => {
    const s = linearScale(0, 10, 100, 200);
    expect([s(0), s(5), s(10), s(-1)]).toEqual([100, 150, 200, 90]);
    const down = linearScale(0, 1, 80, 0);
    expect([down(0), down(0.25), down(1)]).toEqual([80, 60, 0]);
    expect(linearScale(3, 3, 0, 10)(99)).toBe(5);
  });

  it('picks 1-2-5 steps covering the range', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 87, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.3, 0.95, 4)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it('draws a path and lifts the pen at gaps', () => {
    const id = (v: number) => v;
    expect(linePath([0, 1, 2, 3], [0, 1, NaN, 3], id, (v) => 10 - v)).toBe('M0,10 L1,9 M3,7');
    expect(linePath([], [], id, id)).toBe('');
  });
});

describe('occupied range of densities', () => {
  it('spans where any curve exceeds the fraction of the highest peak', () => {
    const a = { x: [-1, 0, 0.5, 0.9, 1], y: [0, 0, 0.001, 10, 4] };
    const b = { x: [-1, 0, 0.5, 1], y: [0, 2, 0, 0] };
    expect(occupiedRange([a], 0.01)).toEqual({ min: 0.9, max: 1 });
    expect(occupiedRange([a, b], 0.01)).toEqual({ min: 0, max: 1 });
    expect(occupiedRange([{ x: [0, 1], y: [0, 0] }])).toBeNull();
  });
});

describe('box plot layout', () => {
  it('shares one axis from 0 to a round tick above the largest value, one row per landmark', () => {
    const layout = boxPlotLayout(
      [
        { label: 'Apex', box: { min: 0, q1: 10, median: 20, q3: 30, max: 90, whiskerLow: 0, whiskerHigh: 40, outliers: [90] } },
        { label: 'Carina', box: { min: 5, q1: 5, median: 5, q3: 5, max: 5, whiskerLow: 5, whiskerHigh: 5, outliers: [] } },
      ],
      { width: 320, labelWidth: 100, padRight: 20, rowHeight: 20, axisHeight: 30 },
    );
    // Largest value 90 → ticks 0, 20, …, 100; the axis spans x 100..300, so 1 px per 0.5 px of error.
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(layout.ticks.map((t) => t.x)).toEqual([100, 140, 180, 220, 260, 300]);
    expect(layout.height).toBe(70);
    expect(layout.rows[0]).toEqual({ label: 'Apex', y: 10, whiskerLow: 100, q1: 120, median: 140, q3: 160, whiskerHigh: 180, outliers: [280] });
    expect(layout.rows[1]!.y).toBe(30);
    expect(layout.rows[1]!.median).toBe(110);
  });

  it('keeps a usable axis when every error is zero', () => {
    const layout = boxPlotLayout([{ label: 'A', box: { min: 0, q1: 0, median: 0, q3: 0, max: 0, whiskerLow: 0, whiskerHigh: 0, outliers: [] } }]);
    expect(layout.ticks.length).toBeGreaterThan(1);
    expect(layout.rows[0]!.median).toBe(layout.left);
  });
});
