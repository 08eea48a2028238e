import { describe, expect, it } from 'vitest';
import type { TemplatePoint } from '../../../../app/api/schemas/annotations';
import { randomPredictions } from '../../../../app/analysis/correspondence/evaluate';
import { correspondenceSettings } from '../../../../app/analysis/correspondence/runner';
import { openExtractor } from '../../../../app/analysis/features/extractors';
import { createFeatureService } from '../../../../app/analysis/features/service';
import { modelProvider, suggestFromMaps } from '../../../../app/analysis/suggest/model';
import type { SuggestionTarget } from '../../../../app/analysis/suggest/types';
import { CHEST_LANDMARKS } from '../../../../app/phantom';
import { posedPhantoms } from '../correspondence/phantoms';
import { bumps, mapFrom, type Geometry } from '../correspondence/synthetic-maps';

const templatePoints: TemplatePoint[] = CHEST_LANDMARKS.map((l) => ({ id: l.id, name: l.label, description: '', colour: '#ff0000', partner: null, mayBeAbsent: false }));
const target = (imageId: number, size: number): SuggestionTarget => ({ imageId, datasetId: 1, projectId: 1, templateId: 1, points: templatePoints, width: size, height: size });
const signal = new AbortController().signal;

describe('suggestFromMaps', () => {
  const f = bumps(128, 8, 8);
  const coarse: Geometry = { patch: 16, stride: 16, inputSize: 128, imageWidth: 128, imageHeight: 128 };
  const maps = (dx: number) => ({ coarse: mapFrom(coarse, f.dim, (x, y) => f.at(x - dx, y)), fine: mapFrom({ ...coarse, stride: 4 }, f.dim, (x, y) => f.at(x - dx, y)) });

  it('places a landmark where the references look alike, leaving out landmarks no reference has', () => {
    // Two references whose landmark lies on the same anatomy (shifted images); the target is shifted by 10 px.
    const refs = [
      { maps: maps(0), points: { a: { x: 50, y: 60 } } },
      { maps: maps(-5), points: { a: { x: 45, y: 60 } } },
    ];
    const [a, ...rest] = suggestFromMaps(maps(10), refs, ['a', 'b']);
    expect(rest).toEqual([]);
    expect(a!.landmark).toBe('a');
    expect(a!.source).toBe('model');
    expect(Math.hypot(a!.x - 60, a!.y - 60)).toBeLessThan(0.5);
    // The references agree, so the radius is the resolution floor: one fine stride (4 px).
    expect(a!.radius).toBeCloseTo(4, 1);
    expect(a!.confidence).toBeGreaterThan(0.8);
    expect(a!.confidence).toBeLessThanOrEqual(1);
  });
});

describe('modelProvider', () => {
  const phantoms = posedPhantoms(6, 64, 5);
  const references = phantoms.map((p, i) => ({ imageId: i + 1, points: p.landmarks }));

  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const targets = [1, 2, 3];
  /** Mean error of the suggestions on the first three phantoms, each with the other five as references. */
  async function suggestionError(match: Parameters<typeof modelProvider>[0]['match']): Promise<number> {
    const pixels = await openExtractor({ kind: 'pixels' });
    const provider = modelProvider({
      extractor: async () => pixels,
      features: createFeatureService(),
      references: () => references,
      image: (id) => phantoms[id - 1]!.image,
      settings: (ex) => correspondenceSettings(ex, { inputSize: 64 }),
      match,
    });
    const errors: number[] = [];
    for (const imageId of targets) {
      const answer = await provider.suggest(target(imageId, 64), signal);
      expect(answer).toMatchObject({ available: true, basedOnImages: 5 });
      expect(answer.reason).toMatch(/5 annotated images with raw pixels/);
      expect(answer.points.map((p) => p.landmark)).toEqual(CHEST_LANDMARKS.map((l) => l.id));
      const truth = phantoms[imageId - 1]!.landmarks;
      for (const p of answer.points) {
        errors.push(Math.hypot(p.x - truth[p.landmark]!.x, p.y - truth[p.landmark]!.y));
        expect(p.confidence).toBeGreaterThanOrEqual(0);
        expect(p.confidence).toBeLessThanOrEqual(1);
        expect(p.radius).toBeGreaterThanOrEqual(4);
      }
    }
    return mean(errors);
  }

  it('suggests every landmark on phantoms closer than a random guess with the pixels baseline', async () => {
    const guessErrors = targets.flatMap((imageId) => {
      const truth = phantoms[imageId - 1]!.landmarks;
      const guesses = randomPredictions(Array.from({ length: 20 }, () => ({ query: 'q', key: 'k', queryWidth: 64, queryHeight: 64, keyWidth: 64, keyHeight: 64, points: truth })), imageId);
      return guesses.map((g) => Math.hypot(g.x - truth[g.landmark]!.x, g.y - truth[g.landmark]!.y));
    });
    const global = await suggestionError({ searchRadius: null });
    const windowed = await suggestionError(undefined);
    console.log(`model suggestions on 64-px phantoms (pixels): ${global.toFixed(1)} px searching the whole image, ${windowed.toFixed(1)} px near the atlas position; random guess ${mean(guessErrors).toFixed(1)} px`);
    // Measured: 18.4 and 5.3 px against 30.3 px.
    expect(global).toBeLessThan(0.75 * mean(guessErrors));
    expect(windowed).toBeLessThan(global);
  });

  it('is unavailable, with the reason, without a model or without other annotated images', async () => {
    const base = { features: createFeatureService(), image: (id: number) => phantoms[id - 1]!.image };
    const noModel = modelProvider({ ...base, extractor: async () => 'The project has no pretraining run with a checkpoint yet.', references: () => references });
    expect(await noModel.suggest(target(1, 64), signal)).toMatchObject({ available: false, reason: /no pretraining run/, points: [] });
    const onlyTarget = modelProvider({ ...base, extractor: () => openExtractor({ kind: 'pixels' }), references: () => references.slice(0, 1) });
    expect(await onlyTarget.suggest(target(1, 64), signal)).toMatchObject({ available: false, basedOnImages: 0, reason: /No other image/ });
  });
});
