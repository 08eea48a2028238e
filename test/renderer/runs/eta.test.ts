import { describe, expect, it } from 'vitest';
import { elapsedSeconds, etaSeconds, secondsPerStep } from '../../../renderer/src/runs/model/eta';

describe('pace, ETA and elapsed time', () => {
  it('measures seconds per step from wall times of the last steps', () => {
    const steps = [1, 2, 3, 4, 5];
    expect(secondsPerStep(steps, [100, 102, 104, 106, 108])).toBe(2);
    // Only the last `window` steps count: a slow start is forgotten.
    expect(secondsPerStep([1, 2, 3, 4], [0, 50, 51, 52], 2)).toBe(1);
    // Steps missing in between (a poll gap) are counted by their step distance.
    expect(secondsPerStep([1, 3, 5], [0, 4, 8])).toBe(2);
  });

  it('leaves out pauses (gaps over a minute per step) and needs two points', () => {
    expect(secondsPerStep([1, 2, 3, 4], [0, 1, 500, 501])).toBe(1);
    expect(secondsPerStep([1], [0])).toBeNull();
    expect(secondsPerStep([1, 2], [0, 600])).toBeNull();
  });

  it('computes ETA from the remaining steps', () => {
    expect(etaSeconds(10, 40, 0.5)).toBe(15);
    expect(etaSeconds(40, 40, null)).toBe(0);
    expect(etaSeconds(3, 40, null)).toBeNull();
  });

  it('computes elapsed time to the end or to now', () => {
    expect(elapsedSeconds('2025-01-01T00:00:00.000Z', '2025-01-01T00:01:30.000Z', 0)).toBe(90);
    expect(elapsedSeconds('2025-01-01T00:00:00.000Z', null, Date.parse('2025-01-01T00:00:10Z'))).toBe(10);
    expect(elapsedSeconds(null, null, 0)).toBeNull();
  });
});
