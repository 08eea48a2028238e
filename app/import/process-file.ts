import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { decodeImageBytes, DecodeError, type DecodedImage, type ImageMetadata } from '../imaging';
import { modalityExtent } from '../imaging/pixels/modality';
import type { CacheSettings } from './cache-files';
import { importPlainPng, plainGrayPng } from './plain-png';
import { cacheDecoded } from './render-cache';

export interface ProcessRequest {
  readonly file: string;
  readonly dataDir: string;
  readonly settings: CacheSettings;
  readonly patientKeySalt: string;
}

export interface FileFacts {
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
    // The common export (JSRT style): its image chunks already are the cache, which halves the CPU time per file.
    const plain = plainGrayPng(bytes);
    if (plain && Math.max(plain.width, plain.height) <= req.settings.longSide) {
      const result = await importPlainPng(plain, bytes, req, facts);
      if (result) return result;
    }
    // The cache never needs more than the working resolution, so JPEG 2000 may skip wavelet levels (several times faster).
    const decoded = await decodeImageBytes(bytes, req.file, { patientKeySalt: req.patientKeySalt, maxLongSide: req.settings.longSide });
    if (decoded.kind === 'no_image') return { ...facts, kind: 'no_image', reason: decoded.reason, metadata: decoded.metadata ?? null };
    const cache = await cacheDecoded(decoded, req.dataDir, req.settings, facts.hash);
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
