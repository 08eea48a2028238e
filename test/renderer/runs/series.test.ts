import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../../app/api/schemas/runs';
import { alignOnSteps, MetricStore, SeriesBuffer } from '../../../renderer/src/runs/model/series';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function poll(name: string, steps: number[], scale = 1): MetricSeries {
  return { name, steps, values: steps.map((s) => s * scale), wallTimes: steps.map((s) => 1000 + s) };
}

describe('SeriesBuffer', () => {
  it('appends polls in place, growing past its initial capacity', () => {
    const buf = new SeriesBuffer('loss/total');
    for (let from = 1; from <= 5000; from += 7) {
      const steps = range(from, Math.min(from + 6, 5000));
      buf.append(steps, steps.map((s) => s / 2), steps.map((s) => s + 0.5));
    }
    expect(buf.length).toBe(5000);
    expect(buf.lastStep).toBe(5000);
    expect(buf.lastValue).toBe(2500);
    expect(Array.from(buf.steps.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(buf.wallTimes[4999]).toBe(5000.5);
    expect(buf.indexOf(1234)).toBe(1233);
    expect(buf.indexOf(5001)).toBe(-1);
  });

  it('replaces overlapping steps and everything after them (a resumed run re-trains after its checkpoint)', () => {
    const buf = new SeriesBuffer('x');
    buf.append(range(1, 10), range(1, 10), range(1, 10));
    buf.append([6, 7, 8], [60, 70, 80], [6, 7, 8]);
    expect(Array.from(buf.steps)).toEqual(range(1, 8));
    expect(Array.from(buf.values)).toEqual([1, 2, 3, 4, 5, 60, 70, 80]);
  });

  it('drops out-of-order points within a poll and truncates after a step', () => {
    const buf = new SeriesBuffer('x');
    buf.append([1, 2, 2, 3], [1, 2, 99, 3], [0, 0, 0, 0]);
    expect(Array.from(buf.values)).toEqual([1, 2, 3]);
    buf.truncateAfter(1);
    expect(Array.from(buf.steps)).toEqual([1]);
    buf.truncateAfter(0);
    expect(buf.length).toBe(0);
    expect(buf.lastStep).toBe(0);
    expect(buf.lastValue).toBeUndefined();
  });
});

describe('MetricStore', () => {
  it('merges polls per metric and reports the step to poll after', () => {
    const store = new MetricStore();
    expect(store.lastStep).toBe(0);
    expect(store.merge([poll('loss/total', [1, 2, 3]), poll('lr', [1, 2, 3], 1e-4)])).toBe(true);
    expect(store.merge([])).toBe(false);
    expect(store.merge([poll('lr', [])])).toBe(false);
    expect(store.lastStep).toBe(3);
    store.merge([poll('loss/total', [4, 5]), poll('lr', [4, 5], 1e-4)]);
    expect(store.names.sort()).toEqual(['loss/total', 'lr']);
    const lr = store.get('lr')!.values;
    expect(lr.length).toBe(5);
    expect(lr[4]).toBeCloseTo(5e-4, 12);
    expect(store.lastStep).toBe(5);
  });

  it('rolls back to a checkpoint', () => {
    const store = new MetricStore();
    store.merge([poll('a', range(1, 9)), poll('b', range(1, 9))]);
    expect(store.truncateAfter(9)).toBe(false);
    expect(store.truncateAfter(6)).toBe(true);
    expect(store.lastStep).toBe(6);
    expect(store.get('b')!.length).toBe(6);
  });
});

describe('alignOnSteps', () => {
  it('puts runs on the union of their steps with nulls where a run has no point', () => {
    const { x, ys } = alignOnSteps([
      { steps: [1, 2, 3, 5], values: [10, 20, 30, 50] },
      { steps: [2, 4], values: [0.2, 0.4] },
      { steps: [], values: [] },
    ]);
    expect(x).toEqual([1, 2, 3, 4, 5]);
    expect(ys).toEqual([
      [10, 20, 30, null, 50],
      [null, 0.2, null, 0.4, null],
      [null, null, null, null, null],
    ]);
  });

  it('turns non-finite values into gaps', () => {
    expect(alignOnSteps([{ steps: [1, 2], values: [NaN, 2] }]).ys).toEqual([[null, 2]]);
  });
});
