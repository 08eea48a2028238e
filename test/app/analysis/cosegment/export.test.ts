import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COSEGMENT_SETTINGS, type CosegmentResult, type SegmentedImage } from '../../../../app/analysis/cosegment/cosegment';
import { LEGEND_FILE, labelFileNames, writeCosegmentation } from '../../../../app/analysis/cosegment/export';
import { partLegend } from '../../../../app/analysis/cosegment/palette';
import { useTempDir } from '../../../helpers/temp-dir';

const tempDir = useTempDir('cxr-coseg-export-');

function image(width: number, height: number, parts: number): SegmentedImage {
  const labels = Uint8Array.from({ length: width * height }, (_, i) => (i * 7) % (parts + 1));
  const counts = new Array<number>(parts + 1).fill(0);
  for (const l of labels) counts[l]!++;
  return { width, height, labels, tokenLabels: new Uint8Array(4), grid: { width, height, labels }, fractions: counts.map((n) => n / labels.length) };
}

const STAGE1 = { k: 4, inertias: [1, 0.5, 0.4, 0.39, 0.385], votes: [2, 2, 0, 1], foreground: [0, 1], sampled: 100, foregroundTokens: 60 };

describe('writeCosegmentation', () => {
  it('writes one 8-bit grey label PNG per image at its source size, and legend.json', async () => {
    const dir = path.join(tempDir(), 'out');
    const result: CosegmentResult = { parts: 3, legend: partLegend(3), images: [image(33, 17, 3), image(20, 41, 3)], timings: { stage2: 1, smoothing: 1 } };
    const written = await writeCosegmentation(dir, result, ['/data/a/JPCLN001.png', 'scans/b.dcm'], {
      settings: DEFAULT_COSEGMENT_SETTINGS,
      stage1: STAGE1,
      source: { model: 'raw pixels', inputSize: 224 },
    });
    expect(written.map((f) => path.basename(f))).toEqual(['JPCLN001.png', 'b.png', LEGEND_FILE]);
    expect(fs.readdirSync(dir).sort()).toEqual(['JPCLN001.png', 'b.png', LEGEND_FILE].sort());
    for (const [i, file] of written.slice(0, 2).entries()) {
      const { data, info } = await sharp(file).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      const expected = result.images[i]!;
      expect([info.width, info.height, info.channels]).toEqual([expected.width, expected.height, 1]);
      expect(await sharp(file).metadata()).toMatchObject({ depth: 'uchar', channels: 1 });
      expect(new Uint8Array(data)).toEqual(expected.labels);
    }
    const legend = JSON.parse(fs.readFileSync(path.join(dir, LEGEND_FILE), 'utf8'));
    expect(legend.parts).toBe(3);
    expect(legend.legend).toEqual([
      { index: 1, name: 'part 1', color: '#ff0000' },
      { index: 2, name: 'part 2', color: '#ffff00' },
      { index: 3, name: 'part 3', color: '#0000ff' },
    ]);
    expect(legend.settings.elbow).toBe(0.975);
    expect(legend.stage1.k).toBe(4);
    expect(legend.source).toEqual({ model: 'raw pixels', inputSize: 224 });
    expect(legend.images[1]).toMatchObject({ name: 'scans/b.dcm', file: 'b.png', width: 20, height: 41 });
    const fractions = Object.values(legend.images[0].fractions) as number[];
    expect(fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('refuses two images with the same stem and a count mismatch', async () => {
    expect(() => labelFileNames(['a/x.png', 'b/X.dcm'])).toThrow(/"a\/x.png" and "b\/X.dcm" would both be written as X.png/);
    const result: CosegmentResult = { parts: 1, legend: partLegend(1), images: [image(4, 4, 1)], timings: { stage2: 1, smoothing: 1 } };
    await expect(writeCosegmentation(tempDir(), result, ['a.png', 'b.png'], { settings: DEFAULT_COSEGMENT_SETTINGS, stage1: STAGE1 })).rejects.toThrow(/2 names for 1 images/);
  });
});
