import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generatePhantom } from '../../../app/phantom/generate';
import { CHEST_LANDMARKS } from '../../../app/phantom/landmarks';
import { generateSampleSet, imageSeed, LANDMARKS_FILE, type SampleSetManifest } from '../../../app/phantom/sample-set';
import { writePhantomPng } from '../../../app/phantom/write-png';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-phantom-');

async function readGray(file: string, bits: 8 | 16): Promise<{ data: Uint8Array | Uint16Array; width: number; height: number }> {
  const meta = await sharp(file).metadata();
  expect(meta.channels).toBe(1);
  expect(meta.depth).toBe(bits === 16 ? 'ushort' : 'uchar');
  const { data, info } = await sharp(file)
    .toColourspace(bits === 16 ? 'grey16' : 'b-w')
    .raw({ depth: bits === 16 ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const copy = Uint8Array.from(data);
  return {
    data: bits === 16 ? new Uint16Array(copy.buffer, 0, copy.byteLength / 2) : copy,
    width: info.width,
    height: info.height,
  };
}

describe('PNG output', () => {
  it('8-bit PNG round trip reads back the exact display pixels', async () => {
    const ph = generatePhantom({ seed: 9, size: 256 });
    const file = path.join(tempDir(), 'p8.png');
    await writePhantomPng(ph, file, 8);
    const back = await readGray(file, 8);
    expect(back.width).toBe(256);
    expect(back.height).toBe(256);
    expect(Buffer.from(back.data).equals(Buffer.from(ph.pixels8))).toBe(true);
  });

  it('16-bit PNG round trip reads back the exact stored values', async () => {
    const ph = generatePhantom({ seed: 9, size: 256 });
    const file = path.join(tempDir(), 'p16.png');
    await writePhantomPng(ph, file, 16);
    const back = await readGray(file, 16);
    expect(back.data).toEqual(ph.pixels16);
    // And with the full 16-bit range.
    const full = generatePhantom({ seed: 9, size: 128, bitsStored: 16 });
    const file2 = path.join(tempDir(), 'p16full.png');
    await writePhantomPng(full, file2, 16);
    expect((await readGray(file2, 16)).data).toEqual(full.pixels16);
  });

  it('writes atomically: no temporary files are left and an existing file is replaced whole', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.png');
    fs.writeFileSync(file, 'old');
    await writePhantomPng(generatePhantom({ seed: 1, size: 64 }), file);
    expect(fs.readdirSync(dir)).toEqual(['x.png']);
    expect((await sharp(file).metadata()).width).toBe(64);
  });
});

describe('generateSampleSet', () => {
  it('writes count PNGs and a landmarks.json, reporting progress', async () => {
    const dir = path.join(tempDir(), 'set');
    const calls: [number, number][] = [];
    const manifest = await generateSampleSet({ count: 4, seed: 77, size: 128, dir, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['landmarks.json', 'phantom-00000.png', 'phantom-00001.png', 'phantom-00002.png', 'phantom-00003.png']);
    const json = JSON.parse(fs.readFileSync(path.join(dir, LANDMARKS_FILE), 'utf8')) as SampleSetManifest;
    expect(json).toEqual(manifest);
    expect(json.images).toHaveLength(4);
    for (const [i, img] of json.images.entries()) {
      expect(img.file).toBe(`phantom-0000${i}.png`);
      expect(img.width).toBe(128);
      expect(img.height).toBe(128);
      expect(Object.keys(img.landmarks)).toEqual(CHEST_LANDMARKS.map((l) => l.id));
      // The JSON landmarks are those of the phantom that was written.
      const ph = generatePhantom({ seed: imageSeed(77, i), size: 128 });
      for (const l of ph.landmarks) expect(img.landmarks[l.name]).toEqual([l.x, l.y]);
      const back = await readGray(path.join(dir, img.file), 8);
      expect(Buffer.from(back.data).equals(Buffer.from(ph.pixels8))).toBe(true);
    }
  });

  it('is reproducible from its seed and supports 16-bit files', async () => {
    const dirA = path.join(tempDir(), 'a');
    const dirB = path.join(tempDir(), 'b');
    const a = await generateSampleSet({ count: 2, seed: 5, size: 96, dir: dirA, bitDepth: 16 });
    const b = await generateSampleSet({ count: 2, seed: 5, size: 96, dir: dirB, bitDepth: 16 });
    expect(a).toEqual(b);
    for (const img of a.images) {
      expect(fs.readFileSync(path.join(dirA, img.file)).equals(fs.readFileSync(path.join(dirB, img.file)))).toBe(true);
      expect((await sharp(path.join(dirA, img.file)).metadata()).depth).toBe('ushort');
    }
  });

  it('stops when aborted and does not write landmarks.json', async () => {
    const dir = path.join(tempDir(), 'abort');
    const ac = new AbortController();
    const run = generateSampleSet({
      count: 50,
      seed: 1,
      size: 64,
      dir,
      signal: ac.signal,
      onProgress: (done) => {
        if (done === 2) ac.abort(new Error('user cancelled'));
      },
    });
    await expect(run).rejects.toThrow('user cancelled');
    expect(fs.existsSync(path.join(dir, LANDMARKS_FILE))).toBe(false);
    const pngs = fs.readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(2);
    expect(pngs.length).toBeLessThan(50);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects at once with an already-aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(generateSampleSet({ count: 1, seed: 1, dir: tempDir(), signal: ac.signal })).rejects.toBeDefined();
  });
});
