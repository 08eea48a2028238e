import type { Plane } from '../../ssl/geometry/image';
import type { VitPreset } from '../../ssl/nn/vit';

/**
 * Dense patch features: the one interface the correspondence, co-segmentation, embedding and report code reads.
 * An image is resized (stretched, no crop) to a square network input of `inputSize` px; token (r, c) covers
 * input pixels [r·stride, r·stride + patch) × [c·stride, c·stride + patch). Positions handed in and out of the
 * analysis are always in the original image frame (x = column, y = row, pixel centres at integer + 0.5 are
 * not assumed: a token centre maps to ((c·stride + patch/2) · width / inputSize, …)).
 */
export const FACETS = ['token', 'key', 'query', 'value'] as const;
export type Facet = (typeof FACETS)[number];

export interface FeatureSettings {
  /** 0-based transformer block; −1 = the last. The pixels baseline ignores it. */
  readonly layer: number;
  readonly facet: Facet;
  /** Side of the square network input in px (a multiple of the stride, ≥ the patch size). */
  readonly inputSize: number;
  /** Token stride in input px; < patch size gives overlapping patches (must divide the patch size). */
  readonly stride: number;
  /** dino-vit-features log-binning (spec §5.1: 17 bins → 17·D per token). */
  readonly logBin: boolean;
}

export interface FeatureMap {
  readonly rows: number;
  readonly cols: number;
  readonly dim: number;
  /** rows·cols·dim, token-major (row-major grid), each token L2-normalised. */
  readonly data: Float32Array;
  readonly patch: number;
  readonly stride: number;
  readonly inputSize: number;
  /** The original image frame positions refer to. */
  readonly imageWidth: number;
  readonly imageHeight: number;
}

/** A grey image for analysis: pixels on the training scale (0–255 floats, 1 channel) at any size. */
export interface AnalysisImage {
  /** Stable identity for the feature cache (content hash of the source, or of the file for outside paths). */
  readonly key: string;
  /** Original frame (landmark coordinates, label-map size). */
  readonly width: number;
  readonly height: number;
  /** Pixels; may be a downscaled working copy (same aspect) of the original frame. */
  load(): Promise<Plane>;
}

export interface ExtractOptions {
  readonly signal?: AbortSignal;
  /** Called after each image with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A model (checkpoint, random init) or a baseline (raw pixels) that turns images into feature maps. */
export interface FeatureExtractor {
  /** Identity for the cache: changes whenever the weights or the way features are made change. */
  readonly id: string;
  /** For people: "run 3 · step 250 (teacher)", "random ViT-T/16 (seed 0)", "raw pixels". */
  readonly label: string;
  readonly patchSize: number;
  /** Number of blocks (0 for pixels). */
  readonly depth: number;
  /** The settings to use when the caller gives none (a sensible default for this extractor). */
  readonly defaults: FeatureSettings;
  /**
   * Inputs are already resized to settings.inputSize² (grey, 0–255 scale). Returns per image the raw token
   * features, rows·cols·D token-major, without log-binning or normalisation (the service applies both).
   */
  extract(inputs: readonly Plane[], settings: FeatureSettings, signal?: AbortSignal): Promise<Float32Array[]>;
  dispose(): void;
}

/** What openExtractor opens: a trained checkpoint, a randomly initialised ViT, or the raw-pixel baseline. */
export type ExtractorSpec =
  | {
      readonly kind: 'checkpoint';
      /** A training run folder (manifest.json) or a .safetensors file. */
      readonly path: string;
      /** Default: the teacher (DINO convention). */
      readonly weights?: 'teacher' | 'student';
    }
  | {
      readonly kind: 'random';
      /** Default: vit-t16 as training configures it (1 channel, 16-px patches at 224). */
      readonly backbone?: VitPreset;
      /** Default 0: the weights a training run with this seed starts from. */
      readonly seed?: number;
      /** A checkpoint (folder or file) whose architecture to copy instead of a preset. */
      readonly like?: string;
    }
  | {
      readonly kind: 'pixels';
      /** Default 16. */
      readonly patch?: number;
    };

/** Dense features for many images through one extractor: batched, log-binned, L2-normalised, cached on disk. */
export interface FeatureService {
  features(extractor: FeatureExtractor, images: readonly AnalysisImage[], settings: FeatureSettings, options?: ExtractOptions): Promise<FeatureMap[]>;
}
