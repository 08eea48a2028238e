import type { Plane } from '../../ssl/geometry/image';
import type { Rng } from '../../ssl/rng';
import type { AnalysisImage } from '../features/types';
import { randomWindow, zeroFill, type Range } from './crops';
import { inputFromWindow, wholeWindow } from './pooled-feature';

/**
 * Network inputs (or their pooled features) of one batch: per image X_j the whole image, the random crop C_j,
 * and X_j with C_j zero-filled. Decompositionality (spec §6.3) and retrieval (§6.4) share X_j and C_j.
 */
export interface BatchViews<T> {
  readonly whole: T[];
  readonly crop: T[];
  readonly excised: T[];
}

/** Loads each image once and cuts its three views; the crop draws come from `rng` in image order. */
export async function batchInputs(images: readonly AnalysisImage[], rng: Rng, inputSize: number, area: Range, signal?: AbortSignal): Promise<BatchViews<Plane>> {
  const views: BatchViews<Plane> = { whole: [], crop: [], excised: [] };
  for (const image of images) {
    signal?.throwIfAborted();
    const img = await image.load();
    const win = randomWindow(rng, img.height, img.width, area);
    views.whole.push(await inputFromWindow(img, wholeWindow(img), inputSize));
    views.crop.push(await inputFromWindow(img, win, inputSize));
    views.excised.push(await inputFromWindow(zeroFill(img, win), wholeWindow(img), inputSize));
  }
  return views;
}
