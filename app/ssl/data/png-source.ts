import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { Plane } from '../geometry/image';
import type { ImageSource } from './source';

/**
 * Grey PNGs (the app's preprocessed cache: 8- or 16-bit) as planes on the 0–255 training scale: 16-bit samples
 * / 257, 8-bit as stored. The grey colourspace must be named: without 'grey16' sharp would pass 16-bit PNGs
 * through sRGB at 8 bits.
 */
async function greyPlane(file: string, resize?: (image: Sharp) => Sharp): Promise<Plane> {
  const sixteen = (await sharp(file).metadata()).depth === 'ushort';
  const image = resize ? resize(sharp(file)) : sharp(file);
  const { data, info } = await (sixteen ? image.toColourspace('grey16').raw({ depth: 'ushort' }) : image.toColourspace('b-w').raw()).toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`${file}: decoded to ${info.channels} channels, expected grey`);
  // Copied: the buffer's byte offset need not be 2-aligned for a Uint16Array view.
  const samples = sixteen ? new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)) : data;
  const scale = sixteen ? 1 / 257 : 1;
  // A plain loop: TypedArray.from with a map function is ~20× slower on a megapixel (hundreds of ms).
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! * scale;
  return { height: info.height, width: info.width, channels: 1, data: out };
}

/** A grey PNG at its stored size. */
export const readGreyPng = (file: string): Promise<Plane> => greyPlane(file);

/** Training images: each file centre-cropped to a square and resized to the requested side. */
export function pngSource(files: readonly string[]): ImageSource {
  return {
    size: files.length,
    async read(index, side) {
      const file = files[index];
      if (!file) throw new RangeError(`image ${index} of ${files.length}`);
      return greyPlane(file, (image) => image.resize(side, side, { fit: 'cover', kernel: 'lanczos3' }));
    },
  };
}

/** Every *.png in a folder, sorted by name so the index → file mapping (and thus a seeded run) is stable. */
export function pngFolderSource(dir: string): ImageSource {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.png'))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`no PNG files in ${dir}`);
  return pngSource(files);
}
