import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImageBytes } from '../../../app/imaging/decode';
import { renderDisplay } from '../../../app/imaging/pixels/render';
import type { DecodedImage } from '../../../app/imaging/types';

const W = 4;
const H = 2;

async function decoded(bytes: Buffer): Promise<DecodedImage> {
  const r = await decodeImageBytes(bytes, 'x.png');
  if (r.kind !== 'image') throw new Error(r.reason);
  return r;
}

describe('raster decoding via sharp', () => {
  it('8-bit gray PNG: values unchanged, identity display', async () => {
    const gray = Uint8Array.of(0, 50, 100, 150, 200, 250, 255, 1);
    // sharp writes RGB unless told the output is gray
    const png = await sharp(gray, { raw: { width: W, height: H, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(png).metadata()).channels).toBe(1);
    const img = await decoded(png);
    expect(img.frames[0]).toBeInstanceOf(Uint8Array);
    expect(Array.from(img.frames[0]!)).toEqual(Array.from(gray));
    expect(img.metadata).toMatchObject({ format: 'png', photometric: 'MONOCHROME2', sourceBitDepth: 8 });
    expect(Array.from(renderDisplay(img))).toEqual(Array.from(gray));
  });

  it('16-bit gray PNG keeps all 16 bits', async () => {
    const gray = Uint16Array.from({ length: W * H }, (_, i) => i * 8000 + 7);
    const png = await sharp(gray, { raw: { width: W, height: H, channels: 1 } }).toColourspace('grey16').png().toBuffer();
    const img = await decoded(png);
    expect(img.frames[0]).toBeInstanceOf(Uint16Array);
    expect(Array.from(img.frames[0]!)).toEqual(Array.from(gray));
    expect(img.pixel.bitsStored).toBe(16);
    expect(renderDisplay(img)[W * H - 1]).toBe(Math.round((56007 / 65535) * 255));
  });

  it('RGB and RGBA PNG → BT.601 luma', async () => {
    const rgb = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 10, 20, 30, 0, 0, 0, 9, 9, 9, 100, 100, 100);
    const expected = [76, 150, 29, 255, Math.round(0.299 * 10 + 0.587 * 20 + 0.114 * 30), 0, 9, 100];
    const png = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
    expect(Array.from((await decoded(png)).frames[0]!)).toEqual(expected);
    const rgba = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).ensureAlpha().png().toBuffer();
    const img = await decoded(rgba);
    expect(Array.from(img.frames[0]!)).toEqual(expected);
    expect(img.metadata.photometric).toBe('RGBA');
  });

  it('16-bit RGB PNG → 16-bit luma', async () => {
    const rgb = Uint16Array.from({ length: W * H * 3 }, (_, i) => (i % 3 === 1 ? 60000 : 1000));
    const png = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
    const img = await decoded(png);
    expect(img.frames[0]).toBeInstanceOf(Uint16Array);
    expect(img.frames[0]![0]).toBe(Math.round(0.299 * 1000 + 0.587 * 60000 + 0.114 * 1000));
  });

  it('palette PNG → gray of the palette colours', async () => {
    const rgb = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 10, 10, 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 10, 10);
    const png = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).png({ palette: true, colours: 4, dither: 0 }).toBuffer();
    const img = await decoded(png);
    expect(img.metadata.photometric).toBe('PALETTE');
    expect(Array.from(img.frames[0]!)).toEqual([76, 150, 29, 10, 76, 150, 29, 10]);
  });

  it('JPEG and TIFF decode to the same shape', async () => {
    const gray = new Uint8Array(64 * 64).fill(128);
    const jpg = await sharp(gray, { raw: { width: 64, height: 64, channels: 1 } }).jpeg({ quality: 95 }).toBuffer();
    const tif = await sharp(gray, { raw: { width: 64, height: 64, channels: 1 } }).tiff().toBuffer();
    for (const [bytes, format] of [[jpg, 'jpeg'], [tif, 'tiff']] as const) {
      const img = await decoded(bytes);
      expect(img.metadata.format).toBe(format);
      expect([img.width, img.height]).toEqual([64, 64]);
      expect(Math.abs(img.frames[0]![100]! - 128)).toBeLessThanOrEqual(1);
    }
  });

  it('rejects a truncated PNG with a specific error', async () => {
    const png = await sharp(new Uint8Array(64 * 64).fill(3), { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer();
    await expect(decodeImageBytes(png.subarray(0, 40), 'cut.png')).rejects.toThrow(/^cut\.png: PNG/);
  });
});
