import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';
import { decodeImageFile } from '../../../app/imaging';
import { writeGrayPng } from '../../helpers/images';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-decode-');
const dicom = path.resolve(__dirname, '../../../../shared/data/dicom');

async function readGray16(file: string): Promise<Uint16Array> {
  const { data } = await sharp(file).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  return new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
}

describe('cli decode', () => {
  it('writes stored values of a 16-bit PNG unchanged with --raw', async () => {
    const dir = tempDir();
    const src = path.join(dir, 'in.png');
    const pixels = await writeGrayPng(src, 33, 17, 16, 4);
    const res = await cli(['decode', src, '--out', path.join(dir, 'out.png'), '--raw', '--db', path.join(dir, 'db.sqlite')]);
    expect(res.code, res.err).toBe(0);
    expect(await readGray16(path.join(dir, 'out.png'))).toEqual(pixels);
  });

  it('explains usage errors and files without an image', async () => {
    const dir = tempDir();
    const db = ['--db', path.join(dir, 'db.sqlite')];
    expect((await cli(['decode', 'x.dcm', ...db])).code).toBe(2);
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    const res = await cli(['decode', text, '--out', path.join(dir, 'o.png'), ...db]);
    expect(res.code).toBe(1);
    expect(res.err).toContain(text);
  });

  describe.skipIf(!fs.existsSync(dicom))('NEMA files', () => {
    it('--raw of a lossless file equals the uncompressed file; --display shows MONOCHROME1 bone bright', async () => {
      const dir = tempDir();
      const db = ['--db', path.join(dir, 'db.sqlite')];
      await cli(['decode', path.join(dicom, 'RG3_JLSL.dcm'), '--out', path.join(dir, 'jlsl.png'), '--raw', ...db]);
      const unc = await decodeImageFile(path.join(dicom, 'RG3_UNC.dcm'));
      if (unc.kind !== 'image') throw new Error('RG3_UNC has no image');
      // Compare bytes: a deep equality over 3 million elements is far too slow in the test runner.
      const got = Buffer.from((await readGray16(path.join(dir, 'jlsl.png'))).buffer);
      expect(got.equals(Buffer.from(Uint16Array.from(unc.frames[0]!).buffer))).toBe(true);
      const res = await cli(['decode', path.join(dicom, 'RG3_UNC.dcm'), '--out', path.join(dir, 'display.png'), '--display', ...db]);
      expect(res.out).toMatch(/inverted/);
      const display = await sharp(path.join(dir, 'display.png')).extractChannel(0).raw().toBuffer();
      // Stored 0 (darkest in MONOCHROME1 means brightest) must display brighter than the maximum stored value.
      const stored = unc.frames[0]!;
      let iMin = 0;
      let iMax = 0;
      for (let i = 0; i < stored.length; i++) {
        if (stored[i]! < stored[iMin]!) iMin = i;
        if (stored[i]! > stored[iMax]!) iMax = i;
      }
      expect(display[iMin]!).toBeGreaterThan(display[iMax]!);
    });
  });
});

if (!fs.existsSync(dicom)) console.warn(`NEMA decode CLI test skipped: ${dicom} is absent`);
