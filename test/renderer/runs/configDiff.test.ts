import { describe, expect, it } from 'vitest';
import { configDiff, showValue } from '../../../renderer/src/runs/model/configDiff';

describe('config diff', () => {
  it('lists every key once, in first-seen order, and marks those that differ', () => {
    const rows = configDiff([
      { method: 'ace', lr: 5e-4, seed: 7, batch: 2 },
      { method: 'ace', lr: 1e-3, seed: 8, batch: 2, maxSteps: 40 },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['method', 'lr', 'seed', 'batch', 'maxSteps']);
    expect(rows.filter((r) => r.differs).map((r) => r.key)).toEqual(['lr', 'seed', 'maxSteps']);
    expect(rows.find((r) => r.key === 'lr')!.values).toEqual(['0.0005', '0.001']);
    expect(rows.find((r) => r.key === 'maxSteps')!.values).toEqual(['—', '40']);
  });

  it('compares three runs: a key differs when any run disagrees', () => {
    const rows = configDiff([{ a: 1 }, { a: 1 }, { a: 2 }]);
    expect(rows).toEqual([{ key: 'a', values: ['1', '1', '2'], differs: true }]);
  });

  it('shows values as text', () => {
    expect(showValue(undefined)).toBe('—');
    expect(showValue(null)).toBe('—');
    expect(showValue(true)).toBe('true');
    expect(showValue([1, 2])).toBe('[1,2]');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
});
