import type { Plane } from '../../ssl/geometry/image';
import { cacheFolder, readCachedFeatures, writeCachedFeatures } from './cache';
import { LOG_BINS, logBin } from './log-bin';
import { normaliseRows } from './normalise';
import { resizePlane } from './resize';
import { gridSide, validateSettings } from './settings';
import type { AnalysisImage, ExtractOptions, FeatureExtractor, FeatureMap, FeatureService, FeatureSettings } from './types';

export type { FeatureService } from './types';

export interface FeatureServiceOptions {
  /** Keep raw features on disk here (see cache.ts); none: always extract. */
  readonly cacheDir?: string;
  /** Images per extractor call (default: as many as keep a batch near MAX_BATCH_TOKENS tokens, at least 1). */
  readonly batch?: number;
}

/**
 * Small grids batch well (224 px, 196 tokens: 5 images per call ran ~1.8× faster per image than 1 on wasm);
 * beyond about this many tokens a call's matmuls are big enough and more images only grow the wasm heap.
 */
const MAX_BATCH_TOKENS = 1024;

/**
 * Images → dense feature maps: each image is stretched to the network input, run through the extractor in
 * batches, optionally log-binned, and every token L2-normalised. With a cache folder the raw features of each
 * (extractor, settings, image) are read back instead of recomputed. Progress is reported per image; an abort
 * takes effect between images (AbortError).
 */
export function createFeatureService(opts: FeatureServiceOptions = {}): FeatureService {
  if (opts.batch !== undefined && (!Number.isInteger(opts.batch) || opts.batch < 1)) throw new Error(`feature service: batch ${opts.batch} must be a positive integer`);
  return {
    async features(extractor: FeatureExtractor, images: readonly AnalysisImage[], settings: FeatureSettings, options: ExtractOptions = {}): Promise<FeatureMap[]> {
      const { signal, onProgress } = options;
      validateSettings(settings, extractor.patchSize, extractor.depth, extractor.label);
      const side = gridSide(settings.inputSize, extractor.patchSize, settings.stride);
      const batch = opts.batch ?? Math.max(1, Math.floor(MAX_BATCH_TOKENS / (side * side)));
      const folder = opts.cacheDir === undefined ? null : cacheFolder(opts.cacheDir, extractor, settings);
      const maps: FeatureMap[] = new Array<FeatureMap>(images.length);
      let done = 0;
      const finish = (index: number, raw: Float32Array): void => {
        const image = images[index]!;
        const rawDim = raw.length / (side * side);
        const dim = settings.logBin ? LOG_BINS * rawDim : rawDim;
        maps[index] = {
          rows: side,
          cols: side,
          dim,
          data: normaliseRows(settings.logBin ? logBin(raw, side, side, rawDim) : raw, dim),
          patch: extractor.patchSize,
          stride: settings.stride,
          inputSize: settings.inputSize,
          imageWidth: image.width,
          imageHeight: image.height,
        };
        onProgress?.(++done, images.length);
      };
      let pending: { index: number; input: Plane }[] = [];
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return;
        const raws = await extractor.extract(pending.map((p) => p.input), settings, signal);
        for (const [j, { index }] of pending.entries()) {
          const raw = raws[j]!;
          if (folder) await writeCachedFeatures(folder, images[index]!.key, extractor, settings, { rows: side, cols: side, dim: raw.length / (side * side), data: raw });
          finish(index, raw);
        }
        pending = [];
      };
      for (const [index, image] of images.entries()) {
        signal?.throwIfAborted();
        const cached = folder ? await readCachedFeatures(folder, image.key, { rows: side, cols: side }) : null;
        if (cached) {
          finish(index, cached.data);
          continue;
        }
        pending.push({ index, input: await resizePlane(await image.load(), settings.inputSize) });
        if (pending.length >= batch) {
          signal?.throwIfAborted();
          await flush();
        }
      }
      signal?.throwIfAborted();
      await flush();
      return maps;
    },
  };
}
