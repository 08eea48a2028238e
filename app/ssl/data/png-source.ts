import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Plane } from '../geometry/image';
import type { ImageSource } from './source';

/**
 * PNG files (the app's preprocessed cache: 8- or 16-bit grey) decoded and resized by sharp. The grey
 * colourspace must be named: without 'grey16' sharp would pass 16-bit PNGs through sRGB at 8 bits.
 */
export function pngSource(files: readonly string[]): ImageSource {
  return {
    size: files.length,
    async read(index, side) {
      const file = files[index];
      if (!file) throw new RangeError(`image ${index} of ${files.length}`);
      const sixteen = (await sharp(file).metadata()).depth === 'ushort';
      const resized = sharp(file).resize(side, side, { fit: 'cover', kernel: 'lanczos3' });
      const { data, info } = await (sixteen ? resized.toColourspace('grey16').raw({ depth: 'ushort' }) : resized.toColourspace('b-w').raw()).toBuffer({ resolveWithObject: true });
      if (info.channels !== 1) throw new Error(`${file}: decoded to ${info.channels} channels, expected grey`);
      // Copied: the buffer's byte offset need not be 2-aligned for a Uint16Array view.
      const samples = sixteen ? new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)) : data;
      const scale = sixteen ? 1 / 257 : 1;
      return { height: info.height, width: info.width, channels: 1, data: Float32Array.from(samples, (v) => v * scale) } satisfies Plane;
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
