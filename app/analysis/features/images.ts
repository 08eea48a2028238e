import os from 'node:os';
import path from 'node:path';
import { getImage, imageFiles } from '../../datasets/images';
import { DEFAULT_CACHE_SETTINGS } from '../../import/cache-files';
import { processFile } from '../../import/process-file';
import { readGreyPng } from '../../ssl/data/png-source';
import type { Db } from '../../store/database';
import type { AnalysisImage } from './types';

/**
 * Images for analysis carry the pixels training sees: the import's working-resolution cache PNG (16-bit full
 * range, or 8-bit when the dataset chose its display window), read as the training source reads it — 16-bit
 * samples / 257, 8-bit as they are — so a model is probed on the intensity scale it learned on. The cache key
 * is the cache file's name: the content hash plus the cache variant, since one file cached at another long side
 * or bit depth gives other pixels.
 */

/** A grey cache PNG at its stored size on the 0–255 scale, converted as the training source converts it. */
export const readCachePlane = readGreyPng;

const cacheKey = (cachePath: string): string => path.basename(cachePath, '.png');

/** Where fileImage keeps its import-style caches (named by content hash, so repeated calls reuse them). */
const FILE_IMAGE_DIR = path.join(os.tmpdir(), 'cxr-analysis-files');

/**
 * A DICOM/PNG/JPEG/TIFF file from disk, not imported: run through the importer's own decode-and-cache step
 * (default dataset settings: long side 1024, 16-bit full range) into `workDir`, then read like datasetImage.
 */
export async function fileImage(file: string, options: { workDir?: string } = {}): Promise<AnalysisImage> {
  const dataDir = options.workDir ?? FILE_IMAGE_DIR;
  const result = await processFile({ file, dataDir, settings: DEFAULT_CACHE_SETTINGS, patientKeySalt: 'analysis' });
  if (result.kind === 'error') throw new Error(`${file}: ${result.reason}`);
  if (result.kind === 'no_image') throw new Error(`${file}: no image (${result.reason})`);
  const cache = path.join(dataDir, result.cachePath);
  return { key: cacheKey(result.cachePath), width: result.width, height: result.height, load: () => readCachePlane(cache) };
}

/** An imported image: its cache file, in the frame of the original image (DB cols × rows). */
export function datasetImage(db: Db, dataDir: string, imageId: number): AnalysisImage {
  const detail = getImage(db, imageId);
  const { cachePath } = imageFiles(db, imageId);
  if (!cachePath || detail.width === null || detail.height === null || detail.contentHash === null) {
    throw new Error(`image ${imageId} (${detail.sourcePath}) has no cached pixels (status ${detail.status}${detail.error ? `: ${detail.error}` : ''})`);
  }
  const file = path.resolve(dataDir, cachePath);
  return {
    key: cacheKey(cachePath),
    width: detail.width,
    height: detail.height,
    load: () =>
      readCachePlane(file).catch((err: Error) => {
        throw new Error(`image ${imageId}: cannot read its cache file ${file} (${err.message}); re-import the dataset to rebuild it`);
      }),
  };
}
