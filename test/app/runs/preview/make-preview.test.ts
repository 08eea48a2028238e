import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWeights } from '../../../../app/runs/export/checkpoint-backbone';
import { makePreview } from '../../../../app/runs/preview/make-preview';
import { previewFile, readPreview } from '../../../../app/runs/preview/preview-file';
import { stackPlanes } from '../../../../app/ssl/ace/batch';
import type { Plane } from '../../../../app/ssl/geometry/image';
import { l2Normalize } from '../../../../app/ssl/nn/normalize';
import { vitForward } from '../../../../app/ssl/nn/vit';
import { backboneOf } from '../../../../app/ssl/train/methods';
import { disposeTrainState } from '../../../../app/ssl/train/step';
import { useTempDir } from '../../../helpers/temp-dir';
import { useBackend } from '../../ssl/golden';
import { TINY_ACE, tinyCheckpoint } from '../tiny-checkpoint';

const tempDir = useTempDir('cxr-preview-');

/** A 32×32 grey ramp: the tiny backbone's input size. */
const RAMP: Plane = { height: 32, width: 32, channels: 1, data: Float32Array.from({ length: 32 * 32 }, (_, i) => (i % 32) * 8 + Math.floor(i / 32)) };

beforeAll(() => useBackend('cpu'));

describe('the probe preview', () => {
  it('holds the teacher’s L2-normalised patch tokens of the probe, their PCA colours and the probe, and leaks no tensor', () => {
    const dir = tempDir();
    const state = tinyCheckpoint(dir, 8);
    try {
      const before = tf.memory().numTensors;
      const made = makePreview(dir, 'teacher', { file: '/cache/probe.png', plane: RAMP });
      expect(tf.memory().numTensors).toBe(before);
      expect(fs.existsSync(previewFile(dir))).toBe(true);
      const read = readPreview(dir)!;
      expect(read).toMatchObject({ step: 8, weights: 'teacher', probeFile: '/cache/probe.png', rows: 4, cols: 4, dim: 32, inputSize: 32 });
      expect(Array.from(read.tokens)).toEqual(Array.from(made.tokens));
      expect(Array.from(read.probe)).toEqual(Array.from(RAMP.data));
      expect(read.rgb.length).toBe(16 * 3);
      expect(read.rgb.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(read.explained).toHaveLength(3);
      expect(read.ms).toBeGreaterThanOrEqual(0);
      // The same tokens as the teacher's own forward pass.
      const expected = tf.tidy(() => l2Normalize(vitForward(state.teacher, backboneOf(TINY_ACE), stackPlanes([RAMP], 1), {}, 'backbone.').patches).dataSync());
      read.tokens.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
      for (let t = 0; t < 16; t++) expect(Math.hypot(...read.tokens.subarray(t * 32, (t + 1) * 32))).toBeCloseTo(1, 5);
    } finally {
      disposeTrainState(state);
    }
  });

  it('refuses a probe of the wrong size, and previews the student where there is no teacher', () => {
    const dir = tempDir();
    disposeTrainState(tinyCheckpoint(dir));
    expect(() => makePreview(dir, 'teacher', { file: 'x', plane: { ...RAMP, height: 16, width: 16, data: new Float32Array(256) } })).toThrow(/16×16, the backbone takes 32×32/);
    expect(defaultWeights('barlow')).toBe('student');
    expect(defaultWeights('ace')).toBe('teacher');
  });
});
