import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/** A gray PNG with a deterministic gradient + seed pattern, 8- or 16-bit. */
export async function writeGrayPng(file: string, width: number, height: number, bits: 8 | 16, seed: number): Promise<Uint8Array | Uint16Array> {
  const max = bits === 8 ? 255 : 65535;
  const pixels = bits === 8 ? new Uint8Array(width * height) : new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels[y * width + x] = ((x * 7 + y * 13 + seed * 101) * (bits === 8 ? 1 : 211)) % (max + 1);
  }
  const png = await sharp(pixels, { raw: { width, height, channels: 1 } })
    .toColourspace(bits === 16 ? 'grey16' : 'b-w')
    .png()
    .toBuffer();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, png);
  return pixels;
}
