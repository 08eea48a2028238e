import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { pngFolderSource, pngSource } from '../../../../app/ssl/data/png-source';
import { memorySource } from '../../../../app/ssl/data/source';
import { repoRoot } from '../golden';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssl-png-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('image sources', () => {
  it('reads 8-bit and 16-bit grey PNGs into 0..255 planes at the requested side', async () => {
    const raw8 = { raw: { width: 4, height: 4, channels: 1 as const } };
    await sharp(Buffer.from(Array.from({ length: 16 }, (_, i) => i * 16)), raw8).toColourspace('b-w').png().toFile(path.join(dir, 'a8.png'));
    const sixteen = new Uint16Array(16).fill(65535);
    sixteen[0] = 257 * 10;
    // A Uint16Array input tells sharp the raw samples are 16-bit.
    await sharp(sixteen, raw8)
      .toColourspace('grey16')
      .png()
      .toFile(path.join(dir, 'b16.png'));
    const source = pngFolderSource(dir);
    expect(source.size).toBe(2);
    const a = await source.read(0, 4);
    expect([a.height, a.width, a.channels]).toEqual([4, 4, 1]);
    expect(Array.from(a.data)).toEqual(Array.from({ length: 16 }, (_, i) => i * 16));
    const b = await source.read(1, 4);
    // 16-bit samples keep their precision, scaled by 1/257 onto the 8-bit range.
    expect(b.data[0]).toBeCloseTo(10, 6);
    expect(b.data[1]).toBeCloseTo(255, 6);
    expect((await source.read(0, 2)).data.length).toBe(4);
    await expect(pngSource([]).read(0, 4)).rejects.toThrow(RangeError);
  });

  it('memory source resizes on read only when the side differs', async () => {
    const img = { height: 2, width: 2, channels: 1, data: Float32Array.from([1, 2, 3, 4]) };
    const s = memorySource([img]);
    expect(await s.read(0, 2)).toBe(img);
    expect((await s.read(0, 4)).height).toBe(4);
  });

  const unlabeled = path.resolve(repoRoot, '../shared/data/cxr-unlabeled');
  const present = fs.existsSync(unlabeled);
  if (!present) console.warn(`[ssl data] ${unlabeled} not found: the real-PNG test is SKIPPED`);
  it.skipIf(!present)('reads the shared unlabeled radiographs (8-bit PNG) at 512 px', async () => {
    const source = pngFolderSource(unlabeled);
    expect(source.size).toBeGreaterThan(500);
    const img = await source.read(0, 512);
    expect([img.height, img.width, img.channels]).toEqual([512, 512, 1]);
    const max = img.data.reduce((m, v) => Math.max(m, v), 0);
    expect(max).toBeGreaterThan(100);
    expect(max).toBeLessThanOrEqual(255);
  });
});
