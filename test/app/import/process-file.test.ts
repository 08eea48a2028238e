import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings } from '../../../app/import/cache-files';
import { processFile, type ProcessResult } from '../../../app/import/process-file';
import { decodeImageBytes, DecodeError } from '../../../app/imaging';
import { writeGrayPng } from '../../helpers/images';
import { useTempDir } from '../../helpers/temp-dir';
import { chunk, chunksOf, insertAfter } from './png-chunks';

const tempDir = useTempDir('cxr-process-file-');

function run(file: string, dataDir: string, settings: CacheSettings = DEFAULT_CACHE_SETTINGS): Promise<ProcessResult> {
  return processFile({ file, dataDir, settings, patientKeySalt: 'salt' });
}

const cachedPixels = async (dataDir: string, rel: string) => sharp(path.join(dataDir, rel)).toColourspace('b-w').raw().toBuffer();

/** Drops what depends on the bytes rather than on the image: hash, size, mtime and the file names built from the hash. */
function imageFacts(result: ProcessResult) {
  if (result.kind !== 'image') throw new Error(JSON.stringify(result));
  const { hash, size, mtimeMs, cachePath, thumbPath, ...rest } = result;
  return rest;
}

describe('processFile on plain 8-bit gray PNGs', () => {
  for (const depth of [16, 8] as const) {
    it(`gives what the full decoder gives: result, cache pixels and thumbnail (${depth}-bit cache setting)`, async () => {
      const root = tempDir();
      const plain = path.join(root, 'plain.png');
      const pixels = await writeGrayPng(plain, 300, 200, 8, 4);
      // An unknown ancillary chunk changes no pixel but keeps the file off the fast path.
      const decoded = path.join(root, 'decoded.png');
      fs.writeFileSync(decoded, insertAfter(fs.readFileSync(plain), 'IHDR', chunk('prVt', Buffer.from('x'))));
      const settings = { ...DEFAULT_CACHE_SETTINGS, longSide: 300, depth };
      const fast = await run(plain, path.join(root, 'fast'), settings);
      const full = await run(decoded, path.join(root, 'full'), settings);
      expect(imageFacts(fast)).toEqual(imageFacts(full));
      if (fast.kind !== 'image' || full.kind !== 'image') return;
      expect(chunksOf(fs.readFileSync(path.join(root, 'fast', fast.cachePath))).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
      expect(new Uint8Array(await cachedPixels(path.join(root, 'fast'), fast.cachePath))).toEqual(pixels);
      expect(new Uint8Array(await cachedPixels(path.join(root, 'full'), full.cachePath))).toEqual(pixels);
      expect(fs.readFileSync(path.join(root, 'fast', fast.thumbPath)).equals(fs.readFileSync(path.join(root, 'full', full.thumbPath)))).toBe(true);
    });
  }

  it('resizes one larger than the working resolution, through the full decoder', async () => {
    const root = tempDir();
    const file = path.join(root, 'big.png');
    await writeGrayPng(file, 300, 200, 8, 5);
    const result = await run(file, root, { ...DEFAULT_CACHE_SETTINGS, longSide: 128 });
    expect(result).toMatchObject({ kind: 'image', width: 300, height: 200, cacheMapping: { depth: 8 } });
    if (result.kind !== 'image') return;
    expect(await sharp(path.join(root, result.cachePath)).metadata()).toMatchObject({ width: 128, height: 85 });
  });

  it('reports damaged image data as the decoder does and leaves no cache behind', async () => {
    const root = tempDir();
    const file = path.join(root, 'damaged.png');
    await writeGrayPng(file, 64, 64, 8, 6);
    const png = fs.readFileSync(file);
    const parts = chunksOf(png);
    const idat = parts.find((c) => c.type === 'IDAT')!.bytes;
    const cut = chunk('IDAT', idat.subarray(8, 8 + ((idat.length - 12) >> 1)));
    fs.writeFileSync(file, Buffer.concat([png.subarray(0, 8), ...parts.map((c) => (c.type === 'IDAT' ? cut : c.bytes))]));
    const expected = await decodeImageBytes(fs.readFileSync(file), file).then(
      () => null,
      (err: unknown) => (err as DecodeError).reason,
    );
    expect(expected).toMatch(/PNG/);
    const dataDir = path.join(root, 'data');
    expect(await run(file, dataDir)).toMatchObject({ kind: 'error', reason: expected });
    expect(fs.readdirSync(dataDir, { recursive: true }).filter((f) => String(f).endsWith('.png'))).toEqual([]);
  });

  it('writes only the missing file when the same content is already cached', async () => {
    const root = tempDir();
    const file = path.join(root, 'a.png');
    await writeGrayPng(file, 32, 32, 8, 7);
    const first = await run(file, root);
    if (first.kind !== 'image') throw new Error(JSON.stringify(first));
    fs.rmSync(path.join(root, first.cachePath));
    const thumbBefore = fs.statSync(path.join(root, first.thumbPath)).mtimeMs;
    expect(await run(file, root)).toEqual(first);
    expect(fs.existsSync(path.join(root, first.cachePath))).toBe(true);
    expect(fs.statSync(path.join(root, first.thumbPath)).mtimeMs).toBe(thumbBefore);
  });
});
