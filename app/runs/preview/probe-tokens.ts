import * as tf from '@tensorflow/tfjs';
import { stackPlanes } from '../../ssl/ace/batch';
import type { Plane } from '../../ssl/geometry/image';
import { l2Normalize } from '../../ssl/nn/normalize';
import type { ParamSpec } from '../../ssl/nn/params';
import { type VitConfig, vitForward } from '../../ssl/nn/vit';
import type { TokenGrid } from './similarity';

/**
 * A backbone's L2-normalised patch tokens for one image (eval mode: no drop path, no gradients). Everything it
 * allocates on the backend, the parameters included, is released before it returns.
 */
export function probeTokens(values: ReadonlyMap<string, Float32Array>, specs: readonly ParamSpec[], vit: VitConfig, image: Plane): TokenGrid {
  if (image.height !== vit.imgSize || image.width !== vit.imgSize) throw new RangeError(`probe image is ${image.height}×${image.width}, the backbone takes ${vit.imgSize}×${vit.imgSize}`);
  const tokens = tf.tidy(() => {
    const params = new Map(specs.map((s) => [s.name, tf.tensor(values.get(s.name) ?? new Float32Array(0), [...s.shape])]));
    const { patches } = vitForward(params, vit, stackPlanes([image], vit.inChans));
    return l2Normalize(patches);
  });
  try {
    const side = vit.imgSize / vit.patchSize;
    return { rows: side, cols: side, dim: vit.embedDim, tokens: tokens.dataSync() as Float32Array };
  } finally {
    tokens.dispose();
  }
}
