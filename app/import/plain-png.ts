import fs from 'node:fs/promises';
import sharp from 'sharp';
import { writeFileAtomic } from '../util/atomic-file';
import { cacheRelPaths, cacheTargets, resizeTo, THUMB_JPEG } from './cache-files';
import type { FileFacts, ProcessRequest, ProcessResult } from './process-file';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Signature and IHDR chunk (length, type, 13 bytes of data, CRC). */
const HEADER_BYTES = 8 + 25;
/**
 * Chunks that cannot change decoded pixels. Any other — tRNS, iCCP, gAMA, sBIT, eXIf (orientation), private ones —
 * sends the file through the full decoder.
 */
const INERT = new Set(['tEXt', 'zTXt', 'iTXt', 'tIME', 'pHYs']);

export interface PlainGrayPng {
  readonly width: number;
  readonly height: number;
  /** The same image with only its signature, IHDR, IDAT and IEND chunks, copied byte for byte. */
  readonly imageChunks: Buffer;
}

/**
 * A non-interlaced 8-bit grayscale PNG whose other chunks cannot change its pixels, else null. Its cache is its own
 * pixels value for value (see cacheDecoded), so its image chunks already are the cache file.
 */
export function plainGrayPng(bytes: Buffer): PlainGrayPng | null {
  if (bytes.length < HEADER_BYTES + 12 || !bytes.subarray(0, 8).equals(SIGNATURE)) return null;
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const [bitDepth, colourType, compression, filter, interlace] = bytes.subarray(24, 29);
  if (width === 0 || height === 0 || bitDepth !== 8 || colourType !== 0 || compression !== 0 || filter !== 0 || interlace !== 0) return null;
  let idatStart = -1;
  let idatEnd = -1;
  for (let offset = HEADER_BYTES; offset + 12 <= bytes.length; ) {
    const end = offset + 12 + bytes.readUInt32BE(offset);
    if (end > bytes.length) return null;
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT') {
      // Split IDATs are one stream only when nothing comes between them.
      if (idatStart >= 0 && idatEnd !== offset) return null;
      if (idatStart < 0) idatStart = offset;
      idatEnd = end;
    } else if (type === 'IEND') {
      if (idatStart < 0 || end !== bytes.length) return null;
      const imageChunks = Buffer.concat([bytes.subarray(0, HEADER_BYTES), bytes.subarray(idatStart, idatEnd), bytes.subarray(offset, end)]);
      return { width, height, imageChunks };
    } else if (!INERT.has(type)) return null;
    offset = end;
  }
  return null;
}

/**
 * The import of a plain gray PNG within the working resolution, with the result decoding it would give (one 8-bit
 * MONOCHROME2 frame with its full-range window, cached value for value) but without decoding it for the cache or
 * encoding that again. Null when its image data does not decode: the full decoder then reports why.
 */
export async function importPlainPng(png: PlainGrayPng, bytes: Buffer, req: ProcessRequest, facts: FileFacts): Promise<ProcessResult | null> {
  const rel = cacheRelPaths(facts.hash, req.settings);
  const { cache, thumb } = await cacheTargets(req.dataDir, rel);
  // The cache is flushed to disk while the thumbnail decodes, and removed again if that finds the data damaged.
  const cacheWritten = cache ? writeFileAtomic(cache, png.imageChunks) : Promise.resolve();
  // Awaited below; a failure before then must not count as an unhandled rejection (which would end the worker).
  cacheWritten.catch(() => {});
  const jpeg = thumb ? await sharp(bytes).resize(resizeTo(req.settings.thumbSize)).jpeg(THUMB_JPEG).toBuffer().catch(() => null) : null;
  if (thumb && !jpeg) {
    await cacheWritten.catch(() => {});
    if (cache) await fs.rm(cache, { force: true });
    return null;
  }
  await Promise.all([cacheWritten, thumb && jpeg && writeFileAtomic(thumb, jpeg)]);
  return {
    ...facts,
    kind: 'image',
    width: png.width,
    height: png.height,
    frameCount: 1,
    metadata: { format: 'png', photometric: 'MONOCHROME2', samplesPerPixel: 1, sourceBitDepth: 8 },
    cachePath: rel.cache,
    thumbPath: rel.thumb,
    cacheMapping: { lo: 0, hi: 255, depth: 8, inverted: false },
    defaultWindow: { center: 127.5, width: 255, source: 'file' },
    warnings: [],
  };
}
