import { fail } from '../errors';

/**
 * Colour secondary captures → one gray sample per pixel, since the model and the viewer work on gray radiographs.
 * Luma uses the ITU-R BT.601 weights Y = 0.299 R + 0.587 G + 0.114 B — the same weights DICOM uses to define YBR_FULL
 * (PS3.3 C.7.6.3.1.2), so an RGB image and its YBR_FULL twin give the same gray.
 */
const WR = 0.299;
const WG = 0.587;
const WB = 0.114;

/**
 * `samples` are little-endian, three samples per pixel (interleaved when planar = 0, by plane when 1).
 * `photometric` is what the samples ARE after decompression (codecs that undo YCbCr report RGB).
 */
export function colorToGray(samples: Uint8Array, pixels: number, bytesPerSample: 1 | 2, photometric: string, planar: number): Uint8Array | Uint16Array {
  const src = bytesPerSample === 1 ? samples : new Uint16Array(samples.buffer, samples.byteOffset, samples.byteLength / 2);
  const out = bytesPerSample === 1 ? new Uint8Array(pixels) : new Uint16Array(pixels);
  const max = bytesPerSample === 1 ? 255 : 65535;
  // Offsets of sample k of pixel i: interleaved i*3+k, planar k*pixels+i.
  const step = planar === 1 ? 1 : 3;
  const c1 = planar === 1 ? pixels : 1;
  const c2 = planar === 1 ? 2 * pixels : 2;
  switch (photometric) {
    case 'RGB':
      for (let i = 0, p = 0; i < pixels; i++, p += step) {
        const y = WR * src[p]! + WG * src[p + c1]! + WB * src[p + c2]!;
        out[i] = y > max ? max : Math.round(y);
      }
      return out;
    case 'YBR_FULL':
      // Y already is the BT.601 luma.
      for (let i = 0, p = 0; i < pixels; i++, p += step) out[i] = src[p]!;
      return out;
    case 'YBR_PARTIAL_422':
    case 'YBR_PARTIAL_420':
      // Studio range: Y 16–235 (8-bit) is stretched back to full range.
      for (let i = 0, p = 0; i < pixels; i++, p += step) {
        const y = Math.round(((src[p]! - 16) * 255) / 219);
        out[i] = y < 0 ? 0 : y > 255 ? 255 : y;
      }
      return out;
    default:
      fail(`Photometric Interpretation ${photometric} with 3 samples per pixel is not supported`);
  }
}

/**
 * Uncompressed YBR_FULL_422 (PS3.3 C.7.6.3.1.2): two pixels share one Cb/Cr, stored Y0 Y1 Cb Cr. Only luma is kept.
 * The frame is 2 bytes per pixel, not 3.
 */
export function ybr422ToGray(samples: Uint8Array, pixels: number): Uint8Array {
  if (samples.length < pixels * 2) fail(`YBR_FULL_422 frame holds ${samples.length} bytes, ${pixels * 2} needed`);
  const out = new Uint8Array(pixels);
  for (let i = 0, p = 0; i < pixels; i += 2, p += 4) {
    out[i] = samples[p]!;
    if (i + 1 < pixels) out[i + 1] = samples[p + 1]!;
  }
  return out;
}
