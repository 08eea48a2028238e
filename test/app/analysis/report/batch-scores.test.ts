import { describe, expect, it } from 'vitest';
import { argmax, decompositionalityHits, retrievalHits } from '../../../../app/analysis/report/batch-scores';

const v = (...x: number[]) => new Float32Array(x);

describe('batch scores', () => {
  it('argmax takes the first of equal scores', () => {
    expect(argmax([0.1, 0.7, 0.7, 0.2])).toBe(1);
  });

  it('retrieval: a crop finds its own image by cosine', () => {
    const whole = [v(1, 0), v(0, 1), v(1, 1)];
    // Crop 0 points at image 0; crop 1 is closest to image 0 (cos 0.95, vs 0.32 to its own image 1): a miss; crop 2 hits.
    const crop = [v(2, 0.1), v(3, 1), v(1, 1.2)];
    expect(retrievalHits({ whole, crop })).toBe(2);
  });

  it('decompositionality: what excising C_j removed must point at C_j among the batch’s crops', () => {
    const whole = [v(1, 1, 0), v(0, 1, 1)];
    const excised = [v(0, 1, 0), v(0, 1, 0)];
    // Removed: image 0 → (1,0,0), image 1 → (0,0,1). Crops: C_0 = (1,0,0.2), C_1 = (0.9,0,0.1).
    // Image 0: cos with C_0 = 0.981, with C_1 = 0.994 → miss. Image 1: cos with C_0 = 0.196, with C_1 = 0.110 → miss.
    expect(decompositionalityHits({ whole, excised, crop: [v(1, 0, 0.2), v(0.9, 0, 0.1)] })).toBe(0);
    expect(decompositionalityHits({ whole, excised, crop: [v(1, 0, 0), v(0, 0, 1)] })).toBe(2);
    expect(() => decompositionalityHits({ whole, excised: [], crop: whole })).toThrow(/excised/);
  });
});
