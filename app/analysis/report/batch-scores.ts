import type { BatchViews } from './batch-views';
import { cosine, subtract } from './vectors';

type Features = Pick<BatchViews<Float32Array>, 'whole' | 'crop'>;

/** Index of the largest score; the first one on ties. */
export function argmax(scores: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if ((scores[i] ?? -Infinity) > (scores[best] ?? -Infinity)) best = i;
  return best;
}

/**
 * Spec §6.3: for each j, cos(f(X_j) − f(X_j−excised), f(C_i)) over the batch; a hit when the argmax is i = j.
 * Returns the number of hits.
 */
export function decompositionalityHits(views: BatchViews<Float32Array>): number {
  if (views.excised.length !== views.whole.length) throw new RangeError('decompositionality needs the excised views of every image');
  let hits = 0;
  views.whole.forEach((w, j) => {
    const removed = subtract(w, views.excised[j]!);
    if (argmax(views.crop.map((c) => cosine(removed, c))) === j) hits++;
  });
  return hits;
}

/** Spec §6.4: each crop C_j queries the batch's whole images by cos(f(C_j), f(X_i)); a hit when the top-1 is X_j. */
export function retrievalHits(views: Features): number {
  let hits = 0;
  views.crop.forEach((c, j) => {
    if (argmax(views.whole.map((w) => cosine(c, w))) === j) hits++;
  });
  return hits;
}
