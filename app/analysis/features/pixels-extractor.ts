import * as tf from '@tensorflow/tfjs';
import { stackPlanes } from '../../ssl/ace/batch';
import { FEATURES_VERSION, checkInputs, defaultSettings, perImage } from './extractor-helpers';
import { overlappingPatches } from './patches';
import { validateSettings } from './settings';
import type { FeatureExtractor } from './types';

/**
 * Baseline: each token is the patch×patch window of the normalised image, flattened (ky, kx), minus its own mean.
 * Centred, the service's L2 normalisation makes token similarity the normalised cross-correlation of the windows;
 * uncentred, every window of a radiograph shares one large mean component and all cosines sit near 0.99, so a
 * point matches "any lung" (self-matching a JSRT image was ~400 px off, ~1 px centred).
 */
export function pixelsExtractor(patch = 16): FeatureExtractor {
  if (!Number.isInteger(patch) || patch < 1) throw new Error(`pixels baseline: patch ${patch} must be a positive integer`);
  const label = `raw pixels (${patch}-px patches)`;
  return {
    id: `pixels:v${FEATURES_VERSION}:ncc:p${patch}`,
    label,
    patchSize: patch,
    depth: 0,
    defaults: defaultSettings(patch, 512),
    async extract(inputs, settings, signal) {
      validateSettings(settings, patch, 0, label);
      checkInputs(inputs, settings, label);
      signal?.throwIfAborted();
      if (inputs.length === 0) return [];
      const rows = tf.tidy(() => {
        const windows = overlappingPatches(stackPlanes(inputs, 1), patch, settings.stride).rows;
        return tf.sub(windows, tf.mean(windows, 1, true));
      });
      return perImage(rows, inputs.length);
    },
    dispose() {},
  };
}
