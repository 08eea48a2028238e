import sharp from 'sharp';
import { renderDisplay, type DecodedImage, type Voi } from '../imaging';
import { modalityExtent } from '../imaging/pixels/modality';
import { storedRange } from '../imaging/pixels/stored';
import { writeFileAtomic } from '../util/atomic-file';
import { cacheRelPaths, cacheTargets, resizeTo, THUMB_JPEG, type CacheSettings } from './cache-files';
import type { CacheMapping } from './process-file';

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

/** Cache and thumbnail of a decoded image; files already there (same content, same settings) are kept. */
export async function cacheDecoded(image: DecodedImage, dataDir: string, settings: CacheSettings, hash: string) {
  const rel = cacheRelPaths(hash, settings);
  const lossless8 = image.pixel.bitsStored <= 8 && !image.pixel.signed && image.modalityLut.kind === 'identity';
  const depth: 8 | 16 = settings.depth === 8 || lossless8 ? 8 : 16;
  const full = fullRangeWindow(image);
  const mapping: CacheMapping =
    settings.depth === 8 ? { lo: 0, hi: 255, depth: 8, inverted: false } : { ...full.mapping, depth, inverted: image.invert };
  const { cache, thumb } = await cacheTargets(dataDir, rel);
  if (cache || thumb) {
    const raw = { width: image.width, height: image.height, channels: 1 as const };
    const display8 = renderDisplay(image, { outputBits: 8 });
    const frame = image.frames[0]!;
    // 8-bit unsigned data without LUTs or inversion is its own full-range rendering: skip the pass.
    const identity = lossless8 && !image.invert && frame instanceof Uint8Array;
    const pixels = settings.depth === 8 ? display8 : identity ? frame : renderDisplay(image, { outputBits: depth, voi: full.voi });
    // Encoded side by side: sharp runs each on its own thread, and one file's flush overlaps the other's encode.
    await Promise.all([
      cache &&
        sharp(pixels, { raw })
          .resize(resizeTo(settings.longSide))
          .toColourspace(depth === 16 ? 'grey16' : 'b-w')
          .png({ compressionLevel: 1, adaptiveFiltering: false })
          .toBuffer()
          .then((png) => writeFileAtomic(cache, png)),
      thumb &&
        sharp(display8, { raw })
          .resize(resizeTo(settings.thumbSize))
          .jpeg(THUMB_JPEG)
          .toBuffer()
          .then((jpeg) => writeFileAtomic(thumb, jpeg)),
    ]);
  }
  return { cachePath: rel.cache, thumbPath: rel.thumb, mapping };
}
