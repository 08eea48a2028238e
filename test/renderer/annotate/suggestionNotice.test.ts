import { describe, expect, it } from 'vitest';
import { suggestionNotice } from '../../../renderer/src/annotate/suggestionNotice';

const point = { landmark: 'a', x: 1, y: 2, confidence: 0.5, radius: 3, source: 'model' as const };

describe('the notice after asking for suggestions', () => {
  it('names the source and gives the reason', () => {
    const model = suggestionNotice({ available: true, source: 'model', reason: 'Matched to 4 annotated images with run-1 · step 5 (teacher).', points: [point, point] }, 2);
    expect(model).toBe(
      '2 suggestions from the model (patch-feature correspondence with the project checkpoint). Matched to 4 annotated images with run-1 · step 5 (teacher). Enter accepts all; drag one to accept it there; Esc dismisses.',
    );
    const atlas = suggestionNotice({ available: true, source: 'atlas', reason: 'Mean position over 3 annotated images (atlas prior).', points: [{ ...point, source: 'atlas' }] }, 1);
    expect(atlas).toMatch(/^1 suggestion from the atlas prior \(mean landmark positions; model suggestions need a pretraining run with a checkpoint in this project\)\. Mean position over 3/);
  });

  it('says why there are none, or that nothing is left to suggest', () => {
    expect(suggestionNotice({ available: false, source: null, reason: 'No other image has landmarks.', points: [] }, 0)).toBe('No suggestions: No other image has landmarks.');
    expect(suggestionNotice({ available: true, source: 'atlas', reason: 'r', points: [point] }, 0)).toBe('Every landmark is already placed or absent; nothing to suggest.');
  });
});
