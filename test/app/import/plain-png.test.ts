import sharp, { type PngOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { plainGrayPng } from '../../../app/import/plain-png';
import { chunk, chunksOf, insertAfter } from './png-chunks';

const gradient = (width: number, height: number) => Uint8Array.from({ length: width * height }, (_, i) => (i * 7) % 256);

async function grayPng(width: number, height: number, options: PngOptions = {}): Promise<Buffer> {
  return sharp(gradient(width, height), { raw: { width, height, channels: 1 } }).toColourspace('b-w').png(options).toBuffer();
}

describe('plainGrayPng', () => {
  it('takes an 8-bit gray PNG as IHDR, IDAT and IEND only, which decode to the same pixels', async () => {
    const png = insertAfter(await grayPng(40, 30), 'IHDR', chunk('tEXt', Buffer.from('Comment\0exported by a PACS')));
    const plain = plainGrayPng(png);
    expect(plain).toMatchObject({ width: 40, height: 30 });
    expect(chunksOf(plain!.imageChunks).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const decoded = await sharp(plain!.imageChunks).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect(decoded.info).toMatchObject({ width: 40, height: 30, channels: 1 });
    expect(new Uint8Array(decoded.data)).toEqual(gradient(40, 30));
  });

  it('keeps split IDAT chunks in order', async () => {
    const png = await grayPng(64, 64, { compressionLevel: 0 });
    const parts = chunksOf(png);
    const idat = parts.find((c) => c.type === 'IDAT')!.bytes;
    const data = idat.subarray(8, idat.length - 4);
    const half = data.length >> 1;
    const halves = [chunk('IDAT', data.subarray(0, half)), chunk('IDAT', data.subarray(half))];
    const split = Buffer.concat([png.subarray(0, 8), ...parts.flatMap((c) => (c.type === 'IDAT' ? halves : [c.bytes]))]);
    const plain = plainGrayPng(split);
    expect(chunksOf(plain!.imageChunks).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IDAT', 'IEND']);
    expect(new Uint8Array(await sharp(plain!.imageChunks).toColourspace('b-w').raw().toBuffer())).toEqual(gradient(64, 64));
  });

  it('leaves everything whose pixels the decoder might change, or that is not a whole PNG, to the full decoder', async () => {
    const plain = await grayPng(16, 16);
    const sixteen = await sharp(new Uint16Array(256), { raw: { width: 16, height: 16, channels: 1 } }).toColourspace('grey16').png().toBuffer();
    const rgb = await sharp(Buffer.alloc(16 * 16 * 3, 9), { raw: { width: 16, height: 16, channels: 3 } }).png().toBuffer();
    const refused = {
      sixteen,
      rgb,
      interlaced: await grayPng(16, 16, { progressive: true }),
      transparency: insertAfter(plain, 'IHDR', chunk('tRNS', Buffer.from([0, 0]))),
      gamma: insertAfter(plain, 'IHDR', chunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f]))),
      orientation: insertAfter(plain, 'IHDR', chunk('eXIf', Buffer.from('MM\0*\0\0\0\x08\0\0', 'latin1'))),
      private: insertAfter(plain, 'IHDR', chunk('prVt', Buffer.from('x'))),
      interrupted: insertAfter(insertAfter(plain, 'IDAT', chunk('tEXt', Buffer.from('a\0b'))), 'tEXt', chunk('IDAT')),
      truncated: plain.subarray(0, plain.length - 6),
      trailing: Buffer.concat([plain, Buffer.from('junk')]),
      jpeg: await sharp(Buffer.alloc(256, 9), { raw: { width: 16, height: 16, channels: 1 } }).jpeg().toBuffer(),
    };
    expect(plainGrayPng(plain)).not.toBeNull();
    for (const [name, bytes] of Object.entries(refused)) expect(plainGrayPng(bytes), name).toBeNull();
  });
});
