import type { Window } from '../../ssl/data/resample';
import type { Plane } from '../../ssl/geometry/image';
import type { AnalysisImage, FeatureExtractor } from '../features/types';
import { inputFromWindow, pooledFeatures, pooledSettings } from '../report/pooled-feature';
import { landmarkWindow, PATCH_FRACTION, scaleWindow } from './landmark-window';

export interface LandmarkPoint {
  readonly landmark: string;
  /** Original image frame, px. */
  readonly x: number;
  readonly y: number;
}

export interface LandmarkImage {
  readonly imageId: number;
  readonly image: AnalysisImage;
  readonly points: readonly LandmarkPoint[];
}

export interface PatchEntry {
  readonly imageId: number;
  readonly imageKey: string;
  readonly landmark: string;
  /** Mirrored left–right before embedding (the symmetry view). */
  readonly flipped: boolean;
  readonly point: { readonly x: number; readonly y: number };
  /** The window cut, original frame (clipped at borders), and its side before clipping. */
  readonly window: Window;
  readonly side: number;
}

/** One pooled feature per (image, landmark, flipped?), entries and features in the same order. */
export interface LandmarkFeatures {
  readonly entries: PatchEntry[];
  readonly features: Float32Array[];
}

export interface LandmarkFeatureOptions {
  /** Network input side; the model's training crop (224 for ViT-T/16) by default. */
  readonly inputSize?: number;
  /** Also embed every patch mirrored left–right. */
  readonly mirror?: boolean;
  readonly fraction?: number;
  /** Inputs per extractor call. */
  readonly batch?: number;
  readonly signal?: AbortSignal;
  /** Called after each image with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The network inputs of one image's landmark patches (unmirrored, then mirrored if asked) and what each is. */
async function imagePatches(item: LandmarkImage, inputSize: number, fraction: number, mirror: boolean): Promise<{ entries: PatchEntry[]; inputs: Plane[] }> {
  const { image } = item;
  const entries: PatchEntry[] = [];
  const inputs: Plane[] = [];
  if (item.points.length === 0) return { entries, inputs };
  const img = await image.load();
  const [sx, sy] = [img.width / image.width, img.height / image.height];
  const side = fraction * Math.max(image.width, image.height);
  for (const p of item.points) {
    let window: Window;
    try {
      window = landmarkWindow(p.x, p.y, image.width, image.height, fraction);
    } catch (err) {
      throw new RangeError(`landmark "${p.landmark}" of image ${item.imageId}: ${(err as Error).message}`);
    }
    for (const flipped of mirror ? [false, true] : [false]) {
      inputs.push(await inputFromWindow(img, scaleWindow(window, sx, sy), inputSize, flipped));
      entries.push({ imageId: item.imageId, imageKey: image.key, landmark: p.landmark, flipped, point: { x: p.x, y: p.y }, window, side });
    }
  }
  return { entries, inputs };
}

/**
 * Spec §5.3's landmark patches: a window centred on each annotated landmark (side 448/1024 of the longer side,
 * clipped at borders), stretched to the network input, optionally also mirrored, each embedded as the mean of the
 * extractor's last-block tokens after L2-normalising every token (see pooledFeatures). Images are loaded one at
 * a time.
 */
export async function landmarkPatchFeatures(extractor: FeatureExtractor, images: readonly LandmarkImage[], options: LandmarkFeatureOptions = {}): Promise<LandmarkFeatures> {
  const settings = pooledSettings(extractor, options.inputSize ?? 224);
  const fraction = options.fraction ?? PATCH_FRACTION;
  const entries: PatchEntry[] = [];
  const features: Float32Array[] = [];
  for (const [done, item] of images.entries()) {
    options.signal?.throwIfAborted();
    const patches = await imagePatches(item, settings.inputSize, fraction, options.mirror ?? false);
    entries.push(...patches.entries);
    features.push(...(await pooledFeatures(extractor, patches.inputs, settings, { batch: options.batch, signal: options.signal })));
    options.onProgress?.(done + 1, images.length);
  }
  return { entries, features };
}
