import * as tf from '@tensorflow/tfjs';
import { stackPlanes } from '../../ssl/ace/batch';
import { FEATURES_VERSION, checkInputs, defaultSettings, perImage } from './extractor-helpers';
import { overlappingPatches } from './patches';
import { validateSettings } from './settings';
import type { FeatureExtractor } from './types';

/** Baseline: each token is the patch×patch window of the normalised image, flattened (ky, kx). */
export function pixelsExtractor(patch = 16): FeatureExtractor {
  if (!Number.isInteger(patch) || patch < 1) throw new Error(`pixels baseline: patch ${patch} must be a positive integer`);
  const label = `raw pixels (${patch}-px patches)`;
  return {
    id: `pixels:v${FEATURES_VERSION}:p${patch}`,
    label,
    patchSize: patch,
    depth: 0,
    defaults: defaultSettings(patch, 512),
    async extract(inputs, settings, signal) {
      validateSettings(settings, patch, 0, label);
      checkInputs(inputs, settings, label);
      signal?.throwIfAborted();
      if (inputs.length === 0) return [];
      const rows = tf.tidy(() => overlappingPatches(stackPlanes(inputs, 1), patch, settings.stride).rows);
      return perImage(rows, inputs.length);
    },
    dispose() {},
  };
}
