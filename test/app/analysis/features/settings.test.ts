import { describe, expect, it } from 'vitest';
import { gridSide, resolveLayer, validateSettings } from '../../../../app/analysis/features/settings';
import type { FeatureSettings } from '../../../../app/analysis/features/types';

const ok: FeatureSettings = { layer: -1, facet: 'key', inputSize: 224, stride: 4, logBin: true };
const check = (s: Partial<FeatureSettings>, depth = 12) => () => validateSettings({ ...ok, ...s } as FeatureSettings, 16, depth, 'model X');

describe('feature settings', () => {
  it('grid side is 1 + (inputSize − patch)/stride (53 at 224, stride 4, patch 16 as in spec §5.1)', () => {
    expect(gridSide(224, 16, 4)).toBe(53);
    expect(gridSide(448, 16, 16)).toBe(28);
    expect(resolveLayer(-1, 12)).toBe(11);
    expect(resolveLayer(9, 12)).toBe(9);
  });

  it('accepts valid settings', () => {
    expect(check({})).not.toThrow();
    expect(check({ layer: 0, facet: 'token', stride: 16 })).not.toThrow();
  });

  it('names the setting and the problem', () => {
    expect(check({ stride: 5 })).toThrow('model X: stride 5 must divide the patch size 16');
    expect(check({ stride: 0 })).toThrow(/stride 0 must be a positive integer/);
    expect(check({ inputSize: 8 })).toThrow(/input size 8 must be an integer ≥ the patch size 16/);
    expect(check({ inputSize: 226, stride: 8 })).toThrow(/input size 226 minus the patch size 16 must be a multiple of the stride 8/);
    expect(check({ layer: 12 })).toThrow(/layer 12 is out of range: the model has blocks 0–11/);
    expect(check({ layer: -2 })).toThrow(/layer -2 is out of range/);
    expect(check({ facet: 'attn' as never })).toThrow(/facet "attn" is not one of token, key, query, value/);
  });

  it('a baseline without blocks ignores layer and facet', () => {
    expect(check({ layer: 99, facet: 'attn' as never }, 0)).not.toThrow();
  });
});
