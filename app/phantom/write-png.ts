/**
 * PNG output for phantoms: 8-bit (the display rendering) or 16-bit (the stored values,
 * exactly, e.g. 0..4095 for 12 bits stored) grayscale, written atomically.
 */
import sharp from 'sharp';
import { writeFileAtomic } from '../util/atomic-file';
import type { Phantom } from './generate';

export type PngBitDepth = 8 | 16;

/** Encode a phantom as a grayscale PNG. 16-bit keeps the stored values bit-exact. */
export async function encodePhantomPng(ph: Phantom, bitDepth: PngBitDepth = 8): Promise<Buffer> {
  const raw = { width: ph.width, height: ph.height, channels: 1 as const };
  if (bitDepth === 16) {
    // Naming the colourspace matters: without 'grey16' sharp would reduce to 8 bits.
    return sharp(ph.pixels16, { raw }).toColourspace('grey16').png({ compressionLevel: 6 }).toBuffer();
  }
  return sharp(ph.pixels8, { raw }).toColourspace('b-w').png({ compressionLevel: 6 }).toBuffer();
}

/** Encode and write one phantom as a PNG file, atomically. */
export async function writePhantomPng(ph: Phantom, file: string, bitDepth: PngBitDepth = 8): Promise<void> {
  await writeFileAtomic(file, await encodePhantomPng(ph, bitDepth));
}
