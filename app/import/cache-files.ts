import fs from 'node:fs/promises';
import path from 'node:path';
import type { JpegOptions, ResizeOptions } from 'sharp';

/** The preprocessed copy each image gets, chosen per dataset. */
export interface CacheSettings {
  /** Longer side of the working-resolution cache in pixels; smaller images keep their size. */
  readonly longSide: number;
  /** 16: full-range modality values; 8: the file's default display window (VOI), as the user may pick for training. */
  readonly depth: 8 | 16;
  readonly thumbSize: number;
}

export const DEFAULT_CACHE_SETTINGS: CacheSettings = { longSide: 1024, depth: 16, thumbSize: 256 };

/**
 * Cache files are named by content hash and settings, relative to the data folder, so duplicates share them,
 * changed settings never read stale files, and the data folder can move.
 */
export function cacheRelPaths(hash: string, settings: CacheSettings): { cache: string; thumb: string } {
  const dir = path.join('cache', hash.slice(0, 2));
  return {
    cache: path.join(dir, `${hash}.${settings.longSide}px.${settings.depth === 8 ? 'voi8' : 'full16'}.png`),
    thumb: path.join(dir, `${hash}.thumb${settings.thumbSize}.jpg`),
  };
}

/** Both the cache and the thumbnail fit inside a square; nothing is enlarged. */
export function resizeTo(longSide: number): ResizeOptions {
  return { width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' };
}

export const THUMB_JPEG: JpegOptions = { quality: 82 };

/** Absolute path of each file still to be written, or null where it exists already (a duplicate, or a partial earlier import). */
export async function cacheTargets(dataDir: string, rel: { cache: string; thumb: string }) {
  const absent = (file: string) => fs.access(file).then(() => false, () => true);
  const cache = path.join(dataDir, rel.cache);
  const thumb = path.join(dataDir, rel.thumb);
  const [cacheAbsent, thumbAbsent] = await Promise.all([absent(cache), absent(thumb)]);
  return { cache: cacheAbsent ? cache : null, thumb: thumbAbsent ? thumb : null };
}
