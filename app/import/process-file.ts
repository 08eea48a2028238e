import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { decodeImageBytes, DecodeError, renderDisplay, type DecodedImage, type ImageMetadata, type Voi } from '../imaging';
import { modalityExtent } from '../imaging/pixels/modality';
import { storedRange } from '../imaging/pixels/stored';
import { writeFileAtomic } from '../util/atomic-file';
import { cacheRelPaths, type CacheSettings } from './cache-files';

export interface ProcessRequest {
  readonly file: string;
  readonly dataDir: string;
  readonly settings: CacheSettings;
  readonly patientKeySalt: string;
}

interface FileFacts {
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** How cached values relate to modality values: cache = round((m − lo) / (hi − lo) · (2^depth − 1)), after inversion. */
export interface CacheMapping {
  readonly lo: number;
  readonly hi: number;
  readonly depth: 8 | 16;
  readonly inverted: boolean;
}

export type ProcessResult =
  | (FileFacts & {
      readonly kind: 'image';
      readonly width: number;
      readonly height: number;
      readonly frameCount: number;
      readonly metadata: ImageMetadata;
      readonly cachePath: string;
      readonly thumbPath: string;
      readonly cacheMapping: CacheMapping;
      readonly defaultWindow: { readonly center: number; readonly width: number; readonly source: 'file' | 'data range' };
      readonly warnings: readonly string[];
    })
  | (FileFacts & { readonly kind: 'no_image'; readonly reason: string; readonly metadata: Partial<ImageMetadata> | null })
  | (Partial<FileFacts> & { readonly kind: 'error'; readonly reason: string });

/**
 * Full range for the model: integer data without a modality transform keeps its declared range (an 8-bit PNG is
 * cached value for value); rescaled or LUT data uses the frame's actual modality extent.
 */
function fullRangeWindow(image: DecodedImage): { voi: Voi; mapping: Omit<CacheMapping, 'depth' | 'inverted'> } {
  const { min, max } =
    image.modalityLut.kind === 'identity' ? storedRange(image.pixel) : modalityExtent(image.frames[0]!, image.modalityLut);
  const width = Math.max(max - min, 1);
  return {
    voi: { kind: 'window', center: min + width / 2, width, function: 'LINEAR_EXACT', explanation: 'full range' },
    mapping: { lo: min, hi: min + width },
  };
}

function resizeTo(longSide: number) {
  return { width: longSide, height: longSide, fit: 'inside' as const, withoutEnlargement: true, kernel: 'lanczos3' as const };
}

async function writeCache(image: DecodedImage, req: ProcessRequest, hash: string) {
  const rel = cacheRelPaths(hash, req.settings);
  const raw = { width: image.width, height: image.height, channels: 1 as const };
  const display8 = renderDisplay(image, { outputBits: 8 });
  const lossless8 = image.pixel.bitsStored <= 8 && !image.pixel.signed && image.modalityLut.kind === 'identity';
  const depth: 8 | 16 = req.settings.depth === 8 || lossless8 ? 8 : 16;
  const full = fullRangeWindow(image);
  const frame = image.frames[0]!;
  // 8-bit unsigned data without LUTs or inversion is its own full-range rendering: skip the pass.
  const identity = lossless8 && !image.invert && frame instanceof Uint8Array;
  const pixels = req.settings.depth === 8 ? display8 : identity ? frame : renderDisplay(image, { outputBits: depth, voi: full.voi });
  const cacheAbs = path.join(req.dataDir, rel.cache);
  const thumbAbs = path.join(req.dataDir, rel.thumb);
  const existing = await Promise.all([fs.access(cacheAbs).then(() => true, () => false), fs.access(thumbAbs).then(() => true, () => false)]);
  if (!existing[0]) {
    const png = await sharp(pixels, { raw })
      .resize(resizeTo(req.settings.longSide))
      .toColourspace(depth === 16 ? 'grey16' : 'b-w')
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toBuffer();
    await writeFileAtomic(cacheAbs, png);
  }
  if (!existing[1]) {
    const jpeg = await sharp(display8, { raw }).resize(resizeTo(req.settings.thumbSize)).jpeg({ quality: 82 }).toBuffer();
    await writeFileAtomic(thumbAbs, jpeg);
  }
  const mapping: CacheMapping =
    req.settings.depth === 8 ? { lo: 0, hi: 255, depth: 8, inverted: false } : { ...full.mapping, depth, inverted: image.invert };
  return { cachePath: rel.cache, thumbPath: rel.thumb, mapping };
}

/**
 * The window a viewer opens with, in modality units: the file's own, else the data's actual range — a 12-bit image
 * in a 16-bit PNG would otherwise open nearly black.
 */
function defaultWindowOf(image: DecodedImage): { center: number; width: number; source: 'file' | 'data range' } {
  const first = image.vois[0];
  if (first?.kind === 'window') return { center: first.center, width: first.width, source: 'file' };
  const { min, max } = modalityExtent(image.frames[0]!, image.modalityLut);
  const width = Math.max(max - min, 1);
  return { center: min + width / 2, width, source: 'data range' };
}

/** One file, start to finish: read, hash, decode, write cache and thumbnail. Never throws: failures are results. */
export async function processFile(req: ProcessRequest): Promise<ProcessResult> {
  let bytes: Buffer;
  let facts: FileFacts;
  try {
    const stat = await fs.stat(req.file);
    if (!stat.isFile()) return { kind: 'error', reason: 'not a regular file' };
    if (stat.size === 0) return { kind: 'error', size: 0, mtimeMs: stat.mtimeMs, reason: 'file is empty' };
    bytes = await fs.readFile(req.file);
    facts = { hash: createHash('sha256').update(bytes).digest('hex'), size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (err) {
    return { kind: 'error', reason: `cannot read file: ${(err as Error).message}` };
  }
  try {
    // The cache never needs more than the working resolution, so JPEG 2000 may skip wavelet levels (several times faster).
    const decoded = await decodeImageBytes(bytes, req.file, { patientKeySalt: req.patientKeySalt, maxLongSide: req.settings.longSide });
    if (decoded.kind === 'no_image') return { ...facts, kind: 'no_image', reason: decoded.reason, metadata: decoded.metadata ?? null };
    const cache = await writeCache(decoded, req, facts.hash);
    return {
      ...facts,
      kind: 'image',
      // Always the image's real size: annotations and spacing refer to it, whatever resolution was decoded.
      width: decoded.reducedFrom?.width ?? decoded.width,
      height: decoded.reducedFrom?.height ?? decoded.height,
      frameCount: decoded.frameCount,
      metadata: decoded.metadata,
      cachePath: cache.cachePath,
      thumbPath: cache.thumbPath,
      cacheMapping: cache.mapping,
      defaultWindow: defaultWindowOf(decoded),
      warnings: decoded.warnings,
    };
  } catch (err) {
    const reason = err instanceof DecodeError ? err.reason : `unexpected failure: ${(err as Error).message}`;
    return { ...facts, kind: 'error', reason };
  }
}
