import type { XY } from '../model/scatter';

/** A landmark evaluation's case shown on a key: where the landmark truly is and where the evaluation put it. */
export interface Reference {
  readonly keyImageId: number;
  readonly landmark: string;
  readonly truth: XY;
  readonly predicted: XY;
  readonly errorPx: number;
}

/** What the Correspondence tab compares: a query image and its clicked point against up to MAX_KEYS key images. */
export interface CorrespondenceSelection {
  readonly queryId: number | undefined;
  readonly keyIds: readonly number[];
  /** Original frame of the query image. */
  readonly point: XY | undefined;
  readonly reference: Reference | undefined;
}

export const MAX_KEYS = 6;
const DEFAULT_KEYS = 4;

/** The first image as query and the next few as keys, so a first click shows matches at once. */
export function initialSelection(imageIds: readonly number[]): CorrespondenceSelection {
  return { queryId: imageIds[0], keyIds: imageIds.slice(1, 1 + DEFAULT_KEYS), point: undefined, reference: undefined };
}

/** A new query drops its point (it belonged to the old image) and stops being a key. */
export function chooseQuery(s: CorrespondenceSelection, id: number): CorrespondenceSelection {
  if (s.queryId === id) return s;
  return { queryId: id, keyIds: s.keyIds.filter((k) => k !== id), point: undefined, reference: undefined };
}

/** Adds or removes a key; the query cannot be its own key, and there are at most MAX_KEYS. */
export function toggleKey(s: CorrespondenceSelection, id: number): CorrespondenceSelection {
  if (id === s.queryId) return s;
  if (s.keyIds.includes(id)) return { ...s, keyIds: s.keyIds.filter((k) => k !== id) };
  return s.keyIds.length < MAX_KEYS ? { ...s, keyIds: [...s.keyIds, id] } : s;
}

/** A clicked point replaces the previous one and any evaluation case on show. */
export function choosePoint(s: CorrespondenceSelection, point: XY): CorrespondenceSelection {
  return { ...s, point, reference: undefined };
}

/** One worst case of a landmark evaluation, opened as a query point against its key. */
export function fromWorstCase(w: { queryImageId: number; keyImageId: number; landmark: string; query: XY; truth: XY; predicted: XY; errorPx: number }): CorrespondenceSelection {
  return {
    queryId: w.queryImageId,
    keyIds: [w.keyImageId],
    point: w.query,
    reference: { keyImageId: w.keyImageId, landmark: w.landmark, truth: w.truth, predicted: w.predicted, errorPx: w.errorPx },
  };
}
