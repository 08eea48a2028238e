import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../../app/imaging';
import { reductionLevels } from '../../../app/imaging/dicom/codecs/wasm';

const dicom = path.resolve(__dirname, '../../../../shared/data/dicom');

describe('reduced-resolution JPEG 2000 decoding', () => {
  it('skips as many levels as keep the longer side at or above the requested size', () => {
    expect(reductionLevels(2140, 1760, 1024, 5)).toBe(1);
    expect(reductionLevels(2140, 1760, 512, 5)).toBe(2);
    expect(reductionLevels(2140, 1760, 512, 1)).toBe(1);
    expect(reductionLevels(1000, 800, 1024, 5)).toBe(0);
    expect(reductionLevels(2047, 100, 1025, 5)).toBe(0);
    expect(reductionLevels(2050, 100, 1025, 5)).toBe(1);
  });

  describe.skipIf(!fs.existsSync(dicom))('NEMA J2K', () => {
    it('decodes RG2_J2KR at half size when 1024 px suffice, reporting the real size, close to a downsample of the full decode', async () => {
      const file = path.join(dicom, 'RG2_J2KR.dcm');
      const full = await decodeImageFile(file);
      const half = await decodeImageFile(file, { maxLongSide: 1024 });
      if (full.kind !== 'image' || half.kind !== 'image') throw new Error('no image');
      expect([half.width, half.height]).toEqual([Math.ceil(full.width / 2), Math.ceil(full.height / 2)]);
      expect(half.reducedFrom).toEqual({ width: full.width, height: full.height });
      expect(full.reducedFrom).toBeUndefined();
      // The low-pass band of a 5/3 wavelet approximates a 2×2 average: compare on the mean absolute difference.
      const a = full.frames[0]!;
      const b = half.frames[0]!;
      let diff = 0;
      let n = 0;
      for (let y = 0; y + 1 < full.height; y += 2) {
        for (let x = 0; x + 1 < full.width; x += 2) {
          const mean = (a[y * full.width + x]! + a[y * full.width + x + 1]! + a[(y + 1) * full.width + x]! + a[(y + 1) * full.width + x + 1]!) / 4;
          diff += Math.abs(mean - b[(y / 2) * half.width + x / 2]!);
          n++;
        }
      }
      expect(diff / n).toBeLessThan(4);
    });
  });
});

if (!fs.existsSync(dicom)) console.warn(`reduced-resolution NEMA test skipped: ${dicom} is absent`);
