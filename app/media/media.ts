import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ApiError } from '../api/errors';
import { PIXEL_HEADERS, type MediaKind } from '../api/media';
import { imageFiles } from '../datasets/images';
import type { CacheMapping } from '../import/process-file';
import type { Db } from '../store/database';

export interface MediaResponse {
  readonly contentType: string;
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

function resolveInside(dataDir: string, rel: string): string {
  const abs = path.resolve(dataDir, rel);
  if (!abs.startsWith(path.resolve(dataDir) + path.sep)) throw new ApiError('not_found', 'Media path outside the data folder.');
  return abs;
}

async function readCacheFile(dataDir: string, rel: string | null, imageId: number): Promise<string> {
  if (!rel) throw new ApiError('not_found', `Image ${imageId} has no cached pixels (it failed to import or has no image).`);
  const file = resolveInside(dataDir, rel);
  try {
    await fs.access(file);
  } catch {
    throw new ApiError('not_found', `The cache file of image ${imageId} is missing (${file}); re-import the dataset to rebuild it.`);
  }
  return file;
}

/** Thumbnails as stored (JPEG); pixels as raw little-endian samples of the working-resolution cache. */
export async function readMedia(db: Db, dataDir: string, kind: MediaKind, imageId: number): Promise<MediaResponse> {
  const files = imageFiles(db, imageId);
  if (kind === 'thumbnail') {
    const file = await readCacheFile(dataDir, files.thumbPath, imageId);
    return { contentType: 'image/jpeg', body: await fs.readFile(file), headers: { 'Cache-Control': 'private, max-age=3600' } };
  }
  const file = await readCacheFile(dataDir, files.cachePath, imageId);
  const mapping = files.metadata.cacheMapping as CacheMapping | undefined;
  const bits = mapping?.depth ?? 16;
  // Naming the gray colourspace matters: without it sharp passes 16-bit PNGs through sRGB at 8-bit precision.
  const { data, info } = await sharp(file)
    .toColourspace(bits === 16 ? 'grey16' : 'b-w')
    .raw({ depth: bits === 16 ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return {
    contentType: 'application/octet-stream',
    body: data,
    headers: {
      'Cache-Control': 'private, max-age=3600',
      [PIXEL_HEADERS.width]: String(info.width),
      [PIXEL_HEADERS.height]: String(info.height),
      [PIXEL_HEADERS.bits]: String(bits),
      [PIXEL_HEADERS.lo]: String(mapping?.lo ?? 0),
      [PIXEL_HEADERS.hi]: String(mapping?.hi ?? 2 ** bits - 1),
      [PIXEL_HEADERS.inverted]: String(mapping?.inverted ?? false),
    },
  };
}
