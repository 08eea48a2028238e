import { describe, expect, it } from 'vitest';
import type { FeatureSource } from '../../../app/api/schemas/explore';
import { defaultSourceKey, parseSourceKey, sourceKey, sourceOptionText } from '../../../renderer/src/explore/model/sources';
import { EMPTY_SETTINGS, parseSettings, parseWhole } from '../../../renderer/src/explore/model/settings';

const source = (ref: FeatureSource['ref'], unavailable: string | null = null, label = 'x'): FeatureSource => ({
  ref,
  label,
  unavailable,
  method: null,
  step: null,
  patchSize: null,
});

describe('feature source keys', () => {
  it('round-trips every kind of source', () => {
    for (const ref of [{ kind: 'run', runId: 3 }, { kind: 'run', runId: 3, weights: 'student' }, { kind: 'random' }, { kind: 'random', likeRunId: 12 }, { kind: 'pixels' }] as const) {
      expect(parseSourceKey(sourceKey(ref))).toEqual(ref);
    }
    expect(sourceKey({ kind: 'run', runId: 3 })).toBe('run:3');
    expect(sourceKey({ kind: 'run', runId: 3, weights: 'student' })).toBe('run:3:student');
    expect(sourceKey({ kind: 'random', likeRunId: 12 })).toBe('random:12');
  });

  it('rejects what it does not produce', () => {
    for (const key of ['', 'run', 'run:0', 'run:-1', 'run:1.5', 'random:', 'pixel', 'run:3 ']) expect(parseSourceKey(key)).toBeNull();
  });

  it('defaults to the newest usable checkpoint, else the pixels baseline, else any usable source', () => {
    const runs = [source({ kind: 'run', runId: 5 }, 'no checkpoint yet'), source({ kind: 'run', runId: 4 }), source({ kind: 'random' }), source({ kind: 'pixels' })];
    expect(defaultSourceKey(runs)).toBe('run:4');
    expect(defaultSourceKey([source({ kind: 'run', runId: 5 }, 'no checkpoint yet'), source({ kind: 'random' }), source({ kind: 'pixels' })])).toBe('pixels');
    expect(defaultSourceKey([source({ kind: 'random' })])).toBe('random');
    expect(defaultSourceKey([source({ kind: 'pixels' }, 'broken')])).toBeUndefined();
  });

  it('says why a source is unavailable in its option', () => {
    expect(sourceOptionText(source({ kind: 'run', runId: 5 }, 'no checkpoint yet', 'run 5'))).toBe('run 5 — no checkpoint yet');
    expect(sourceOptionText(source({ kind: 'pixels' }, null, 'raw pixels'))).toBe('raw pixels');
  });
});

describe('feature settings form', () => {
  it('leaves everything to the server when every field is empty', () => {
    expect(parseSettings(EMPTY_SETTINGS)).toEqual({ settings: undefined, errors: {} });
  });

  it('passes whole numbers in range, the facet and log-binning', () => {
    expect(parseSettings({ layer: '-1', facet: 'key', inputSize: ' 224 ', stride: '8', logBin: 'off' })).toEqual({
      settings: { layer: -1, facet: 'key', inputSize: 224, stride: 8, logBin: false },
      errors: {},
    });
    expect(parseSettings({ ...EMPTY_SETTINGS, logBin: 'on' }).settings).toEqual({ logBin: true });
  });

  it('names the field and its range for bad values, and leaves them out', () => {
    const parsed = parseSettings({ ...EMPTY_SETTINGS, layer: '64', inputSize: '15', stride: '2.5' });
    expect(parsed.settings).toBeUndefined();
    expect(parsed.errors).toEqual({
      layer: 'Layer must be a whole number from -1 to 63.',
      inputSize: 'Input size must be a whole number from 16 to 2048.',
      stride: 'Stride must be a whole number from 1 to 64.',
    });
    expect(parseSettings({ ...EMPTY_SETTINGS, stride: 'abc', layer: '9' })).toEqual({ settings: { layer: 9 }, errors: { stride: 'Stride must be a whole number from 1 to 64.' } });
  });
});

describe('whole numbers typed in a field', () => {
  it('accepts integers in range and names the field otherwise', () => {
    expect(parseWhole(' 12 ', 1, 50, 'Pairs')).toEqual({ value: 12 });
    for (const bad of ['', '0', '51', '2.5', 'x']) expect(parseWhole(bad, 1, 50, 'Pairs')).toEqual({ error: 'Pairs must be a whole number from 1 to 50.' });
  });
});
