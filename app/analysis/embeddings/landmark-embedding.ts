import type { FeatureExtractor } from '../features/types';
import { landmarkPatchFeatures, type LandmarkImage } from './landmark-features';
import { project, type Projection, type ProjectionOptions } from './projection';
import { symmetryScore, type PartnerPair, type SymmetryScore } from './symmetry';

export interface EmbeddingPoint {
  /** Normalised map coordinates in [−0.5, 0.5]. */
  readonly x: number;
  readonly y: number;
  readonly landmark: string;
  readonly imageId: number;
  readonly imageKey: string;
  readonly flipped: boolean;
  /** The landmark position and the patch side before border clipping, original frame. */
  readonly patch: { readonly x: number; readonly y: number; readonly size: number };
}

export interface LandmarkEmbedding {
  readonly points: EmbeddingPoint[];
  /** Only with `mirror` and partner pairs. */
  readonly symmetry: SymmetryScore | null;
}

export interface LandmarkEmbeddingOptions {
  readonly projection: Projection;
  /** Add mirrored patches (the symmetry view) and score symmetry over these left/right pairs. */
  readonly mirror?: boolean;
  readonly partners?: readonly PartnerPair[];
  readonly seed?: number;
  readonly inputSize?: number;
  readonly batch?: number;
  readonly tsne?: ProjectionOptions['tsne'];
  readonly umap?: ProjectionOptions['umap'];
  readonly signal?: AbortSignal;
  /** (done, total, stage): images embedded, then projection iterations. */
  readonly onProgress?: (done: number, total: number, stage: 'features' | 'projection') => void;
}

/** Landmark patches of annotated images → pooled features → a 2-D map (spec §5.3), plus the symmetry score. */
export async function landmarkEmbedding(extractor: FeatureExtractor, images: readonly LandmarkImage[], options: LandmarkEmbeddingOptions): Promise<LandmarkEmbedding> {
  const { signal, onProgress } = options;
  const landmarks = await landmarkPatchFeatures(extractor, images, {
    inputSize: options.inputSize,
    mirror: options.mirror,
    batch: options.batch,
    signal,
    onProgress: (done, total) => onProgress?.(done, total, 'features'),
  });
  const map = await project(landmarks.features, options.projection, {
    seed: options.seed,
    signal,
    onProgress: (done, total) => onProgress?.(done, total, 'projection'),
    tsne: options.tsne,
    umap: options.umap,
  });
  const points = landmarks.entries.map((e, i) => ({
    ...map[i]!,
    landmark: e.landmark,
    imageId: e.imageId,
    imageKey: e.imageKey,
    flipped: e.flipped,
    patch: { x: e.point.x, y: e.point.y, size: e.side },
  }));
  const symmetry = options.mirror && options.partners ? symmetryScore(landmarks, options.partners) : null;
  return { points, symmetry };
}
